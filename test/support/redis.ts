// A real redis-server (Debian's, installed by .ci/run) started by the tests themselves on a free loopback
// port, with its own temporary directory and no persistence; nothing assumes a running Redis.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface RedisServer {
  url: string
  port: number
  /** Stops it gracefully and removes its directory. */
  stop(): Promise<void>
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>
  /** Starts it again on the same port (after kill). */
  restart(): Promise<void>
}

const BINARIES = [process.env.REDIS_SERVER, '/usr/bin/redis-server', '/usr/local/bin/redis-server'].filter(
  Boolean,
) as string[]

export async function startRedis(): Promise<RedisServer> {
  const binary = BINARIES.find((path) => existsSync(path))
  if (!binary)
    throw new Error(`No redis-server found (tried ${BINARIES.join(', ')}): .ci/run installs Debian's redis-server.`)
  const dir = mkdtempSync(join(tmpdir(), 'isrkit-redis-'))
  const port = await freePort()
  let child: ChildProcess | undefined
  const launch = async () => {
    child = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    await waitForPort(port)
  }
  const exited = () =>
    new Promise<void>((resolve) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve()
      child.once('exit', () => resolve())
    })
  await launch()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      child?.kill('SIGTERM')
      await exited()
      rmSync(dir, { recursive: true, force: true })
    },
    async kill() {
      child?.kill('SIGKILL')
      await exited()
    },
    restart: launch,
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

/** Redis answers PING once it accepts connections. */
async function waitForPort(port: number): Promise<void> {
  const { Socket } = await import('node:net')
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = new Socket()
      socket.setTimeout(500)
      socket.once('error', () => resolve(false))
      socket.once('timeout', () => {
        socket.destroy()
        resolve(false)
      })
      socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'))
      socket.once('data', (data) => {
        socket.destroy()
        resolve(String(data).startsWith('+PONG'))
      })
    })
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`redis-server did not answer on port ${port}`)
}

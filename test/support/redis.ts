// A real redis-server (Debian's, installed by scripts/system-deps.sh) started by the tests themselves on a
// free loopback port, with its own temporary directory and no persistence; nothing assumes a running Redis.
// Tests that use it carry the `redis` tag (test/support/system.ts).
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { own, signalGroup, spawnGroup, stopGroup } from './processes.ts'
import { requireProgram } from './system.ts'

export interface RedisServer {
  url: string
  port: number
  /** Stops it gracefully and removes its directory. */
  stop(): Promise<void>
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>
  /** Starts it again on the same port (after kill). */
  restart(): Promise<void>
  /** SIGSTOP: connections stay open and nothing answers, as a stalled server would; `resume` undoes it. */
  pause(): void
  resume(): void
}

/** `args`: more redis-server options, e.g. `['--maxmemory', '2mb']`. */
export async function startRedis({ args = [] }: { args?: string[] } = {}): Promise<RedisServer> {
  const binary = requireProgram('redis')
  const dir = mkdtempSync(join(tmpdir(), 'isrkit-redis-'))
  const port = await freePort()
  let child: ChildProcess | undefined
  const launch = async () => {
    child = spawnGroup(
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
        ...args,
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
  const stop = async () => {
    disown()
    if (child) await stopGroup(child)
    rmSync(dir, { recursive: true, force: true })
  }
  const disown = own({ stop, killNow: () => child && signalGroup(child, 'SIGKILL') })
  try {
    await launch()
  } catch (error) {
    await stop()
    throw error
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    async kill() {
      child?.kill('SIGKILL')
      await exited()
    },
    restart: launch,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
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

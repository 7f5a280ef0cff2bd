// A real redis-server (Debian's, installed by scripts/system-deps.sh) started by the tests themselves on a
// free loopback port, with its own temporary directory and no persistence; nothing assumes a running Redis.
// Tests that use it carry the `redis` tag (test/support/system.ts).
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
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

export interface SentinelSetup {
  /** `host:port,…` of the sentinels, as ISR_REDIS_SENTINELS takes them. */
  sentinels: { host: string; port: number }[]
  name: string
  primary: RedisServer
  replica: RedisServer
  stop(): Promise<void>
}

/**
 * A primary, a replica of it and three sentinels watching them (`redis-server --sentinel`), failing over
 * within a couple of seconds of the primary's death.
 */
export async function startSentinels(name = 'isrkit'): Promise<SentinelSetup> {
  const binary = requireProgram('redis')
  const primary = await startRedis()
  const replica = await startRedis({ args: ['--replicaof', '127.0.0.1', String(primary.port)] })
  const sentinels: { host: string; port: number; child: ChildProcess; dir: string }[] = []
  const stop = async () => {
    disown()
    for (const s of sentinels) {
      await stopGroup(s.child)
      rmSync(s.dir, { recursive: true, force: true })
    }
    await Promise.all([replica.stop(), primary.stop()])
  }
  const disown = own({
    stop,
    killNow: () => {
      for (const s of sentinels) signalGroup(s.child, 'SIGKILL')
    },
  })
  for (let i = 0; i < 3; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'isrkit-sentinel-'))
    const port = await freePort()
    const config = [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${name} 127.0.0.1 ${primary.port} 2`,
      `sentinel down-after-milliseconds ${name} 1000`,
      `sentinel failover-timeout ${name} 3000`,
      `sentinel parallel-syncs ${name} 1`,
    ].join('\n')
    const file = join(dir, 'sentinel.conf')
    writeFileSync(file, `${config}\n`)
    const child = spawnGroup(binary, [file, '--sentinel'], { stdio: ['ignore', 'pipe', 'pipe'] })
    sentinels.push({ host: '127.0.0.1', port, child, dir })
    await waitForPort(port)
  }
  return { sentinels: sentinels.map(({ host, port }) => ({ host, port })), name, primary, replica, stop }
}

// A real redis-server (Debian's, installed by scripts/system-deps.sh) started by the tests themselves on a
// free loopback port, with its own temporary directory and no persistence; nothing assumes a running Redis.
// Tests that use it carry the `redis` tag (test/support/system.ts).
import { type ChildProcess, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
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
  let port = await freePort()
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
    await waitForPort(port, child)
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
    for (let attempt = 1; ; attempt++) {
      try {
        await launch()
        break
      } catch (error) {
        // The free port (or a cluster node's bus port, 10000 above it) was taken between freePort() and
        // redis-server's bind, by another test's server or a load generator's connections: another port.
        if (attempt === 3 || !(error instanceof RedisExitedError)) throw error
        // A cluster node may have written its node table, with the old port, before it gave up.
        rmSync(join(dir, 'nodes.conf'), { force: true })
        port = await freePort()
      }
    }
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

class RedisExitedError extends Error {}

/** Redis answers PING once it accepts connections; a server that exits first (it could not bind) fails at once. */
async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const { Socket } = await import('node:net')
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk).slice(-2000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new RedisExitedError(`redis-server on port ${port} exited before answering:\n${output}`)
    }
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
  const primary = await startRedis({ args: SYNC_AT_ONCE })
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
    await waitForPort(port, child)
  }
  await inSync([replica], Date.now() + 20_000)
  return { sentinels: sentinels.map(({ host, port }) => ({ host, port })), name, primary, replica, stop }
}

export interface ClusterSetup {
  nodes: { host: string; port: number }[]
  servers: RedisServer[]
  primaryOf(key: string): RedisServer | undefined
  stop(): Promise<void>
}

/** A replica that has not synced cannot take over: its primary syncs at once rather than after 5 s. */
const SYNC_AT_ONCE = ['--repl-diskless-sync-delay', '0']

/**
 * Ready for a failover: every replica among `servers` in sync with its primary (else the promoted replica
 * starts empty). Primaries are started with `--repl-diskless-sync-delay 0`, or the first sync waits 5 s.
 */
async function inSync(servers: RedisServer[], deadline: number): Promise<void> {
  const cli = join(dirname(requireProgram('redis')), 'redis-cli')
  for (const server of servers) {
    const replication = () =>
      execFileSync(cli, ['-p', String(server.port), 'info', 'replication'], { encoding: 'utf8' })
    for (
      let info = replication();
      info.includes('role:slave') && !info.includes('master_link_status:up');
      info = replication()
    ) {
      if (Date.now() > deadline) throw new Error(`the replica on port ${server.port} did not sync`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}

/**
 * A Redis Cluster of `primaries` primaries with a replica each (`--cluster-enabled`, joined by
 * `redis-cli --cluster create`), ready once every node says `cluster_state:ok`.
 */
export async function startCluster(primaries = 3): Promise<ClusterSetup> {
  const binary = requireProgram('redis')
  const cli = join(dirname(binary), 'redis-cli')
  const servers: RedisServer[] = []
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop()))
  }
  try {
    for (let i = 0; i < primaries * 2; i++) {
      servers.push(
        await startRedis({
          args: [
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            'nodes.conf',
            '--cluster-node-timeout',
            '2000',
            ...SYNC_AT_ONCE,
          ],
        }),
      )
    }
    const addresses = servers.map((server) => `127.0.0.1:${server.port}`)
    execFileSync(cli, ['--cluster', 'create', ...addresses, '--cluster-replicas', '1', '--cluster-yes'], {
      stdio: 'ignore',
      timeout: 30_000,
    })
    const deadline = Date.now() + 20_000
    for (const server of servers) {
      while (
        !execFileSync(cli, ['-p', String(server.port), 'cluster', 'info'], { encoding: 'utf8' }).includes(
          'cluster_state:ok',
        )
      ) {
        if (Date.now() > deadline) throw new Error(`the cluster did not come up on port ${server.port}`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
    await inSync(servers, deadline)
  } catch (error) {
    await stop()
    throw error
  }
  /** The server of the primary that owns `key`'s slot now (a channel's too: sharded pub/sub routes by it). */
  const primaryOf = (key: string) => {
    const ask = (...args: string[]) =>
      execFileSync(cli, ['-p', String(servers[0]?.port), ...args], { encoding: 'utf8' }).trim()
    const slot = Number(ask('cluster', 'keyslot', key))
    for (const line of ask('cluster', 'nodes').split('\n')) {
      const [, address, flags, , , , , , ...ranges] = line.split(' ')
      if (!flags?.includes('master') || flags.includes('fail')) continue
      const owns = ranges.some((range) => {
        const [from, to = from] = range.split('-').map(Number)
        return from !== undefined && slot >= from && slot <= (to ?? from)
      })
      const port = Number(address?.split(/[:@]/)[1])
      if (owns) return servers.find((server) => server.port === port)
    }
    throw new Error(`no primary owns the slot of ${key}`)
  }
  return { nodes: servers.map((server) => ({ host: '127.0.0.1', port: server.port })), servers, primaryOf, stop }
}

// Shared pieces of the benchmarks: start a server as a child process on a free loopback port, load it with
// autocannon in another child process, and read the server's own CPU time from /proc, so each figure is per
// request of that server. Servers run on one core and the load generator on the others (see `pinning`), so
// neither takes time from the other.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { processTree } from './proc.mjs'

const LOADER = new URL('./loader.mjs', import.meta.url).pathname

/** The cores this process may run on: /proc's allowed list (a container or taskset may allow fewer than exist). */
function allowedCores() {
  try {
    const list = /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? ''
    const cores = list.split(',').flatMap((range) => {
      const [from, to = from] = range.split('-').map(Number)
      return Array.from({ length: to - from + 1 }, (_, i) => from + i)
    })
    if (cores.length > 0 && cores.every(Number.isInteger)) return cores
  } catch {}
  return Array.from({ length: availableParallelism() }, (_, i) => i)
}

/**
 * Where servers and load generators run. With two cores or more and taskset (util-linux): every server on the
 * last core, the load generator (and this harness, and Redis) on the others. Otherwise nothing is pinned and
 * `note` says why: then the load generator takes time from the server, and req/s moves with other load.
 */
export const pinning = (() => {
  const cores = allowedCores()
  if (cores.length < 2) return { note: 'one core: server and load generator share it (not pinned)' }
  if (spawnSync('taskset', ['--version']).error) return { note: 'taskset not found: nothing pinned' }
  const server = String(cores.at(-1))
  const loader = cores.slice(0, -1).join(',')
  return { server, loader, note: `servers pinned to core ${server}, load generator and harness to ${loader}` }
})()

/** `command args` under taskset on `cores`, or as is when nothing is pinned. */
function pinned(cores, command, args) {
  return cores ? ['taskset', ['--cpu-list', cores, command, ...args]] : [command, args]
}

/** Moves this process (every thread) to the load generator's cores, so what it starts later (Redis) runs there too. */
export function pinHarness() {
  if (!pinning.loader) return
  spawnSync('taskset', ['--all-tasks', '--cpu-list', '--pid', pinning.loader, String(process.pid)], { stdio: 'ignore' })
}

/**
 * Starts `node <args>` in `cwd`, pinned to the server core. Playgrounds get a fresh data and cache directory each
 * time (their ISR_DATA_DIR and ISR_CACHE_DIR), so no run depends on what an earlier one or a developer left there.
 */
export async function startServer(cwd, args, env = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 'isrkit-bench-'))
  // taskset execs node in place, so the child's pid is the server's.
  const [command, argv] = pinned(pinning.server, process.execPath, args)
  const child = spawn(command, argv, {
    cwd,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      ISR_DATA_DIR: join(scratch, 'data'),
      ISR_CACHE_DIR: join(scratch, 'cache'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${args.join(' ')} did not start within 20 s:\n${output}`))
    }, 20_000)
    const onData = (chunk) => {
      output += chunk
      // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal colours are stripped before matching
      const match = /listening on (http:\/\/[^\s/]+)/i.exec(output.replace(/\x1b\[[0-9;]*m/g, ''))
      if (match) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)))
  })
  return {
    url,
    pid: child.pid,
    // A server that forks workers does so while starting: its CPU and memory are the whole tree's.
    pids: processTree(child.pid),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', resolve)
        child.kill('SIGTERM')
      }).then(() => rmSync(scratch, { recursive: true, force: true })),
  }
}

/**
 * One autocannon run against `server`, from a child process pinned to the load generator's cores. `target` is
 * `{ path }`, `{ random: { prefix, count } }` (a random page among `count`) or `{ sequence: prefix }` (a new page
 * each request), with optional `headers`. The run lasts `duration` s, or sends `amount` requests. Gives req/s,
 * p99 ms, the server's CPU µs per request, bytes received per response (headers and body, as autocannon counts
 * them off the socket) and the share of its core the server used.
 */
export async function measure(server, target, { connections = 50, duration = 10, amount } = {}) {
  const spec = { ...target, url: server.url, connections, duration, amount, pids: server.pids }
  const [command, args] = pinned(pinning.loader, process.execPath, [LOADER, JSON.stringify(spec)])
  const result = await new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] })
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
    })
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(output)) : reject(new Error(`load generator exited with ${code}`)),
    )
  })
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${server.url}: ${result.non2xx} non-2xx answers and ${result.errors} errors under load`)
  }
  return {
    rps: result.requests / result.seconds,
    p99: result.p99,
    cpuUs: (result.cpu * 1e6) / result.requests,
    bytes: result.bytes / result.requests,
    busy: (100 * result.cpu) / result.seconds,
  }
}

/** median, min and max of each figure over runs. */
export function summarize(runs) {
  const figures = {}
  for (const key of Object.keys(runs[0])) {
    const values = runs.map((run) => run[key]).sort((a, b) => a - b)
    figures[key] = { median: median(values), min: values[0], max: values.at(-1) }
  }
  return figures
}

function median(sorted) {
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** `runs` measured runs one after another, summarized: for the sections that load one server at a time. */
export async function load(server, target, { runs = 3, ...options } = {}) {
  const results = []
  for (let i = 0; i < runs; i++) results.push(await measure(server, target, options))
  return summarize(results)
}

/** A figure as `median ± half its range over runs`, with `digits` decimals. */
export function spread({ median, min, max }, digits = 0) {
  const number = (n) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
  return `${number(median)} ± ${number((max - min) / 2)}`
}

/** A ratio as `spread` gives it, to three significant digits (0.0376, 0.220, 1.85): small ratios compare too. */
export const ratioSpread = (figure) => spread(figure, Math.max(2, 2 - Math.floor(Math.log10(figure.median))))

/**
 * Checks what the server answers before measuring it, so a table never reports the wrong path: sends `headers`
 * as the load will, and calls `expected(state, cacheStatus, headers)` with x-isr-cache, cache-status and the
 * response's Headers until it returns true. A content-encoding the request did not accept fails at once. Gives
 * the content-encoding of the answer.
 */
export async function expectState(server, path, expected, headers = {}) {
  for (let i = 0; i < 50; i++) {
    const response = await get(`${server.url}${path}`, headers)
    const encoding = response.headers.get('content-encoding') ?? 'identity'
    if (encoding !== 'identity' && !(headers['accept-encoding'] ?? '').includes(encoding)) {
      throw new Error(`${server.url}${path} answered ${encoding}, which the request did not accept`)
    }
    const state = response.headers.get('x-isr-cache')
    const status = response.headers.get('cache-status') ?? ''
    if (expected(state, status, response.headers)) return encoding
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`${server.url}${path} never answered as expected`)
}

/** A GET with exactly these headers (fetch would add accept-encoding), body read and dropped. */
function get(url, headers) {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers, agent: false }, (response) => {
      response.resume()
      response.once('end', () => resolve({ headers: new Headers(response.headers) }))
    })
      .once('error', reject)
      .end()
  })
}

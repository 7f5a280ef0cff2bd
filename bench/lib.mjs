// Shared pieces of the benchmarks: start a server as a child process on a free loopback port, load it with
// autocannon, and read the server's own CPU time from /proc, so each figure is per request of that server.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'

/**
 * Starts `node <args>` in `cwd`. Playgrounds get a fresh data and cache directory each time (their
 * ISR_DATA_DIR and ISR_CACHE_DIR), so no run depends on what an earlier one or a developer left there.
 */
export async function startServer(cwd, args, env = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 'isrkit-bench-'))
  const child = spawn(process.execPath, args, {
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
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', resolve)
        child.kill('SIGTERM')
      }).then(() => rmSync(scratch, { recursive: true, force: true })),
  }
}

/** utime + stime of a process, in seconds (Linux /proc; clock ticks are 100 Hz on every current kernel). */
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/**
 * autocannon `runs` times; the median run by req/s, with the server's CPU µs per request. `path` is a path, or
 * a function giving each request's path; `amount` sends that many requests instead of running `duration` s.
 */
export async function load(server, path, { connections = 50, duration = 10, runs = 3, amount } = {}) {
  const results = []
  const target =
    typeof path === 'function'
      ? { url: server.url, requests: [{ setupRequest: (request) => ({ ...request, path: path() }) }] }
      : { url: `${server.url}${path}` }
  for (let i = 0; i < runs; i++) {
    const before = cpuSeconds(server.pid)
    const result = await autocannon({ ...target, connections, ...(amount ? { amount } : { duration }) })
    const cpu = cpuSeconds(server.pid) - before
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(`${target.url}: ${result.non2xx} non-2xx answers and ${result.errors} errors under load`)
    }
    results.push({ rps: result.requests.average, p99: result.latency.p99, cpuUs: (cpu * 1e6) / result.requests.total })
  }
  results.sort((a, b) => a.rps - b.rps)
  return results[Math.floor(results.length / 2)]
}

/**
 * Checks what the server answers before measuring it, so a table never reports the wrong path: `expected(state,
 * cacheStatus, headers)` gets x-isr-cache, cache-status and the response's Headers, until it returns true.
 */
export async function expectState(server, path, expected) {
  for (let i = 0; i < 50; i++) {
    const response = await fetch(`${server.url}${path}`)
    await response.arrayBuffer()
    const state = response.headers.get('x-isr-cache')
    const status = response.headers.get('cache-status') ?? ''
    if (expected(state, status, response.headers)) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`${server.url}${path} never answered as expected`)
}

// Starts a built playground as a user would (`node <its start file>`), on a loopback port chosen by the
// OS, with its own storage and data directories; stopped by the test, or after its file whatever happens.
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { own, signalGroup, spawnGroup, stopGroup } from './processes.ts'

export interface App {
  url: string
  dir: string
  /** Stops the server; its storage and data directories go too unless `keepDir`. */
  stop(options?: { keepDir?: boolean }): Promise<void>
  output(): string
  /** Sends `signal` to the server alone (not its group), as a process manager stopping it would. */
  signal(signal: NodeJS.Signals): void
  /** How the server process ended, once it has. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

export async function startApp(cwd: string, args: string[], env: Record<string, string> = {}): Promise<App> {
  const dir = mkdtempSync(join(tmpdir(), 'isrkit-app-'))
  const child = spawnGroup(process.execPath, args, {
    cwd,
    env: {
      ...serverEnvironment(),
      HOST: '127.0.0.1',
      PORT: '0',
      ISR_CACHE_DIR: join(dir, 'cache'),
      ISR_DATA_DIR: join(dir, 'data'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const disown = own({ stop: () => stop(), killNow: () => signalGroup(child, 'SIGKILL') })
  const stop = async ({ keepDir = false } = {}) => {
    disown()
    await stopGroup(child)
    if (!keepDir) rmSync(dir, { recursive: true, force: true })
  }
  try {
    const url = await listeningUrl(
      child,
      () => output,
      (chunk) => (output += chunk),
    )
    return { url, dir, output: () => output, stop, exited, signal: (signal) => child.kill(signal) }
  } catch (error) {
    await stop()
    throw error
  }
}

function listeningUrl(child: ChildProcess, output: () => string, append: (chunk: string) => void): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not start within 20 s:\n${output()}`)), 20_000)
    const onData = (chunk: Buffer) => {
      append(String(chunk))
      // Node servers say `listening on <url>`; `astro dev` prints `Local <url>`, `vite dev` `Local: <url>`.
      const match = /(?:listening on|Local:?)\s+(http:\/\/[^\s/]+)/i.exec(stripAnsi(output()))
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`app exited with ${code}:\n${output()}`))
    })
  })
}

/** The test runner's environment without its own markers: with VITEST set, Vite and Astro act as under test. */
export function serverEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const key of Object.keys(env))
    if (key.startsWith('VITEST') || key === 'NODE_ENV' || key === 'TEST') delete env[key]
  return env
}

/** A loopback port free right now, for servers that cannot be told to pick their own (`astro dev`). */
export function freePort(): Promise<number> {
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

/** Terminal colours (some servers colour their output whenever FORCE_COLOR or CI says so). */
function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character is what is matched
  return text.replace(/\x1b\[[0-9;]*m/g, '')
}

// Every process a test starts is owned here until it is stopped, so none outlives its test file, whatever
// the outcome: `stopOwned()` runs after each file (test/support/teardown.ts), and if the worker itself
// exits or is interrupted first, what is still owned is killed on the way out. Servers are spawned in a
// process group of their own so that their children (esbuild, workers) go with them.
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

export interface Owned {
  /** Stops it gracefully (bounded), then forcefully. */
  stop(): Promise<void>
  /** The last resort, synchronous: used while the worker exits. */
  killNow(): void
}

interface Registry {
  owned: Set<Owned>
}

// One registry per worker process, however many test files evaluate this module there.
const KEY = Symbol.for('isrkit.test.processes')
const holder = globalThis as Record<symbol, Registry | undefined>
holder[KEY] ??= installRegistry()
const registry: Registry = holder[KEY]

function installRegistry(): Registry {
  const created: Registry = { owned: new Set() }
  const killAll = () => {
    for (const owned of created.owned) owned.killNow()
    created.owned.clear()
  }
  process.once('exit', killAll)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll()
      // Dies of the signal as it would have, now that nothing it started is left behind.
      process.kill(process.pid, signal)
    })
  }
  return created
}

/** Owns `owned` until the returned function is called (by its own stop). */
export function own(owned: Owned): () => void {
  registry.owned.add(owned)
  return () => registry.owned.delete(owned)
}

/** Stops everything still owned: after each test file, and in the test that proves it. */
export async function stopOwned(): Promise<void> {
  const all = [...registry.owned]
  registry.owned.clear()
  await Promise.allSettled(all.map((owned) => owned.stop()))
}

/** `spawn` in a new process group, so that stopping it stops what it started too. */
export function spawnGroup(command: string, args: string[], options: SpawnOptions): ChildProcess {
  return spawn(command, args, { ...options, detached: true })
}

/** SIGTERM to the group, SIGKILL after `graceMs`; resolves once the leader has exited. */
export async function stopGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (hasExited(child)) return signalGroup(child, 'SIGKILL')
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  signalGroup(child, 'SIGTERM')
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
  // Whatever the leader left behind in its group.
  signalGroup(child, 'SIGKILL')
}

export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // ESRCH: the group is gone.
  }
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null
}

/** Processes whose environment holds `name=value`: what a run started, found even after its parent died. */
export function processesWith(name: string, value: string): number[] {
  const needle = `${name}=${value}\0`
  const found: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    try {
      if (`${readFileSync(`/proc/${entry}/environ`, 'latin1')}\0`.includes(needle)) found.push(Number(entry))
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found
}

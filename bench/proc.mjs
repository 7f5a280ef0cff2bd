// What /proc says about a server's processes: which they are, the CPU time they used, the memory they hold.
// Read by the harness and by the load generator (loader.mjs), which samples CPU time right around its load.
import { readdirSync, readFileSync } from 'node:fs'

/** `pid` and its descendants, from the parent of every process in /proc. */
export function processTree(pid) {
  const children = new Map()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const parent = Number(statFields(entry)[1])
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)])
    } catch {
      // exited while listed
    }
  }
  const tree = [pid]
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []))
  return tree
}

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces): state is [0], ppid [1]. */
function statFields(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  return stat.slice(stat.lastIndexOf(') ') + 2).split(' ')
}

/** utime + stime of these processes, in seconds (clock ticks are 100 Hz on every current kernel). */
export function cpuSeconds(pids) {
  let ticks = 0
  for (const pid of pids) {
    try {
      const fields = statFields(pid)
      ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      // a worker that has exited: its time is gone with it
    }
  }
  return ticks / 100
}

/** Resident memory of these processes, in bytes. */
export function rssBytes(pids) {
  let kb = 0
  for (const pid of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
    } catch {}
  }
  return kb * 1024
}

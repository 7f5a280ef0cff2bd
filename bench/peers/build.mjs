// Builds the peer apps the HTTP bench compares isrkit with (Next.js ISR, Astro's memoryCache(), Nitro's route
// rules), each with its own CLI; skips a peer whose build is newer than its sources and was made by the same
// framework version. `node bench/peers/build.mjs [--force] [name…]`.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const here = import.meta.dirname
const require = createRequire(import.meta.url)
const OUTPUTS = new Set(['node_modules', '.next', '.output', '.nitro', 'dist', '.astro'])
// Sources every peer renders from, besides its own directory.
const SHARED = [
  join(here, 'content.mjs'),
  join(here, '../servers/page.mjs'),
  join(here, '../servers/realistic-page.mjs'),
]

export const PEERS = [
  { name: 'next', packages: ['next', 'react', 'react-dom'], bin: ['next', 'next'], args: ['build'], out: '.next' },
  { name: 'astro-memory', packages: ['astro', '@astrojs/node'], bin: ['astro', 'astro'], args: ['build'], out: 'dist' },
  { name: 'nitro', packages: ['nitropack'], bin: ['nitropack', 'nitropack'], args: ['build'], out: '.output' },
]

function newest(path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let latest = 0
  for (const entry of readdirSync(path)) {
    if (!OUTPUTS.has(entry)) latest = Math.max(latest, newest(join(path, entry)))
  }
  return latest
}

const version = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version

function binPath([pkg, name]) {
  const manifest = require.resolve(`${pkg}/package.json`)
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8'))
  return join(dirname(manifest), typeof bin === 'string' ? bin : bin[name])
}

export function buildPeers({ force = false, only } = {}) {
  for (const peer of PEERS.filter((p) => !only?.length || only.includes(p.name))) {
    const cwd = join(here, peer.name)
    const stampFile = join(cwd, peer.out, '.isrkit-bench-stamp')
    const stamp = peer.packages.map((name) => `${name}@${version(name)}`).join(' ')
    const sources = Math.max(newest(cwd), ...SHARED.map(newest))
    let built
    try {
      built = statSync(stampFile).mtimeMs > sources && readFileSync(stampFile, 'utf8') === stamp
    } catch {
      built = false
    }
    if (built && !force) {
      console.log(`peers: ${peer.name} is up to date (${stamp})`)
      continue
    }
    console.log(`peers: building ${peer.name} (${stamp})`)
    const started = performance.now()
    const result = spawnSync(process.execPath, [binPath(peer.bin), ...peer.args], {
      cwd,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ASTRO_TELEMETRY_DISABLED: '1' },
    })
    if (result.status !== 0) throw new Error(`peers: building ${peer.name} failed (${result.status ?? result.signal})`)
    writeFileSync(stampFile, stamp)
    console.log(`peers: built ${peer.name} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  }
}

if (process.argv[1] === import.meta.filename) {
  const args = process.argv.slice(2)
  buildPeers({ force: args.includes('--force'), only: args.filter((arg) => !arg.startsWith('--')) })
}

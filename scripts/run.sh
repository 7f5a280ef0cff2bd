#!/usr/bin/env bash
# Every root script goes through here, so `npm test` / `npm run demo` work on a machine with an old
# Node and no pnpm: the toolchain is fetched first, dependencies installed when the lockfile changed.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=toolchain.sh
. scripts/toolchain.sh

install() {
  if [ ! -f node_modules/.modules.yaml ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ]; then
    pnpm install --frozen-lockfile
  fi
}

build() {
  # .ci/run builds once before testing; a developer's `pnpm test` builds what it tests.
  [ "${ISRKIT_BUILT:-}" = 1 ] && return 0
  pnpm --filter './packages/*' --workspace-concurrency=2 run build
}
# The end-to-end tests run the playgrounds as users would: built.
build_playgrounds() {
  [ "${ISRKIT_BUILT:-}" = 1 ] && return 0
  pnpm --filter './playground/*' --workspace-concurrency=1 run build
}
# redis-server and chromium, which some tests start: installed as root, else their tests are skipped.
system_deps() { bash scripts/system-deps.sh; }
lint() { pnpm exec biome check --error-on-warnings .; }
typecheck() { pnpm -r --workspace-concurrency=2 run typecheck && pnpm exec tsc -p test; }

task="${1:-}"
shift || true
case "$task" in
  build) install && build ;;
  lint) install && lint ;;
  format) install && pnpm exec biome check --write . ;;
  typecheck) install && typecheck ;;
  test)
    system_deps && install && build && build_playgrounds && lint && typecheck
    pnpm exec vitest run "$@"
    ;;
  demo)
    install && build
    pnpm --filter ./playground/astro run build
    exec node scripts/demo.mjs "$@"
    ;;
  bench)
    system_deps && install && build
    pnpm --filter ./playground/astro --filter ./playground/sveltekit --filter ./playground/vite run build
    node bench/peers/build.mjs
    exec node bench/run.mjs "$@"
    ;;
  *)
    echo "usage: scripts/run.sh build|lint|format|typecheck|test|demo|bench" >&2
    exit 2
    ;;
esac

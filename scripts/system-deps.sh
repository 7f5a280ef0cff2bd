#!/usr/bin/env bash
# The Debian packages the tests start themselves: redis-server (each Redis test starts its own on a free
# loopback port) and chromium (browser tests, driven by playwright-core; `playwright install` is never
# run). As root on a machine with apt-get, installs what is missing; otherwise says what the run will
# skip. In CI (CI=true) anything still missing is an error. The list and that policy are in
# test/support/system.ts, which the tests use to find the programs.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=toolchain.sh
. scripts/toolchain.sh

missing="$(node test/support/system.ts missing)"
if [ -n "$missing" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "isrkit: installing $missing with apt-get (the tests start a real Redis and drive a real Chromium)" >&2
  log="$(mktemp)"
  # shellcheck disable=SC2086 # one word per package
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "isrkit: apt-get could not install $missing" >&2
  fi
  rm -f "$log"
fi
exec node test/support/system.ts report

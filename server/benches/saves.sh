#!/usr/bin/env bash
# Benchmarks answer saves: candidates saving every 5 seconds against the release build
# on the managed primary and replica, then a row-by-row check that nothing was lost.
# Usage: server/benches/saves.sh [candidates] [seconds]   (from the repository root, after `make build`)
set -euo pipefail
candidates=${1:-2000}
duration=${2:-30}
target=${CARGO_TARGET_DIR:-$HOME/.cache/hirevoo/target}
port=3902
base=http://127.0.0.1:$port
data=${TMPDIR:-/tmp}/hirevoo-bench-saves
export HIREVOO_DEMO_PASSWORD="benchmark demo password"

rm -rf "$data"
HIREVOO_SITE_ADDRESS=127.0.0.1:$port HIREVOO_PUBLIC_URL=$base HIREVOO_DATA_DIR=$data RUST_LOG=warn \
  "$target/release/hirevoo-server" serve > "$target/bench-saves-server.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 120); do curl -fs "$base/readyz" > /dev/null && break; sleep 0.5; done
# Bench loads go far past any plan's quotas: every tenant on the unlimited plan.
psql -h "$data/primary-socket" -U postgres -d hirevoo -qAt -c "update tenants set plan = 'enterprise'"
cargo bench -q -p hirevoo-server --bench save_load -- "$base" "$data" "$candidates" "$duration"

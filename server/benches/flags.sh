#!/usr/bin/env bash
# Benchmarks what feature flags cost a page: the signed-in tenant admin's home page under wrk
# (50 connections) with no flags at all, then with 50 flags evaluated on every request
# (overrides, plans, sticky rollouts, prerequisites, kill switches); then the flag evaluation
# and /metrics encoding micro-benchmarks.
# Usage: server/benches/flags.sh [seconds]   (from the repository root after `make build`)
set -euo pipefail
duration=${1:-20}
target=${CARGO_TARGET_DIR:-$HOME/.cache/hirevoo/target}
bin=$target/release/hirevoo-server
port=3906
base=http://127.0.0.1:$port
data=${TMPDIR:-/tmp}/hirevoo-bench-flags
password="benchmark demo password"

rm -rf "$data"
HIREVOO_SITE_ADDRESS=127.0.0.1:$port HIREVOO_PUBLIC_URL=$base HIREVOO_DATA_DIR=$data \
  HIREVOO_DEMO_PASSWORD=$password RUST_LOG=warn "$bin" serve > "$target/bench-flags.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 240); do curl -fs "$base/readyz" > /dev/null && break; sleep 0.5; done
psql_primary() { psql -h "$data/primary-socket" -U postgres -d hirevoo -v ON_ERROR_STOP=1 -qAt "$@"; }

jar=$(mktemp)
action=$(curl -fs "$base/sign-in" | grep -o 'action="/api/sign_in[0-9]*"' | head -1 | cut -d'"' -f2)
curl -fs -o /dev/null -c "$jar" -H "Origin: $base" -H "Accept: application/json" \
  --data-urlencode "email=admin@acme.test" --data-urlencode "password=$password" "$base$action"
cookie=$(awk '$6 == "hirevoo_session" { print "hirevoo_session=" $7 }' "$jar")
[ -n "$cookie" ] || { echo "sign-in failed"; exit 1; }

run() {
  curl -fs -H "Cookie: $cookie" "$base/" | grep -q "Rita Moreno" || { echo "the home page lacks its data"; exit 1; }
  wrk -t2 -c50 -d"${duration}s" --latency -H "Cookie: $cookie" -H "Accept: text/html" "$base/" | grep -E "Requests/sec|Latency|99%"
}

no_flags() { psql_primary -c "delete from feature_flags"; sleep 2; }
fifty_flags() {
  psql_primary <<'SQL'
delete from feature_flags;
insert into feature_flags (key, kind, default_on, killed, tenants_on, tenants_off, plans, rollout_percent, rollout_by, prerequisites)
select 'bench-flag-' || lpad(i::text, 2, '0'),
       (array['release', 'experiment', 'operational', 'permission'])[1 + i % 4],
       i % 3 = 0, i % 17 = 0,
       case when i % 5 = 0 then (select array_agg(gen_random_uuid()) from generate_series(1, 20)) else '{}' end,
       case when i % 7 = 0 then (select array_agg(id) from tenants where slug = 'acme') else '{}' end,
       case when i % 4 = 3 then '{enterprise,growth}'::text[] else '{}' end,
       case when i % 2 = 1 then i * 2 end,
       case when i % 4 = 1 then 'user' else 'tenant' end,
       case when i % 6 = 5 then array['bench-flag-' || lpad((i - 1)::text, 2, '0')] else '{}' end
from generate_series(0, 49) i;
SQL
  sleep 2
}

# Alternated, twice each, so that drift in the machine's load shows as spread, not as a difference.
for round in 1 2; do
  no_flags
  echo "home page, no flags (round $round):"
  run
  fifty_flags
  echo "home page, 50 flags evaluated per request (round $round):"
  run
done

cargo bench -q -p hirevoo-server --bench platform_costs

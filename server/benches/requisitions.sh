#!/usr/bin/env bash
# Benchmarks recruiting on the release build with the managed primary and replica:
#   100,000 requisitions across 50 tenants (Acme holds 20,000), then with wrk at 50 connections
#   the dashboard server function (page 3 of open ones; a search), the /jobs page, and a
#   careers job page; then a bulk operation of 50 and the queue's throughput for no-op jobs.
# Usage: server/benches/requisitions.sh [seconds]   (from the repository root after `make build`)
set -euo pipefail
duration=${1:-15}
target=${CARGO_TARGET_DIR:-$HOME/.cache/hirevoo/target}
bin=$target/release/hirevoo-server
port=3903
base=http://127.0.0.1:$port
data=${TMPDIR:-/tmp}/hirevoo-bench-requisitions
password="benchmark demo password"

rm -rf "$data"
HIREVOO_SITE_ADDRESS=127.0.0.1:$port HIREVOO_PUBLIC_URL=$base HIREVOO_DATA_DIR=$data \
  HIREVOO_DEMO_PASSWORD=$password RUST_LOG=warn "$bin" serve > "$target/bench-requisitions.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 240); do curl -fs "$base/readyz" > /dev/null && break; sleep 0.5; done

psql_primary() { psql -h "$data/primary-socket" -U postgres -d hirevoo -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_primary <<'SQL'
-- Bench loads go far past any plan's quotas: every tenant on the unlimited plan.
update tenants set plan = 'enterprise';
-- 49 more tenants, each with a recruiter; Acme gets 20,000 requisitions, the others 80,000 between them.
insert into tenants (id, name, slug, plan)
select gen_random_uuid(), 'Bench ' || n, 'bench-' || n, 'enterprise' from generate_series(1, 49) n;
with people as (
    insert into users (id, email, display_name)
    select gen_random_uuid(), 'recruiter@' || slug || '.test', 'Recruiter ' || slug from tenants where slug like 'bench-%'
    returning id, email
)
insert into memberships (id, tenant_id, user_id, role)
select gen_random_uuid(), t.id, p.id, 'recruiter' from people p join tenants t on p.email = 'recruiter@' || t.slug || '.test';
with owners as (
    select t.id as tenant_id, m.user_id, case when t.slug = 'acme' then 20000 else 80000 / 49 end as n
    from tenants t join lateral (select user_id from memberships where tenant_id = t.id and role = 'recruiter' limit 1) m on true
)
insert into requisitions (id, tenant_id, title, description, department, location_city, location_country, workplace, status,
                          published, created_by, hiring_manager_id, recruiter_id, created_at, opened_at, view_count)
select gen_random_uuid(), o.tenant_id,
       (array['Senior', 'Staff', 'Junior', 'Lead', 'Principal'])[1 + i % 5] || ' ' ||
       (array['Backend Engineer', 'Data Analyst', 'Product Designer', 'Account Executive', 'Support Engineer', 'Controller'])[1 + i % 6] || ' ' || i,
       'Benchmark requisition', (array['Engineering', 'Data', 'Design', 'Sales', 'Support', 'Finance'])[1 + i % 6],
       (array['Berlin', 'London', 'Bangalore', 'New York', ''])[1 + i % 5], '', (array['on_site', 'hybrid', 'remote'])[1 + i % 3],
       (array['draft', 'open', 'open', 'on_hold', 'closed', 'archived'])[1 + i % 6], i % 2 = 0, o.user_id, o.user_id, o.user_id,
       now() - make_interval(days => i % 400), now() - make_interval(days => i % 300), i % 1000
from owners o cross join lateral generate_series(1, o.n) i;
analyze;
SQL
echo "requisitions: $(psql_primary -c 'select count(*) from requisitions') in $(psql_primary -c 'select count(distinct tenant_id) from requisitions') tenants; Acme: $(psql_primary -c "select count(*) from requisitions r join tenants t on t.id = r.tenant_id where t.slug = 'acme'")"
sleep 3

jar=$(mktemp)
sign_in=$(curl -fs "$base/sign-in" | grep -o 'action="/api/sign_in[0-9]*"' | head -1 | cut -d'"' -f2)
curl -fs -o /dev/null -c "$jar" -H "Origin: $base" -H "Accept: application/json" \
  --data-urlencode "email=recruiter@acme.test" --data-urlencode "password=$password" "$base$sign_in"
cookie=$(awk '$6 == "hirevoo_session" { print "hirevoo_session=" $7 }' "$jar")
[ -n "$cookie" ] || { echo "sign-in failed"; exit 1; }
dashboard=$(curl -fs -H "Cookie: $cookie" "$base/jobs" | grep -o '/api/requisition_dashboard[0-9]*' | head -1 || true)
[ -n "$dashboard" ] || dashboard=$(grep -ao '/api/requisition_dashboard[0-9]*' "$bin" | head -1)

post_lua=$(mktemp --suffix .lua)
run_post() {
  local label=$1 body=$2
  printf 'wrk.method = "POST"\nwrk.body = [[%s]]\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["Accept"] = "application/json"\nwrk.headers["Origin"] = "%s"\nwrk.headers["Cookie"] = "%s"\n' "$body" "$base" "$cookie" > "$post_lua"
  curl -fs -o /dev/null -X POST -H "Content-Type: application/json" -H "Accept: application/json" -H "Origin: $base" -H "Cookie: $cookie" --data "$body" "$base$dashboard" \
    || { echo "$label: the server function refused the request"; exit 1; }
  echo "wrk: $label, 50 connections, ${duration}s"
  wrk -t2 -c50 -d"${duration}s" --latency -s "$post_lua" "$base$dashboard" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
}
run_post "dashboard server function, status=open&page=3" '{"params":{"status":["open"],"page":"3"}}'
run_post "dashboard server function, search 'enginer'" '{"params":{"q":"enginer"}}'

echo "wrk: /jobs?status=open&page=3 page, 50 connections, ${duration}s"
wrk -t2 -c50 -d"${duration}s" --latency -H "Cookie: $cookie" -H "Accept: text/html" "$base/jobs?status=open&page=3" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"

job=$(psql_primary -c "select r.id from requisitions r join tenants t on t.id = r.tenant_id where t.slug = 'acme' and r.status = 'open' and r.published and r.deleted_at is null order by r.created_at desc limit 1")
curl -fs -o /dev/null "$base/careers/acme/jobs/$job" || { echo "the careers job page failed"; exit 1; }
echo "wrk: careers job page, 50 connections, ${duration}s"
wrk -t2 -c50 -d"${duration}s" --latency -H "Accept: text/html" "$base/careers/acme/jobs/$job" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"

# A bulk operation of 50: from the request to the last requisition done, as the server records it.
start_bulk=$(grep -ao '/api/start_bulk_operation[0-9]*' "$bin" | head -1)
ids=$(psql_primary -c "select r.id from requisitions r join tenants t on t.id = r.tenant_id where t.slug = 'acme' and r.status = 'open' and r.deleted_at is null limit 50")
form=(--data-urlencode "operation=set_deadline" --data-urlencode "deadline=2099-12-31")
for id in $ids; do form+=(--data-urlencode "ids[]=$id"); done
curl -fs -o /dev/null -H "Origin: $base" -H "Accept: application/json" -H "Cookie: $cookie" "${form[@]}" "$base$start_bulk"
for _ in $(seq 100); do
  [ "$(psql_primary -c "select status from bulk_operations order by created_at desc limit 1")" = done ] && break
  sleep 0.1
done
echo "bulk operation of 50 (set deadline): $(psql_primary -c "select succeeded || ' done in ' || round(extract(epoch from finished_at - created_at) * 1000) || ' ms' from bulk_operations order by created_at desc limit 1")"

# The queue's own throughput: 20,000 no-op jobs through the server's workers.
psql_primary -c "insert into background_jobs (kind) select 'platform.noop' from generate_series(1, 20000)"
started=$(date +%s.%N)
while [ "$(psql_primary -c "select count(*) from background_jobs where kind = 'platform.noop'")" != 0 ]; do sleep 0.2; done
echo "queue: 20,000 no-op jobs in $(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"

echo "RSS after load: $(awk '/VmRSS/ { printf "%.1f MiB", $2 / 1024 }' /proc/$server/status)"

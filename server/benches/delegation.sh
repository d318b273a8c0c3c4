#!/usr/bin/env bash
# Benchmarks the delegation service's REST API on the release build with the managed primary and
# replica: 300,000 past delegations (with their history) for 100 clients and 60 employees, then
# new delegations created through POST /api/v1/delegations by 20 clients (each shared among its 3
# employees by round-robin, with the daily caps), one connection and then 16; then the list a
# client and an employee read. Plans of the statements a delegation runs, as the app role.
# Usage: server/benches/delegation.sh [seconds]   (from the repository root after `make build`)
set -euo pipefail
duration=${1:-15}
target=${CARGO_TARGET_DIR:-$HOME/.cache/hirevoo/target}
bin=$target/release/hirevoo-server
port=3908
base=http://127.0.0.1:$port
data=${TMPDIR:-/tmp}/hirevoo-bench-delegation
password="benchmark demo password"
plans=$target/bench-delegation-plans.txt

rm -rf "$data"
HIREVOO_SITE_ADDRESS=127.0.0.1:$port HIREVOO_PUBLIC_URL=$base HIREVOO_DATA_DIR=$data \
  HIREVOO_DEMO_PASSWORD=$password RUST_LOG=warn "$bin" serve > "$target/bench-delegation.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 240); do curl -fs "$base/readyz" > /dev/null && break; sleep 0.5; done
psql_primary() { psql -h "$data/primary-socket" -U postgres -d hirevoo -v ON_ERROR_STOP=1 -qAt "$@"; }
seconds_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

started=$(date +%s.%N)
psql_primary <<'SQL'
-- One machine sends every request: the per-address and per-person limits would stop it.
insert into platform_settings (key, value) values ('api_requests_per_address', 1000000), ('api_requests_per_person', 1000000)
on conflict (key) do update set value = excluded.value;
create temporary table bench_people as
with made as (
    insert into users (id, email, display_name, password_hash)
    select gen_random_uuid(), 'bench.' || kind || '.' || i || '@example.com', 'Bench ' || kind || ' ' || i,
           (select password_hash from users where email = 'seeker@example.com')
    from (select 'client' as kind, i from generate_series(1, 100) i union all select 'employee', i from generate_series(1, 60) i) p
    returning id, email)
select id, split_part(email, '.', 2) as kind, split_part(split_part(email, '@', 1), '.', 3)::int as n from made;
insert into seekers (user_id) select id from bench_people where kind = 'client';
insert into delegation_clients (user_id, status, activated_at, payment_status)
select id, 'active', now() - interval '120 days', 'paid' from bench_people where kind = 'client';
insert into delegation_employees (user_id, daily_cap) select id, 1000 from bench_people where kind = 'employee';
-- Each client has 3 employees: clients 1-20 (who delegate during the run) one set, the rest others.
insert into delegation_assignments (id, client_id, employee_id, assigned_at)
select gen_random_uuid(), c.id, e.id, now() - interval '120 days'
from bench_people c join bench_people e on e.kind = 'employee' and e.n in (1 + (3 * (c.n - 1)) % 60, 1 + (3 * (c.n - 1) + 1) % 60, 1 + (3 * (c.n - 1) + 2) % 60)
where c.kind = 'client';
insert into delegation_resume_types (id, client_id, name, storage_key, file_name, file_size)
select gen_random_uuid(), id, 'Backend', 'bench', 'cv.pdf', 1000 from bench_people where kind = 'client';
-- 300,000 past delegations over 120 days, in time order, most of them finished.
alter table delegations disable trigger delegations_given;
with h as (select i, hashint4(i)::bigint + 2147483648 as a from generate_series(1, 300000) i),
shaped as (
    select i, a, now() - interval '120 days' + interval '119 days' * (i::float8 / 300000) as at, 1 + a % 100 as client
    from h)
insert into delegations (id, client_id, employee_id, resume_type_id, job_url, company, title, status, priority, deadline, delegated_at, assigned_at, completed_at, updated_at)
select gen_random_uuid(), c.id, e.id, r.id, 'https://jobs.example.com/' || s.i, 'Company ' || s.a % 5000, 'Engineer ' || s.a % 300,
       case when s.at > now() - interval '2 days' and s.a % 3 = 0 then 'pending' when s.a % 20 = 0 then 'failed' when s.a % 33 = 0 then 'cancelled' else 'completed' end,
       (array['low', 'normal', 'normal', 'high', 'urgent'])[1 + s.a % 5], s.at + interval '3 days', s.at, s.at,
       case when s.a % 20 <> 0 and s.a % 33 <> 0 then s.at + interval '6 hours' end, s.at + interval '6 hours'
from shaped s
join bench_people c on c.kind = 'client' and c.n = s.client
join delegation_resume_types r on r.client_id = c.id
join bench_people e on e.kind = 'employee' and e.n = 1 + (3 * (s.client - 1) + s.a % 3) % 60
order by s.i;
alter table delegations enable trigger delegations_given;
insert into delegation_events (id, delegation_id, at, kind, employee_id)
select gen_random_uuid(), id, delegated_at, 'created', null from delegations where job_url like 'https://jobs.example.com/%'
union all
select gen_random_uuid(), id, delegated_at, 'assigned', employee_id from delegations where job_url like 'https://jobs.example.com/%';
SQL
psql_primary -c 'vacuum analyze delegations, delegation_events, delegation_assignments, delegation_employees, delegation_clients, users'
echo "data: $(psql_primary -c "select count(*) || ' delegations, ' || (select count(*) from delegation_events) || ' events, ' || pg_size_pretty(pg_total_relation_size('delegations') + pg_total_relation_size('delegation_events')) from delegations"); loaded in $(seconds_since "$started") s"
sleep 6 # the live settings reach the server

login() { # email -> access token
  curl -fs -H 'Content-Type: application/json' --data "{\"email\":\"$1\",\"password\":\"$password\"}" "$base/api/v1/auth/login" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}
lua=$(mktemp --suffix .lua)
resume_of() { psql_primary -c "select r.id from delegation_resume_types r join users u on u.id = r.client_id where u.email = '$1'"; }
{
  echo 'local clients = {'
  for n in $(seq 1 20); do
    email="bench.client.$n@example.com"
    printf '  { token = "%s", resume = "%s" },\n' "$(login "$email")" "$(resume_of "$email")"
    # Sign-ins are limited to 20 a minute from one address.
    [ "$n" = 19 ] && sleep 61
  done
  echo '}'
  cat <<LUA
local deadline = "$(date -u -d '+10 days' +%Y-%m-%d)"
local counter = 0
request = function()
  counter = counter + 1
  local client = clients[1 + counter % #clients]
  local body = '{"job_url":"https://load.example.com/' .. counter .. '-' .. math.random(1, 1000000000) .. '","company":"Load Co","title":"Engineer","resume_type_id":"' .. client.resume .. '","priority":"normal","deadline":"' .. deadline .. '"}'
  return wrk.format("POST", "/api/v1/delegations", { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. client.token }, body)
end
LUA
} > "$lua"
curl -fs -o /dev/null -H 'Content-Type: application/json' -H "Authorization: Bearer $(login bench.client.20@example.com)" --data "{\"job_url\":\"https://load.example.com/first\",\"company\":\"Load Co\",\"title\":\"Engineer\",\"resume_type_id\":\"$(resume_of bench.client.20@example.com)\",\"deadline\":\"$(date -u -d '+10 days' +%Y-%m-%d)\"}" "$base/api/v1/delegations" \
  || { echo "a delegation through the API failed"; exit 1; }

ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) sub(/ms$/, "", v); else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.1f", v }'; }
percentile() { awk -v p="$1" '$1 == p { print $2 }'; }
row() { # label, wrk output
  printf '| %s | %s/s | %s / %s / %s%s |\n' "$1" "$(printf '%s' "$2" | awk '/Requests\/sec/ { printf "%.1f", $2 }')" \
    "$(ms "$(printf '%s' "$2" | percentile 50%)")" "$(ms "$(printf '%s' "$2" | percentile 90%)")" "$(ms "$(printf '%s' "$2" | percentile 99%)")" \
    "$(printf '%s' "$2" | awk '/Non-2xx|Socket errors/ { printf "; %s", $0 }')"
}
echo
echo "| POST /api/v1/delegations (with distribution) | created | p50 / p90 / p99 ms |"
echo "|---|---|---|"
before=$(psql_primary -c "select count(*) from delegations")
row "1 connection, ${duration} s" "$(wrk -t1 -c1 -d"${duration}s" --latency -s "$lua" "$base")"
row "16 connections, ${duration} s" "$(wrk -t2 -c16 -d"${duration}s" --latency -s "$lua" "$base")"
after=$(psql_primary -c "select count(*) from delegations")
echo "stored: $((after - before)) new delegations; $(psql_primary -c "select count(*) filter (where employee_id is null) || ' waiting for an employee; given per employee: ' || min(n) || ' to ' || max(n) from (select employee_id, count(*) as n from delegations where job_url like 'https://load.example.com/%' group by employee_id) x, (select count(*) filter (where employee_id is null) from delegations where job_url like 'https://load.example.com/%') w group by w.count" 2>/dev/null || true)"
rm -f "$lua"

# Reads: a client's list and an employee's queue (GET /api/v1/delegations).
client_token=$(login bench.client.1@example.com)
echo
echo "| GET /api/v1/delegations | requests | p50 / p90 / p99 ms |"
echo "|---|---|---|"
row "a client's newest 50, 4 connections" "$(wrk -t1 -c4 -d"${duration}s" --latency -H "Authorization: Bearer $client_token" "$base/api/v1/delegations?limit=50")"
echo "server memory: $(awk '/VmRSS/ { printf "%.1f MiB", $2 / 1024 }' /proc/$server/status)"

# The statements of one delegation and of the lists, as the app role.
client_id=$(psql_primary -c "select id from users where email = 'bench.client.1@example.com'")
employee_id=$(psql_primary -c "select employee_id from delegation_assignments where client_id = '$client_id' limit 1")
psql_primary > "$plans" 2>&1 <<SQL || { echo "the plans failed:"; tail -5 "$plans"; exit 1; }
set role hirevoo_app;
select set_config('app.user_id', '$client_id', false);
\echo == who may be given the next delegation (delegation_candidates), as the client
explain (analyze, buffers) select * from delegation_candidates('$client_id', current_date);
\echo == the newest 50 of a client (repo::list, as the app runs it)
prepare newest(uuid) as with page as materialized (
    select d.id from delegations d where d.client_id = \$1 order by d.delegated_at desc limit 50)
  select d.id, cu.display_name, eu.display_name, r.name, d.status,
         (select c.review from delegation_completions c where c.delegation_id = d.id and c.review <> 'rejected')
  from delegations d join users cu on cu.id = d.client_id join delegation_resume_types r on r.id = d.resume_type_id
  left join users eu on eu.id = d.employee_id where d.id in (select id from page) order by d.delegated_at desc;
explain (analyze, buffers) execute newest('$client_id');
\echo == the counts by status of a client
explain (analyze, buffers) select status, count(*) from delegations d where d.client_id = '$client_id' group by status;
select set_config('app.user_id', '$employee_id', false);
\echo == the queue of an employee, most urgent first
explain (analyze, buffers) select d.id from delegations d where d.employee_id = '$employee_id' and d.status in ('pending', 'in_progress')
order by array_position(array['urgent', 'high', 'normal', 'low'], d.priority), d.deadline limit 200;
SQL
echo "plans: $plans"
grep -E "^==|Execution Time" "$plans"

#!/usr/bin/env bash
# Benchmarks usage analytics on the release build with the managed primary and replica:
#   100,000 seekers and 10,000,000 events over 90 days (page views, searches, clicks, sign-ins,
#   applications; 30 % of them in tenants), then the hourly rollup of all 91 days from scratch
#   (timed), then the dashboard's server function for the platform (the superadmin) and for Acme
#   (its admin) at 30, 90 and 365 days: one client alone (p50, p99), then 10 connections.
# Usage: server/benches/usage.sh [seconds]   (from the repository root after `make build`)
set -euo pipefail
duration=${1:-15}
target=${CARGO_TARGET_DIR:-$HOME/.cache/hirevoo/target}
bin=$target/release/hirevoo-server
port=3907
base=http://127.0.0.1:$port
data=${TMPDIR:-/tmp}/hirevoo-bench-usage
events=${USAGE_EVENTS:-10000000}
password="benchmark demo password"
plans=$target/bench-usage-plans.txt

rm -rf "$data"
HIREVOO_SITE_ADDRESS=127.0.0.1:$port HIREVOO_PUBLIC_URL=$base HIREVOO_DATA_DIR=$data \
  HIREVOO_DEMO_PASSWORD=$password RUST_LOG=warn "$bin" serve > "$target/bench-usage.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 240); do curl -fs "$base/readyz" > /dev/null && break; sleep 0.5; done
psql_primary() { psql -h "$data/primary-socket" -U postgres -d hirevoo -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_read() { if [ -d "$data/replica-socket" ]; then psql -h "$data/replica-socket" -U postgres -d hirevoo -v ON_ERROR_STOP=1 -qAt "$@"; else psql_primary "$@"; fi; }
seconds_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

started=$(date +%s.%N)
psql_primary -v events="$events" <<'SQL'
set maintenance_work_mem = '1GB';
truncate analytics_events, daily_metrics, usage_rollup_days, active_weeks;
drop index analytics_events_at_idx, analytics_events_user_idx;
create temporary table bench_seekers as
with made as (
    insert into users (id, email, display_name, created_at)
    select gen_random_uuid(), 'bench.seeker.' || i || '@example.com', 'Bench Seeker ' || i, now() - make_interval(mins => i % (120 * 1440))
    from generate_series(1, 100000) i
    returning id, created_at)
select row_number() over (order by id) as n, id, created_at from made;
insert into seekers (user_id, email_verified_at, created_at) select id, created_at, created_at from bench_seekers;
create temporary table bench_tenants as select row_number() over (order by id) as n, id from tenants where status = 'active';
-- Each event's choices come from hashes of its number; times rise with it, as they are written.
with h as (
    select i, hashint4(i)::bigint + 2147483648 as a, hashint4(i + 7777777)::bigint + 2147483648 as b
    from generate_series(1, :events) i
),
shaped as (
    select i, a, b,
           now() - interval '90 days' + (interval '90 days' - interval '1 minute') * (i::float8 / :events) as at,
           case when a % 100 < 60 then 'page_view' when a % 100 < 80 then 'search' when a % 100 < 90 then 'search_click'
                when a % 100 < 92 then 'application' else 'sign_in' end as kind,
           1 + (b % 100000) as seeker,
           (b / 100000) % 100 as who
    from h
)
insert into analytics_events (at, kind, tenant_id, user_id, success, path, query, results)
select s.at, s.kind,
       case when s.who < 30 or s.kind = 'application' then t.id end,
       case when s.who < 70 and not (s.kind = 'sign_in' and s.a % 10 = 0) then k.id end,
       not (s.kind = 'sign_in' and s.a % 10 = 0),
       case when s.kind = 'page_view' then (array['/', '/jobs-board', '/jobs-board/{id}', '/jobs', '/candidates', '/jobs/{id}/pipeline', '/profile', '/careers/{slug}'])[1 + s.b % 8] end,
       case when s.kind in ('search', 'search_click') then
           (array['engineer', 'nurse', 'data analyst', 'remote', 'sales', 'teacher', 'warehouse', 'python', 'designer', 'accountant'])[1 + s.a / 100 % 10]
           || case when s.a / 1000 % 4 = 0 then ' ' || (s.a / 4000 % 5000) else '' end end,
       case when s.kind = 'search' then case when s.a % 37 = 0 then 0 else 1 + s.b % 900 end end
from shaped s
join bench_seekers k on k.n = s.seeker
join bench_tenants t on t.n = 1 + s.a % (select count(*) from bench_tenants)
-- In time order, as the server appends them (the block range index relies on it).
order by s.i;
create index analytics_events_at_idx on analytics_events using brin (at) with (pages_per_range = 32);
create index analytics_events_user_idx on analytics_events (user_id) where user_id is not null;
SQL
psql_primary -c 'vacuum analyze analytics_events, users, seekers, memberships'
echo "events: $(psql_primary -c "select count(*) || ' events over ' || (max(at)::date - min(at)::date + 1) || ' days, ' || count(distinct query) || ' different searches; ' || pg_size_pretty(pg_total_relation_size('analytics_events')) || ' with indexes' from analytics_events"); loaded in $(seconds_since "$started") s"

# The hourly rollup, from nothing: every day since the oldest event.
rolled_from=$(date +%s.%N)
psql_primary -c "insert into background_jobs (kind) values ('usage.rollup')"
days=$(psql_primary -c "select current_date - min(at)::date + 1 from analytics_events")
until [ "$(psql_primary -c "select count(*) from usage_rollup_days")" -ge "$days" ] \
  && [ "$(psql_primary -c "select count(*) from background_jobs where kind = 'usage.rollup' and status = 'queued' and run_at <= now()")" = 0 ]; do sleep 0.5; done
echo "rollup of $days days: $(seconds_since "$rolled_from") s; $(psql_primary -c "select count(*) || ' figure rows, ' || pg_size_pretty(pg_total_relation_size('daily_metrics')) from daily_metrics"); one day: $(psql_primary -c "select round(extract(epoch from avg(d))::numeric, 2) || ' s on average, at most ' || round(extract(epoch from max(d))::numeric, 2) || ' s' from (select rolled_at - lag(rolled_at) over (order by day) as d from usage_rollup_days) x")"
lsn=$(psql_primary -c 'select pg_current_wal_lsn()')
if [ -d "$data/replica-socket" ]; then until [ "$(psql_read -c "select pg_last_wal_replay_lsn() >= '$lsn'")" = t ]; do sleep 1; done; fi

sign_in() { # email, cookie jar
  local action
  action=$(curl -fs "$base/sign-in" | grep -o 'action="/api/sign_in[0-9]*"' | head -1 | cut -d'"' -f2)
  curl -fs -o /dev/null -c "$2" -H "Origin: $base" -H "Accept: application/json" --data-urlencode "email=$1" --data-urlencode "password=$password" "$base$action"
}
admin_jar=$(mktemp) super_jar=$(mktemp)
sign_in admin@acme.test "$admin_jar"
sign_in superadmin@hirevoo.test "$super_jar"
# The superadmin's second step, with the demo key.
code=$(python3 -c '
import base64, hmac, struct, time, hashlib
key = base64.b32decode("HIREVOODEMOKEYFORSAMOKAFOR234567")
mac = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
o = mac[-1] & 15
print("%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7fffffff) % 1000000))')
verify=$(grep -ao '/api/verify_two_step[0-9]*' "$bin" | head -1)
curl -fs -o /dev/null -b "$super_jar" -c "$super_jar" -H "Origin: $base" -H "Accept: application/json" --data "code=$code" "$base$verify"
read_usage=$(grep -ao '/api/read_usage[0-9]*' "$bin" | head -1)
cookie_of() { awk '$6 == "hirevoo_session" { print "hirevoo_session=" $7 }' "$1"; }

ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) sub(/ms$/, "", v); else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.1f", v }'; }
percentile() { awk -v p="$1" '$1 == p { print $2 }'; }
echo
echo "| dashboard (server function $read_usage) | alone: p50 / p99 ms (requests in ${duration} s) | 10 connections: requests/s, p50 / p99 ms |"
echo "|---|---|---|"
measure() {
  local label=$1 cookie=$2 days=$3 lua alone loaded_run
  curl -fs -H "Cookie: $cookie" -H "Origin: $base" -H "Accept: application/json" --data "days=$days" "$base$read_usage" | grep -q '"top_searches":\[{' \
    || { echo "$label: the dashboard has no searches"; exit 1; }
  lua=$(mktemp --suffix .lua)
  printf 'wrk.method = "POST"\nwrk.body = "days=%s"\nwrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\nwrk.headers["Accept"] = "application/json"\nwrk.headers["Origin"] = "%s"\nwrk.headers["Cookie"] = "%s"\n' "$days" "$base" "$cookie" > "$lua"
  alone=$(wrk -t1 -c1 -d"${duration}s" --latency -s "$lua" "$base$read_usage")
  loaded_run=$(wrk -t2 -c10 -d"${duration}s" --latency -s "$lua" "$base$read_usage")
  rm -f "$lua"
  printf '| %s | %s / %s (%s) | %s/s, %s / %s%s |\n' "$label" \
    "$(ms "$(printf '%s' "$alone" | percentile 50%)")" "$(ms "$(printf '%s' "$alone" | percentile 99%)")" \
    "$(printf '%s' "$alone" | awk '/requests in/ { print $1 }')" \
    "$(printf '%s' "$loaded_run" | awk '/Requests\/sec/ { printf "%.1f", $2 }')" \
    "$(ms "$(printf '%s' "$loaded_run" | percentile 50%)")" "$(ms "$(printf '%s' "$loaded_run" | percentile 99%)")" \
    "$(printf '%s' "$alone$loaded_run" | awk '/Non-2xx|Socket errors/ { printf "; %s", $0 }')"
}
for days in 30 90 365; do measure "platform, $days days" "$(cookie_of "$super_jar")" "$days"; done
for days in 30 90 365; do measure "Acme, $days days" "$(cookie_of "$admin_jar")" "$days"; done

# The dashboard's heaviest reads (app/src/usage/repo.rs) as the app role on the replica, 365 days.
psql_read > "$plans" 2>&1 <<'SQL' || { echo "the plans failed:"; tail -5 "$plans"; exit 1; }
set role hirevoo_app;
select set_config('app.platform_scope', 'on', false);
\echo == the platform totals per day, 365 days
explain (analyze, buffers) select day, metric, value from daily_metrics
where tenant_id is null and metric = any('{page_views,searches,searches_without_results,search_clicks,applications,sign_ins,sign_in_failures,active_users,weekly_active_users}')
and day between current_date - 364 and current_date and dimension = '';
\echo == the platform top searches, 365 days
explain (analyze, buffers) select dimension, sum(value)::int8 as total from daily_metrics
where tenant_id is null and metric = 'search' and day between current_date - 364 and current_date and dimension <> ''
group by dimension order by total desc, dimension limit 20;
SQL
grep -E "^==|Execution Time" "$plans"
echo "plans: $plans"
rm -f "$admin_jar" "$super_jar"

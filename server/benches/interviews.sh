#!/usr/bin/env bash
# Benchmarks the interviews on the release build with the managed primary and replica:
#   Acme gets 48 more interviewers, 6,000 candidates in its open requisitions and 30,000 interviews
#   over the past year and the next month (five per candidate, two interviewers each, the demo
#   interviewer on about 1 in 25), with a scorecard from each interviewer of every past interview; then with wrk at 20 connections the interviewer's day,
#   an interview kit, colleagues' scorecards, and a year's calibration of all 50 interviewers.
# Usage: server/benches/interviews.sh [seconds]   (from the repository root after `make build`)
set -euo pipefail
duration=${1:-15}
target=${CARGO_TARGET_DIR:-$HOME/.cache/hirevoo/target}
bin=$target/release/hirevoo-server
port=3905
base=http://127.0.0.1:$port
data=${TMPDIR:-/tmp}/hirevoo-bench-interviews
password="benchmark demo password"

rm -rf "$data"
HIREVOO_SITE_ADDRESS=127.0.0.1:$port HIREVOO_PUBLIC_URL=$base HIREVOO_DATA_DIR=$data \
  HIREVOO_DEMO_PASSWORD=$password RUST_LOG=warn "$bin" serve > "$target/bench-interviews.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 240); do curl -fs "$base/readyz" > /dev/null && break; sleep 0.5; done

psql_primary() { psql -h "$data/primary-socket" -U postgres -d hirevoo -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_primary <<'SQL'
-- Bench loads go far past any plan's quotas: every tenant on the unlimited plan.
update tenants set plan = 'enterprise';
create temporary table acme as select id from tenants where slug = 'acme';
insert into users (id, email, display_name, password_hash, time_zone)
select gen_random_uuid(), 'panel' || i || '@acme.test', 'Panelist ' || i, u.password_hash, (array['Europe/Berlin', 'America/New_York', 'Asia/Kolkata'])[1 + i % 3]
from generate_series(1, 48) i, users u where u.email = 'interviewer@acme.test';
insert into memberships (id, tenant_id, user_id, role)
select gen_random_uuid(), acme.id, u.id, 'interviewer' from users u, acme where u.email like 'panel%@acme.test';
create temporary table panel as
select u.id, row_number() over (order by u.email) - 1 as n from users u join memberships m on m.user_id = u.id
where m.tenant_id = (select id from acme) and u.email like any (array['panel%@acme.test', 'interviewer@acme.test', 'recruiter@acme.test']);
-- 6,000 candidates, each applying to one of the open requisitions; five interviews each.
insert into candidates (id, tenant_id, name, email, source)
select gen_random_uuid(), acme.id, 'Bench Person ' || i, 'bench' || i || '@example.com', 'sourced' from acme, generate_series(1, 6000) i;
create temporary table open_requisitions as
select id, row_number() over (order by id) - 1 as k from requisitions where tenant_id = (select id from acme) and status = 'open' and deleted_at is null;
insert into applications (id, tenant_id, candidate_id, requisition_id, source)
select gen_random_uuid(), c.tenant_id, c.id, r.id, 'sourced'
from (select id, tenant_id, row_number() over (order by email) as n from candidates where email like 'bench%@example.com') c
join open_requisitions r on r.k = c.n % (select count(*) from open_requisitions);
create temporary table apps as
select a.id, a.requisition_id, a.candidate_id, row_number() over (order by a.id) - 1 as n
from applications a join candidates c on c.id = a.candidate_id where c.email like 'bench%@example.com';
-- 30,000 interviews from a year ago to a month ahead, spread over the demo's applications.
insert into interviews (id, tenant_id, application_id, requisition_id, candidate_id, title, attributes, starts_at, duration_minutes, ends_at,
                        time_zone, candidate_time_zone, status, created_at)
select gen_random_uuid(), acme.id, a.id, a.requisition_id, a.candidate_id, 'Technical', array['Rust', 'SQL', 'Communication'],
       date_trunc('hour', now()) - make_interval(hours => (i * 13) % (365 * 24)) + interval '30 days', 60,
       date_trunc('hour', now()) - make_interval(hours => (i * 13) % (365 * 24)) + interval '30 days 1 hour', 'UTC', 'UTC',
       'scheduled', now() - interval '400 days'
from generate_series(1, 30000) i, acme, apps a where a.n = i % (select count(*) from apps);
update interviews set status = 'completed' where ends_at < now();
insert into interview_interviewers (tenant_id, interview_id, user_id)
select i.tenant_id, i.id, p.id from (select id, tenant_id, row_number() over (order by id) as k from interviews) i
join panel p on p.n in (i.k % 50, (i.k * 7 + 1) % 50)
on conflict do nothing;
insert into scorecards (id, tenant_id, interview_id, application_id, interviewer_id, ratings, takeaways, recommendation, submitted_at)
select gen_random_uuid(), i.tenant_id, i.id, i.application_id, x.user_id,
       jsonb_build_array(jsonb_build_object('attribute', 'Rust', 'rating', 1 + abs(hashtext(x.user_id::text || i.id::text)) % 4, 'note', ''),
                         jsonb_build_object('attribute', 'SQL', 'rating', 1 + abs(hashtext(i.id::text)) % 4, 'note', ''),
                         jsonb_build_object('attribute', 'Communication', 'rating', null, 'note', '')),
       'Solid answers on the data model.', 1 + abs(hashtext(i.id::text || x.user_id::text)) % 4, i.ends_at + make_interval(hours => abs(hashtext(i.id::text)) % 72)
from interviews i join interview_interviewers x on x.interview_id = i.id
where i.ends_at < now() - interval '3 days' and i.tenant_id = (select id from acme)
on conflict do nothing;
analyze;
SQL
echo "interviews: $(psql_primary -c 'select count(*) from interviews'); the demo interviewer's: $(psql_primary -c "select count(*) from interview_interviewers x join users u on u.id = x.user_id where u.email = 'interviewer@acme.test'"); scorecards: $(psql_primary -c 'select count(*) from scorecards')"
kit=$(psql_primary -c "select i.id from interviews i join interview_interviewers x on x.interview_id = i.id join users u on u.id = x.user_id
                        where u.email = 'interviewer@acme.test' and i.starts_at < now() order by i.starts_at desc limit 1")
sleep 3

jar=$(mktemp)
sign_in_path=$(curl -fs "$base/sign-in" | grep -o 'action="/api/sign_in[0-9]*"' | head -1 | cut -d'"' -f2)
session_of() {
  curl -fs -o /dev/null -c "$jar" -H "Origin: $base" -H "Accept: application/json" --data-urlencode "email=$1" --data-urlencode "password=$password" "$base$sign_in_path"
  awk '$6 == "hirevoo_session" { print "hirevoo_session=" $7 }' "$jar"
}
ivan=$(session_of interviewer@acme.test)
rita=$(session_of recruiter@acme.test)
[ -n "$ivan" ] && [ -n "$rita" ] || { echo "sign-in failed"; exit 1; }

post_lua=$(mktemp --suffix .lua)
# wrk against a server function: $1 label, $2 cookie, $3 path, $4 form body.
run_post() {
  local label=$1 cookie=$2 path=$3 body=$4
  printf 'wrk.method = "POST"\nwrk.body = [[%s]]\nwrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\nwrk.headers["Accept"] = "application/json"\nwrk.headers["Origin"] = "%s"\nwrk.headers["Cookie"] = "%s"\n' "$body" "$base" "$cookie" > "$post_lua"
  curl -fs -o /dev/null -X POST -H "Accept: application/json" -H "Origin: $base" -H "Cookie: $cookie" --data "$body" "$base$path" \
    || { echo "$label: the server function refused the request"; exit 1; }
  sleep 5
  echo "wrk: $label, 20 connections, ${duration}s"
  wrk -t2 -c20 -d"${duration}s" --latency -s "$post_lua" "$base$path" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
}
fn_path() { grep -ao "/api/$1[0-9]*" "$bin" | head -1; }

run_post "the interviewer's day (today, upcoming, due, submitted)" "$ivan" "$(fn_path interviewer_day)" ""
run_post "an interview kit" "$ivan" "$(fn_path interview_kit)" "interview_id=$kit"
run_post "colleagues' scorecards on the kit's candidate" "$ivan" "$(fn_path colleague_scorecards)" "interview_id=$kit"
run_post "calibration for a year, all 50 interviewers" "$rita" "$(fn_path calibration_report)" "from=$(date -d '-365 days' +%F)&to=$(date +%F)"
echo "RSS after load: $(awk '/VmRSS/ { printf "%.1f MiB", $2 / 1024 }' /proc/$server/status)"

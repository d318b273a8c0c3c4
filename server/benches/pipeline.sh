#!/usr/bin/env bash
# Benchmarks the pipeline on the release build with the managed primary and replica:
#   Acme gets 200 more requisitions and 200,000 applications (one requisition holds 5,000),
#   with their stage events; then with wrk at 20 connections the board of the 5,000, the people
#   search over résumé text, and a year's funnel report; then 1,000 notifications delivered
#   in the app and by email to a local SMTP sink.
# Usage: server/benches/pipeline.sh [seconds]   (from the repository root after `make build`)
set -euo pipefail
duration=${1:-15}
target=${CARGO_TARGET_DIR:-$HOME/.cache/hirevoo/target}
bin=$target/release/hirevoo-server
port=3904
base=http://127.0.0.1:$port
data=${TMPDIR:-/tmp}/hirevoo-bench-pipeline
password="benchmark demo password"
sink_port=2526

rm -rf "$data"
# A local SMTP sink that accepts and counts every mail.
python3 - "$sink_port" > "$target/bench-smtp-sink.log" 2>&1 <<'PY' &
import asyncio, sys
count = 0
async def serve(reader, writer):
    global count
    writer.write(b"220 sink\r\n"); await writer.drain()
    data = False
    while line := await reader.readline():
        if data:
            if line == b".\r\n":
                data = False; count += 1; print(count, flush=True)
                writer.write(b"250 ok\r\n")
            continue
        verb = line[:4].upper()
        if verb == b"DATA":
            data = True; writer.write(b"354 go\r\n")
        elif verb == b"QUIT":
            writer.write(b"221 bye\r\n"); await writer.drain(); break
        elif verb in (b"EHLO", b"HELO"):
            writer.write(b"250 sink\r\n")
        else:
            writer.write(b"250 ok\r\n")
        await writer.drain()
    writer.close()
async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", int(sys.argv[1]))
    async with server: await server.serve_forever()
asyncio.run(main())
PY
sink=$!
HIREVOO_SITE_ADDRESS=127.0.0.1:$port HIREVOO_PUBLIC_URL=$base HIREVOO_DATA_DIR=$data \
  HIREVOO_SMTP_HOST=127.0.0.1 HIREVOO_SMTP_PORT=$sink_port HIREVOO_MAIL_FROM="Hirevoo <hello@hirevoo.test>" \
  HIREVOO_DEMO_PASSWORD=$password RUST_LOG=warn "$bin" serve > "$target/bench-pipeline.log" 2>&1 &
server=$!
trap 'kill -TERM $server $sink 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 240); do curl -fs "$base/readyz" > /dev/null && break; sleep 0.5; done

psql_primary() { psql -h "$data/primary-socket" -U postgres -d hirevoo -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_primary <<'SQL'
-- Bench loads go far past any plan's quotas: every tenant on the unlimited plan.
update tenants set plan = 'enterprise';
-- 200 requisitions (the trigger gives each its six stages) and 100,000 candidates who apply
-- twice each; the first requisition gets 5,000 applications, the rest share 195,000.
with acme as (select id from tenants where slug = 'acme'),
     rita as (select id from users where email = 'recruiter@acme.test')
insert into requisitions (id, tenant_id, title, department, status, published, created_by, recruiter_id, hiring_manager_id, skill_ids, created_at, opened_at)
select gen_random_uuid(), acme.id, 'Bench requisition ' || lpad(i::text, 3, '0'), (array['Engineering', 'Data', 'Sales', 'Support'])[1 + i % 4], 'open', true,
       rita.id, rita.id, rita.id, (select array_agg(id) from (select id from skills where tenant_id = acme.id limit 2) s), now() - interval '400 days', now() - interval '365 days'
from acme, rita, generate_series(1, 200) i;
insert into candidates (id, tenant_id, name, email, source, created_at)
select gen_random_uuid(), t.id, 'Bench Person ' || i, 'bench' || i || '@example.com', (array['careers_site', 'referral', 'sourced', 'agency'])[1 + i % 4],
       now() - make_interval(days => i % 365)
from tenants t, generate_series(1, 100000) i where t.slug = 'acme';
create temporary table bench_requisitions as
select id, row_number() over (order by title) as n from requisitions where title like 'Bench requisition %';
create temporary table bench_candidates as
select id, tenant_id, created_at, row_number() over (order by email) as n from candidates where email like 'bench%@example.com';
-- Each candidate a résumé with a few hundred words of text, for the search over résumés.
insert into stored_files (id, tenant_id, storage_key, file_name, content_type, size_bytes, sha256)
select gen_random_uuid(), c.tenant_id, 'bench/' || c.id, 'cv.pdf', 'application/pdf', 40000, '\x00' from bench_candidates c;
insert into candidate_documents (id, tenant_id, candidate_id, file_id, kind, text)
select gen_random_uuid(), f.tenant_id, substring(f.storage_key from 7)::uuid, f.id, 'resume',
       'Experienced ' || (array['python', 'rust', 'java', 'golang', 'kotlin', 'typescript'])[1 + abs(hashtext(f.storage_key)) % 6]
       || ' engineer. ' || repeat('Built services, led teams, wrote tests, shipped features and mentored colleagues. ', 25)
from stored_files f where f.storage_key like 'bench/%';
insert into applications (id, tenant_id, candidate_id, requisition_id, source, created_at, stage_entered_at)
select gen_random_uuid(), c.tenant_id, c.id, r.id, 'careers_site', c.created_at, c.created_at
from bench_candidates c cross join (values (0), (1)) k (copy)
join bench_requisitions r on r.n = case when k.copy = 0 and c.n <= 5000 then 1 else 2 + (c.n * 2 + k.copy) % 199 end;
-- Each application moves on a few stages over its days, as people do, none after now; a tenth are rejected.
update applications a set stage_id = s.id, stage_entered_at = least(a.created_at + make_interval(days => s.position), now()),
       status = case when hashtext(a.id::text) % 10 = 0 then 'rejected' else 'active' end,
       rejection_reason = case when hashtext(a.id::text) % 10 = 0 then 'Skills do not match' else '' end
from requisition_stages s
where s.requisition_id = a.requisition_id and a.requisition_id in (select id from bench_requisitions)
  and s.position = 1 + abs(hashtext(a.id::text)) % 6;
insert into stage_events (id, tenant_id, application_id, requisition_id, from_stage_id, to_stage_id, from_status, to_status,
                          from_stage_name, to_stage_name, to_kind, created_at)
select gen_random_uuid(), a.tenant_id, a.id, a.requisition_id, prev.id, s.id, case when prev.id is null then null else 'active' end, 'active',
       coalesce(prev.name, ''), s.name, s.kind, least(a.created_at + make_interval(days => s.position - 1), now() - interval '1 second')
from applications a
join requisition_stages cur on cur.id = a.stage_id
join requisition_stages s on s.requisition_id = a.requisition_id and s.position <= cur.position
left join requisition_stages prev on prev.requisition_id = a.requisition_id and prev.position = s.position - 1
where a.requisition_id in (select id from bench_requisitions);
analyze;
SQL
big=$(psql_primary -c "select id from requisitions where title = 'Bench requisition 001'")
echo "applications: $(psql_primary -c 'select count(*) from applications'); on the big requisition: $(psql_primary -c "select count(*) from applications where requisition_id = '$big'"); stage events: $(psql_primary -c 'select count(*) from stage_events')"
sleep 3

jar=$(mktemp)
sign_in=$(curl -fs "$base/sign-in" | grep -o 'action="/api/sign_in[0-9]*"' | head -1 | cut -d'"' -f2)
curl -fs -o /dev/null -c "$jar" -H "Origin: $base" -H "Accept: application/json" \
  --data-urlencode "email=recruiter@acme.test" --data-urlencode "password=$password" "$base$sign_in"
cookie=$(awk '$6 == "hirevoo_session" { print "hirevoo_session=" $7 }' "$jar")
[ -n "$cookie" ] || { echo "sign-in failed"; exit 1; }

post_lua=$(mktemp --suffix .lua)
# wrk against a server function: $1 label, $2 path, $3 content type, $4 body.
run_post() {
  local label=$1 path=$2 type=$3 body=$4
  printf 'wrk.method = "POST"\nwrk.body = [[%s]]\nwrk.headers["Content-Type"] = "%s"\nwrk.headers["Accept"] = "application/json"\nwrk.headers["Origin"] = "%s"\nwrk.headers["Cookie"] = "%s"\n' "$body" "$type" "$base" "$cookie" > "$post_lua"
  curl -fs -o /dev/null -X POST -H "Content-Type: $type" -H "Accept: application/json" -H "Origin: $base" -H "Cookie: $cookie" --data "$body" "$base$path" \
    || { echo "$label: the server function refused the request"; exit 1; }
  # Each run starts on an idle server: the last one's timed-out requests may still be running.
  sleep 5
  echo "wrk: $label, 20 connections, ${duration}s"
  wrk -t2 -c20 -d"${duration}s" --latency -s "$post_lua" "$base$path" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
}
fn_path() { grep -ao "/api/$1[0-9]*" "$bin" | head -1; }

run_post "pipeline board of 5,000 applications" "$(fn_path pipeline_board)" application/x-www-form-urlencoded "requisition_id=$big"
run_post "people search over résumé text, names and skills" "$(fn_path candidate_list)" application/json '{"query":{"q":"python"}}'
run_post "funnel report for a year, the big requisition" "$(fn_path requisition_funnel)" application/x-www-form-urlencoded "requisition_id=$big&from=$(date -d '-364 days' +%F)&to=$(date +%F)"
run_post "funnel report for a year, the whole tenant" "$(fn_path tenant_funnel)" application/x-www-form-urlencoded "from=$(date -d '-364 days' +%F)&to=$(date +%F)"

# Notification fan-out: 1,000 notifications as notify() writes them (in-app row, email delivery,
# queued job) in one transaction; then the server's workers render and send each email to the sink.
sent_before=$(tail -1 "$target/bench-smtp-sink.log" 2>/dev/null || echo 0)
psql_primary <<'SQL'
begin;
select set_config('app.tenant_id', (select id::text from tenants where slug = 'acme'), true);
with people as (select m.user_id, m.tenant_id from memberships m where m.tenant_id = (select id from tenants where slug = 'acme') and m.role <> 'candidate'),
     made as (
         insert into notifications (id, tenant_id, user_id, kind, title, body, link)
         select gen_random_uuid(), p.tenant_id, p.user_id, 'mentioned', 'Bench mention ' || i, 'A note mentioned you', '/notifications'
         from generate_series(1, 1000) i join lateral (select * from people order by user_id offset i % (select count(*) from people) limit 1) p on true
         returning id, tenant_id, user_id),
     delivered as (
         insert into notification_deliveries (id, tenant_id, user_id, notification_id, kind, channel, vars, link)
         select gen_random_uuid(), tenant_id, user_id, id, 'mentioned', 'email',
                '{"author_name": "Bench", "candidate_name": "Someone", "requisition_title": "Bench", "excerpt": "hello"}', '/notifications'
         from made returning id, tenant_id)
insert into background_jobs (kind, payload, max_attempts)
select 'notifications.deliver', json_build_object('tenant_id', tenant_id, 'delivery_id', id), 14 from delivered;
commit;
SQL
started=$(date +%s.%N)
while [ "$(psql_primary -c "select count(*) from notification_deliveries where status = 'pending' and kind = 'mentioned'")" != 0 ]; do sleep 0.2; done
elapsed=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "notifications: 1,000 in the app at once; their 1,000 emails sent to the SMTP sink in ${elapsed} s (sink received $(( $(tail -1 "$target/bench-smtp-sink.log") - sent_before )))"
echo "RSS after load: $(awk '/VmRSS/ { printf "%.1f MiB", $2 / 1024 }' /proc/$server/status)"

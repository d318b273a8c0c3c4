#!/usr/bin/env bash
# Runs schemathesis against the REST API's own OpenAPI document, on the release build with the
# demo data, signed in as the demo client and then as a demo employee (half the time each):
# every operation with generated valid and invalid input; fails on any server error (5xx), any status or content type the document does not name,
# and any body that does not match its schema.
# Usage: server/tests/api-check.sh [seconds]   (from the repository root after `make build`)
set -euo pipefail
budget=${1:-120}
target=${CARGO_TARGET_DIR:-$HOME/.cache/hirevoo/target}
bin=$target/release/hirevoo-server
port=3909
base=http://127.0.0.1:$port
data=${TMPDIR:-/tmp}/hirevoo-api-check
password="api check demo password"
venv=.tools/venv

[ -x "$venv/bin/schemathesis" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet schemathesis; }
rm -rf "$data"
HIREVOO_SITE_ADDRESS=127.0.0.1:$port HIREVOO_PUBLIC_URL=$base HIREVOO_DATA_DIR=$data \
  HIREVOO_DEMO_PASSWORD=$password RUST_LOG=warn "$bin" serve > "$target/api-check.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 240); do curl -fs "$base/readyz" > /dev/null && break; sleep 0.5; done
# Generated requests come fast from one address: the per-minute limits are raised for the run.
psql -h "$data/primary-socket" -U postgres -d hirevoo -v ON_ERROR_STOP=1 -qAt -c \
  "insert into platform_settings (key, value) values ('api_requests_per_address', 1000000), ('api_requests_per_person', 1000000) on conflict (key) do update set value = excluded.value"
sleep 6
login() {
  curl -fs -H 'Content-Type: application/json' --data "{\"email\":\"$1\",\"password\":\"$password\"}" "$base/api/v1/auth/login" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}
# Both before the runs: the runs' own sign-ins use up the address's sign-ins of the minute.
client=$(login seeker@example.com) employee=$(login eli@delegation.test)
for token in "$client" "$employee"; do
  "$venv/bin/schemathesis" run "$base/api/v1/openapi.json" \
    --header "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-time "$((budget / 2))" --workers 2 --suppress-health-check all
done
if grep -q "panicked" "$target/api-check.log"; then echo "the server panicked:"; grep -A3 panicked "$target/api-check.log"; exit 1; fi

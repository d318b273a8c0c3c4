#!/usr/bin/env bash
# Benchmarks the release build on the managed primary and replica:
#   SSR throughput and latency of a signed-in home page (wrk, 50 connections), 10,000 signed-in
#   page requests checked for answers that stall or stop midway,
#   the server's idle resident memory, and the brotli size of the wasm and js a browser downloads.
# Usage: server/benches/http.sh [seconds]   (run from the repository root after `make build`)
set -euo pipefail
duration=${1:-20}
target=${CARGO_TARGET_DIR:-$HOME/.cache/hirevoo/target}
bin=$target/release/hirevoo-server
port=3901
base=http://127.0.0.1:$port
data=${TMPDIR:-/tmp}/hirevoo-bench
password="benchmark demo password"

rm -rf "$data"
HIREVOO_SITE_ADDRESS=127.0.0.1:$port HIREVOO_PUBLIC_URL=$base HIREVOO_DATA_DIR=$data \
  HIREVOO_DEMO_PASSWORD=$password RUST_LOG=warn "$bin" serve > "$target/bench-server.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 120); do curl -fs "$base/readyz" > /dev/null && break; sleep 0.5; done

sleep 5
echo "idle RSS: $(awk '/VmRSS/ { printf "%.1f MiB", $2 / 1024 }' /proc/$server/status)"

jar=$(mktemp)
action=$(curl -fs "$base/sign-in" | grep -o 'action="/api/sign_in[0-9]*"' | head -1 | cut -d'"' -f2)
curl -fs -o /dev/null -c "$jar" -H "Origin: $base" -H "Accept: application/json" \
  --data-urlencode "email=admin@acme.test" --data-urlencode "password=$password" "$base$action"
cookie=$(awk '$6 == "hirevoo_session" { print "hirevoo_session=" $7 }' "$jar")
[ -n "$cookie" ] || { echo "sign-in failed"; exit 1; }
curl -fs -H "Cookie: $cookie" "$base/" | grep -q "Rita Moreno" || { echo "the signed-in home page lacks its data"; exit 1; }

echo "wrk: signed-in tenant admin home page (members list), 50 connections, ${duration}s"
wrk -t2 -c50 -d"${duration}s" --latency -H "Cookie: $cookie" -H "Accept: text/html" "$base/" \
  | grep -E "Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx"
echo "RSS after load: $(awk '/VmRSS/ { printf "%.1f MiB", $2 / 1024 }' /proc/$server/status)"

# Responses that never finish: every one of them must arrive whole.
python3 "$(dirname "$0")/stalls.py" "$base" "$cookie" 10000 20 5 / /members /account /notifications /jobs /candidates /assessments /analytics /interviews /audit
echo "RSS after the stall check: $(awk '/VmRSS/ { printf "%.1f MiB", $2 / 1024 }' /proc/$server/status)"

pkg=target/site/pkg
for file in "$pkg"/*.wasm "$pkg"/*.js; do
  printf '%s: %s bytes raw, %s bytes brotli\n' "$(basename "$file")" "$(stat -c %s "$file")" "$(brotli -c -q 11 "$file" | wc -c)"
done

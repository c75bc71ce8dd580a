#!/usr/bin/env bash
# HTTP benchmark: GET /api/v1/projects/NWSHOP on the demo workspace (SQLite), read by its
# product manager with an API token, at 64 concurrent connections with wrk; prints
# requests/s, latency percentiles and the server's resident memory idle and under load.
#
#   bench/http/run.sh                      # 64 connections, 20 s
#   CONNECTIONS=128 DURATION=30s bench/http/run.sh
#
# Budgets (ARCHITECTURE.md): p99 < 25 ms at 64 connections; idle RSS < 60 MB.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
connections="${CONNECTIONS:-64}"
duration="${DURATION:-20s}"
threads="${THREADS:-2}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
fi
cargo build --release -p tandem
tandem="$CARGO_TARGET_DIR/release/tandem"

work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$tandem" serve --demo --bind 127.0.0.1:0 --data-dir "$work/data" --log-format json \
  >"$work/stdout" 2>"$work/server.log" &
server=$!
address=""
for _ in $(seq 100); do
  address="$(sed -n 's|^Tandem is running on \(http://[^/]*\)/.*|\1|p' "$work/stdout")"
  [ -n "$address" ] && break
  sleep 0.1
done
[ -n "$address" ] || { echo "the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }

TANDEM_TOKEN="$("$tandem" token create --email paula@tandem.demo --name bench --data-dir "$work/data" 2>/dev/null)"
export TANDEM_TOKEN
url="$address/api/v1/projects/NWSHOP"
status="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TANDEM_TOKEN" "$url")"
[ "$status" = 200 ] || { echo "GET $url answered $status" >&2; exit 1; }

rss_mb() { awk '{ printf "%.1f", $1 / 1024 }' <<<"$(ps -o rss= -p "$server")"; }
sleep 2
idle="$(rss_mb)"

# Warm up, then measure while sampling the server's memory every half second.
wrk -t"$threads" -c"$connections" -d3s -s bench/http/auth.lua "$url" >/dev/null
( peak=0; while kill -0 "$server" 2>/dev/null; do
    now="$(ps -o rss= -p "$server" | tr -d ' ')"; [ "${now:-0}" -gt "$peak" ] && peak="$now"
    echo "$peak" >"$work/peak"; sleep 0.5
  done ) &
sampler=$!
wrk -t"$threads" -c"$connections" -d"$duration" --latency -s bench/http/auth.lua "$url" | tee "$work/wrk"
kill "$sampler" 2>/dev/null || true
loaded="$(awk '{ printf "%.1f", $1 / 1024 }' "$work/peak")"

if grep -q "Non-2xx" "$work/wrk"; then
  echo "some requests failed" >&2
  exit 1
fi
rps="$(awk '/^Requests\/sec/ { print $2 }' "$work/wrk")"
p50="$(awk '$1 == "50%" { print $2 }' "$work/wrk")"
p99="$(awk '$1 == "99%" { print $2 }' "$work/wrk")"
echo
echo "GET /api/v1/projects/NWSHOP, $connections connections, $duration, wrk -t$threads, $(nproc) cores, commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "requests/s: $rps   p50: $p50   p99: $p99"
echo "server RSS: idle ${idle} MB, under load (peak) ${loaded} MB"

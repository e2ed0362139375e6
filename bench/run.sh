#!/usr/bin/env bash
# Measures Tandem on this machine with the load harness, against a real Redis,
# and the redis-benchmark ceiling of that Redis in the same run. Loopback only.
#   bash bench/run.sh [seconds-per-scenario]     (default 20)
# Results: a table per scenario on stdout, JSON in bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
port=6390
out=bench/results
bin=$(mktemp -d)
mkdir -p "$out"
go build -o "$bin/tandem" ./cmd/tandem
go build -o "$bin/tandem-load" ./cmd/tandem-load

if redis-cli -p $port ping >/dev/null 2>&1 || curl -fsS http://127.0.0.1:18080/healthz >/dev/null 2>&1; then
  echo "port $port or 18080 is already in use: stop what runs there first" >&2
  exit 1
fi
redis-server --port $port --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --pidfile "$bin/redis.pid" --logfile "$bin/redis.log" --dir "$bin"
cleanup() {
  [ -n "${bot:-}" ] && kill "$bot" 2>/dev/null || true
  kill "$(cat "$bin/redis.pid")" 2>/dev/null || true
}
trap cleanup EXIT
until redis-cli -p $port ping >/dev/null 2>&1; do sleep 0.1; done

echo "== machine: $(nproc) cores, $(uname -r), $(go version | cut -d' ' -f3), $(redis-server --version | cut -d' ' -f3)"
echo "== redis-benchmark ceiling (50 clients, no pipelining)"
redis-benchmark -p $port --csv -c 50 -n 200000 -t set,get,incr 2>/dev/null | tee "$out/redis-benchmark.csv"
redis-benchmark -p $port --csv -c 50 -n 200000 eval "redis.call('SET', KEYS[1], ARGV[1]); redis.call('XADD', 'bench:s', '*', 'e', ARGV[1]); return 1" 1 bench:k v 2>/dev/null | tail -1 | tee -a "$out/redis-benchmark.csv"
redis-cli -p $port flushall >/dev/null

export TANDEM_BENCH_TOKEN=bench-token TANDEM_BENCH_ROUTING_KEY=R0123456789abcdef0123456789abcde
start_bot() {
  redis-cli -p $port flushall >/dev/null
  "$bin/tandem" serve --config bench/bench.yaml >/dev/null 2>"$bin/bot.log" &
  bot=$!
  until curl -fsS http://127.0.0.1:18080/healthz >/dev/null 2>&1; do sleep 0.1; done
}
stop_bot() { kill "$bot"; wait "$bot" 2>/dev/null || true; bot=; }

scenario() { # name, then tandem-load flags
  local name=$1; shift
  start_bot
  echo "== $name"
  "$bin/tandem-load" --url http://127.0.0.1:18080 --token bench-token --duration "${secs}s" "$@" --json >"$out/$name.json" || true
  python3 - "$out/$name.json" <<'PY' 2>/dev/null || cat "$out/$name.json"
import json, sys
r = json.load(open(sys.argv[1]))
keys = ["requests", "errors", "requests_per_sec", "alerts_per_sec", "webhook_p50_ms", "webhook_p99_ms", "webhook_max_ms",
        "incidents", "pages", "pages_missing", "alert_to_page_p50_ms", "alert_to_page_p99_ms", "alert_to_page_max_ms"]
for k in keys:
    if k in r and (r[k] or not k.startswith(("incidents", "pages", "alert_to"))):
        v = r[k]
        print(f"  {k:24} {v:.2f}" if isinstance(v, float) else f"  {k:24} {v}")
PY
  stop_bot
}

scenario am-batch10-1100rps --format alertmanager --batch 10 --rate 1100 --concurrency 64 --groups 50
scenario generic-single-2000rps --format generic --rate 2000 --concurrency 64 --groups 50
scenario generic-single-1000rps --format generic --rate 1000 --concurrency 64 --groups 50
scenario alert-to-page-1000aps-10pct-new --format generic --rate 1000 --concurrency 64 --groups 50 --new-every 10 --receiver 127.0.0.1:19999
scenario alert-to-page-100-new-per-sec --format generic --rate 100 --concurrency 64 --groups 0 --receiver 127.0.0.1:19999
scenario alert-to-page-300-new-per-sec --format generic --rate 300 --concurrency 64 --groups 0 --receiver 127.0.0.1:19999
scenario alert-to-page-1000-new-per-sec --format generic --rate 1000 --concurrency 64 --groups 0 --receiver 127.0.0.1:19999
echo "== bot memory (RSS) with 10,000 open incidents"
start_bot
"$bin/tandem-load" --url http://127.0.0.1:18080 --token bench-token --format generic --count 10000 --rate 0 --concurrency 32 --groups 0 --json >"$out/open-10k.json" || true
sleep 5
grep VmRSS /proc/$bot/status | tee "$out/rss-10k.txt"
redis-cli -p $port info memory | grep used_memory_human | tee -a "$out/rss-10k.txt"
stop_bot

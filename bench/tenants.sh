#!/usr/bin/env bash
# Tenant isolation on this machine: one `tandem serve --config-dir` with many
# tenants on one real Redis, a storm in some of them, and the alert-to-page
# latency of a quiet tenant measured before and during the storm.
#   bash bench/tenants.sh [seconds] [tenants] [storm-tenants] [storm-alerts-per-sec-each]
#   (defaults: 20 200 5 1000)
# Each storm tenant gets Alertmanager batches of 100 alerts over 50 groups;
# the probe tenant (the last one) opens a new incident 20 times a second and
# its fake PagerDuty records each page. The other tenants are idle: what
# they cost (Redis commands/s, bot RSS) is printed too. Loopback only.
# Results: a summary on stdout, JSON per run in bench/results/tenants-*.json.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
tenants=${2:-200}
storms=${3:-5}
storm_aps=${4:-1000}
port=6391
addr=127.0.0.1:18081
out=bench/results
work=$(mktemp -d)
mkdir -p "$out" "$work/tenants"
go build -o "$work/tandem" ./cmd/tandem
go build -o "$work/tandem-load" ./cmd/tandem-load

if redis-cli -p $port ping >/dev/null 2>&1 || curl -fsS "http://$addr/healthz" >/dev/null 2>&1; then
  echo "port $port or $addr is already in use: stop what runs there first" >&2
  exit 1
fi
redis-server --port $port --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --pidfile "$work/redis.pid" --logfile "$work/redis.log" --dir "$work"
cleanup() {
  jobs -p | xargs -r kill 2>/dev/null || true
  [ -n "${bot:-}" ] && kill "$bot" 2>/dev/null || true
  kill "$(cat "$work/redis.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
until redis-cli -p $port ping >/dev/null 2>&1; do sleep 0.1; done

# Tenant files: bench/bench.yaml with this run's ports; storm tenant i pages
# to the fake PagerDuty on 19100+i, the probe to 19099, the idle ones to a
# port nobody listens on (they never page).
name() { printf 't%03d' "$1"; }
probe=$(name "$tenants")
for i in $(seq 1 "$tenants"); do
  pd=19098
  if ((i <= storms)); then pd=$((19100 + i)); fi
  if ((i == tenants)); then pd=19099; fi
  sed -e "s#127.0.0.1:18080#$addr#" -e "s#127.0.0.1:6390#127.0.0.1:$port#" \
    -e "s#http://127.0.0.1:19999#http://127.0.0.1:$pd#" bench/bench.yaml >"$work/tenants/$(name "$i").yaml"
done

export TANDEM_BENCH_TOKEN=bench-token TANDEM_BENCH_ROUTING_KEY=R0123456789abcdef0123456789abcde
"$work/tandem" serve --config-dir "$work/tenants" >/dev/null 2>"$work/bot.log" &
bot=$!
until curl -fsS "http://$addr/healthz" >/dev/null 2>&1; do sleep 0.2; done
# Every tenant is up once the probe's webhook asks for a token (401), not 404 or 503.
until [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://$addr/t/$probe/webhooks/generic")" = 401 ]; do sleep 0.2; done

echo "== machine: $(nproc) cores, $(uname -r), $(go version | cut -d' ' -f3), $(redis-server --version | cut -d' ' -f3)"
echo "== $tenants tenants started; bot RSS $(awk '/VmRSS/ {print $2/1024 " MB"}' /proc/$bot/status)"
ops() { redis-cli -p $port info stats | awk -F: '/total_commands_processed/ {print $2+0}'; }
a=$(ops); sleep 10; b=$(ops)
echo "== idle: $(((b - a) / 10)) Redis commands/s for $tenants idle tenants ($(((b - a) / 10 / tenants)) per tenant)"

probe_run() { # file
  "$work/tandem-load" --url "http://$addr/t/$probe" --token bench-token --format generic --rate 20 \
    --concurrency 8 --groups 0 --duration "${secs}s" --receiver 127.0.0.1:19099 --json >"$1" || true
}
summary() { # label file
  python3 - "$@" <<'PY'
import json, sys
r = json.load(open(sys.argv[2]))
print(f"  {sys.argv[1]:34} requests {r.get('requests', 0):6}  errors {r.get('errors', 0):4}  "
      f"alert-to-page p50 {r.get('alert_to_page_p50_ms', 0):7.1f} ms  p99 {r.get('alert_to_page_p99_ms', 0):7.1f} ms  "
      f"pages {r.get('pages', 0)} (missing {r.get('pages_missing', 0)})  webhook p99 {r.get('webhook_p99_ms', 0):.1f} ms")
PY
}

echo "== probe tenant $probe alone (20 new incidents/s, ${secs}s)"
probe_run "$out/tenants-quiet.json"
summary quiet "$out/tenants-quiet.json"

echo "== storm: $storms tenants at $storm_aps alerts/s each (batches of 100), probe again"
for i in $(seq 1 "$storms"); do
  "$work/tandem-load" --url "http://$addr/t/$(name "$i")" --token bench-token --format alertmanager --batch 100 \
    --rate "$(python3 -c "print($storm_aps/100)")" --concurrency 32 --groups 50 --duration "$((secs + 4))s" \
    --receiver "127.0.0.1:$((19100 + i))" --json >"$out/tenants-storm-$(name "$i").json" 2>/dev/null &
done
sleep 2
probe_run "$out/tenants-during-storm.json"
wait $(jobs -p | grep -v "^$bot$") 2>/dev/null || true
summary "during the storm" "$out/tenants-during-storm.json"
for i in $(seq 1 "$storms"); do
  python3 - "$out/tenants-storm-$(name "$i").json" "$(name "$i")" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"  storm {sys.argv[2]}: {r.get('alerts_per_sec', 0):.0f} alerts/s accepted, errors {r.get('errors', 0)}, webhook p99 {r.get('webhook_p99_ms', 0):.1f} ms")
PY
done
python3 - "$out/tenants-quiet.json" "$out/tenants-during-storm.json" <<'PY'
import json, sys
q, s = (json.load(open(f)) for f in sys.argv[1:])
if q.get("alert_to_page_p99_ms"):
    print(f"== probe p99 during the storm / quiet: {s.get('alert_to_page_p99_ms', 0) / q['alert_to_page_p99_ms']:.2f}x (target <= 2x)")
PY
echo "== bot RSS after the storm: $(awk '/VmRSS/ {print $2/1024 " MB"}' /proc/$bot/status); Redis $(redis-cli -p $port info memory | awk -F: '/used_memory_human/ {print $2}' | tr -d '\r')"

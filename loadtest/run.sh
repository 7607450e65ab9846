#!/usr/bin/env bash
# The load test in one command (docs/load-test.md): `make loadtest-prod`, or `loadtest/run.sh [USERS ...]`.
#
# Starts the production stack of `make run-prod` (nginx in front of gunicorn, the Huey consumer, PostgreSQL,
# Redis, DEBUG off, the second factor on) on a database of its own, seeded with the demo (15,000 workers of
# 金秀) and prepared by loadtest/prepare.py (200 staff accounts with phones); then, for each number of users
# (default: 50 for 3 minutes, 200 for 5), warms the workers, empties the test's Redis database (rate limits
# and caches of earlier runs) and runs locust through bench/load_test.py. Each run's figures go to
# var/loadtest-run/load_test-USERS.json (bench protocol) with `uptime` before and after; the stack's logs
# (gunicorn's, nginx's access and error logs) stay in var/run-prod/. Everything it started is stopped at the end.
#
#   LOAD_DATABASE_URL  the test database (default postgres://postgres@127.0.0.1:5432/lb_load_test; created)
#   LOAD_REDIS_URL     its Redis database, emptied before each run (default redis://127.0.0.1:6379/5)
#   LOAD_PORT          nginx's port (gunicorn on the next one; default 8765)
#   LOAD_TIME_50, LOAD_TIME_200, LOAD_TIME   run time for 50 users, 200 users, any other number
#   NGINX=0            without nginx (gunicorn alone on LOAD_PORT), to compare
#   LOAD_PYTHON        the Python whose folder holds locust (default .venv/bin/python, where `make loadtest-tools`
#                      puts it); the rest runs with .venv/bin/python
set -euo pipefail
cd "$(dirname "$0")/.."
umask 077
USERS=("${@:-50 200}")
read -r -a USERS <<<"${USERS[*]}"
PORT="${LOAD_PORT:-8765}"
PY=.venv/bin/python
LOCUST_PY="${LOAD_PYTHON:-$PY}"
export DATABASE_URL="${LOAD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/lb_load_test}"
export REDIS_URL="${LOAD_REDIS_URL:-redis://127.0.0.1:6379/5}"
REDIS_DB="${REDIS_URL##*/}"
OUT=var/loadtest-run
mkdir -p "$OUT" var/run-prod

[ -x "$(dirname "$LOCUST_PY")/locust" ] || { echo "loadtest: no locust beside $LOCUST_PY: make loadtest-tools" >&2; exit 1; }

# The stack (migrates, seeds the demo when the database is empty, makes var/prod.env's secrets once).
PORT="$PORT" setsid deploy/run-prod.sh >var/run-prod/stack.log 2>&1 &
stack=$!
trap 'kill -- -"$stack" 2>/dev/null || true; wait "$stack" 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 600); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" && break
  kill -0 "$stack" 2>/dev/null || { echo "loadtest: the stack stopped, see var/run-prod/stack.log" >&2; exit 1; }
  sleep 1
done

# The accounts, with the stack's own secrets (the TOTP devices are encrypted with its field key).
if [ ! -s var/loadtest/users.json ] || [ "${LOAD_PREPARE:-0}" = 1 ]; then
  (set -a; . var/prod.env; set +a; DEBUG=0 LOCAL_SECRETS=0 "$PY" loadtest/prepare.py --users 200 \
    --i-know-this-is-a-test-database)
fi

for users in "${USERS[@]}"; do
  case "$users" in 50) time="${LOAD_TIME_50:-3m}" ;; 200) time="${LOAD_TIME_200:-5m}" ;; *) time="${LOAD_TIME:-3m}" ;; esac
  # A worker's first request loads the URL configuration and templates: not part of the figures.
  for _ in $(seq 15); do curl -s -o /dev/null "http://127.0.0.1:$PORT/jobs/"; done
  "$PY" -c 'import os, redis; redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()'
  echo "loadtest: $users users for $time (Redis db $REDIS_DB emptied); before: $(uptime)"
  "$LOCUST_PY" bench/load_test.py --host "http://127.0.0.1:$PORT" --users "$users" --spawn-rate "$((users / 10))" \
    --run-time "$time" --json >"$OUT/load_test-$users.json" 2>"$OUT/load_test-$users.log"
  echo "loadtest: after: $(uptime)"
  "$PY" - "$OUT/load_test-$users.json" <<'PY'
import json, sys
figures = {f["name"]: f["value"] for f in json.load(open(sys.argv[1]))["figures"]}
print(f"loadtest: {figures['requests']:,} requests, {figures['throughput']:.1f} req/s, median "
      f"{figures['all requests median']:,.0f} ms, p95 {figures['all requests p95']:,.0f} ms, "
      f"failures {figures['failures']} -> {sys.argv[1]}")
PY
done

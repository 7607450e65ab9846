#!/usr/bin/env bash
# `make run-prod`: the production stack on this machine, for a try-out and the load test (docs/deploy.md).
# PostgreSQL (DATABASE_URL; the database is created when missing), Redis (REDIS_URL) for the cache, sessions,
# rate limits and the task queue, gunicorn with GUNICORN_WORKERS processes, the Huey consumer, and nginx in front
# when it is installed (NGINX=0 to leave it out). DEBUG is off: the secrets come from the environment; for
# the try-out they are made once into var/prod.env (0600), standing in for the operator's secret store.
# Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
umask 077

export DEBUG=0 LOCAL_SECRETS=0
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/laborbridge_prod}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/1}"
export DATABASE_POOL="${DATABASE_POOL:-1}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export TRUSTED_PROXIES="${TRUSTED_PROXIES:-127.0.0.1,::1}"
PORT="${PORT:-8000}"
NGINX="${NGINX:-1}"
VAR="${LABORBRIDGE_VAR_DIR:-var}"
RUN="$VAR/run-prod"
mkdir -p "$RUN"
export STATIC_ROOT="$(realpath -m "${STATIC_ROOT:-$VAR/staticfiles}")"  # what collectstatic fills, nginx serves

# Secrets: from the environment when given, else made once into var/prod.env.
if [ -z "${SECRET_KEY:-}" ] || [ -z "${FIELD_ENCRYPTION_KEY:-}" ]; then
  if [ ! -f "$VAR/prod.env" ]; then
    "$BIN/python" - >"$VAR/prod.env" <<'PY'
from laborbridge import config
print(f"SECRET_KEY={config.new_secret_key()}")
print(f"FIELD_ENCRYPTION_KEY={config.new_field_key()}")
PY
    chmod 600 "$VAR/prod.env"
    echo "run-prod: made SECRET_KEY and FIELD_ENCRYPTION_KEY into $VAR/prod.env (keep it: the data needs the key)"
  fi
  set -a; . "$VAR/prod.env"; set +a
fi

# The database: create it when it does not exist (trust or password auth as the URL says).
"$BIN/python" - <<'PY'
import os, psycopg, dj_database_url
db = dj_database_url.parse(os.environ["DATABASE_URL"])
params = dict(host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"] or None, password=db["PASSWORD"] or None)
with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
        conn.execute(f'CREATE DATABASE "{db["NAME"]}"')
        print(f"run-prod: created database {db['NAME']}")
PY
"$BIN/python" -c 'import os, redis; redis.Redis.from_url(os.environ["REDIS_URL"]).ping()' \
  || { echo "run-prod: Redis does not answer at $REDIS_URL" >&2; exit 1; }

"$BIN/laborbridge" migrate --noinput
"$BIN/laborbridge" collectstatic --noinput --verbosity 0
if [ "${SEED_DEMO:-1}" = 1 ]; then "$BIN/laborbridge" seed_demo --if-empty; fi

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

"$BIN/laborbridge" run_huey --workers "${HUEY_WORKERS:-2}" --quiet &
pids+=($!)

if [ "$NGINX" = 1 ] && command -v nginx >/dev/null; then
  # nginx on PORT, gunicorn behind it on PORT+1; nginx's own files under var/run-prod.
  export GUNICORN_BIND="127.0.0.1:$((PORT + 1))"
  export LB_LISTEN="127.0.0.1:$PORT" LB_SERVER_NAME="localhost" LB_UPSTREAM="$GUNICORN_BIND"
  export LB_STATIC_ROOT="$STATIC_ROOT/"
  root="$(cd "$RUN" && pwd)"
  mkdir -p "$root/nginx-temp"
  {
    # Started as root, nginx's workers would become www-data, which may not read var/ (0700): keep them ours.
    if [ "$(id -u)" = 0 ]; then echo "user root;"; fi
    echo "worker_processes 1; pid $root/nginx.pid; error_log $root/nginx-error.log;"
    echo "events { worker_connections 1024; }"
    echo "http { include /etc/nginx/mime.types; access_log $root/nginx-access.log;"
    echo "  client_body_temp_path $root/nginx-temp/body; proxy_temp_path $root/nginx-temp/proxy;"
    echo "  fastcgi_temp_path $root/nginx-temp/fastcgi; uwsgi_temp_path $root/nginx-temp/uwsgi; scgi_temp_path $root/nginx-temp/scgi;"
    envsubst '${LB_LISTEN} ${LB_SERVER_NAME} ${LB_UPSTREAM} ${LB_STATIC_ROOT}' <deploy/nginx.conf
    echo "}"
  } >"$root/nginx.conf"
  nginx -t -q -c "$root/nginx.conf" -p "$root"
  nginx -c "$root/nginx.conf" -p "$root" -g "daemon off;" &
  pids+=($!)
  echo "run-prod: nginx on http://127.0.0.1:$PORT (static files from $LB_STATIC_ROOT), gunicorn on $GUNICORN_BIND"
else
  export GUNICORN_BIND="127.0.0.1:$PORT"
  echo "run-prod: gunicorn on http://$GUNICORN_BIND (no nginx: static files through WhiteNoise)"
fi

"$BIN/gunicorn" -c deploy/gunicorn.conf.py laborbridge.wsgi:application &
pids+=($!)
wait -n "${pids[@]}"

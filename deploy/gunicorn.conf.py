"""gunicorn settings for LaborBridge (docs/deploy.md): `gunicorn -c deploy/gunicorn.conf.py laborbridge.wsgi`.

Every value can be changed by an environment variable, so that one file serves the try-out (`make run-prod`),
the load test and a real server.
"""

import multiprocessing
import os

# Behind nginx on the same machine: listen on loopback only. gunicorn leaves REMOTE_ADDR as nginx's; the
# application reads the client's from X-Forwarded-For of a TRUSTED_PROXIES peer (laborbridge/core/audit.py).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Processes × threads: each thread serves one request and holds one database connection from its process's
# pool while it does (DATABASE_POOL_SIZE ≥ GUNICORN_THREADS). Pages spend much of their time waiting on
# PostgreSQL, so a few threads per process keep the cores busy; the processes use both cores despite the GIL.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# Exports and imports run in the task queue (decision 0016); a request still held after this is stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
# Keep-alive: the side that closes an idle connection must be the client, never gunicorn. gthread closes a
# connection idle for `keepalive` seconds without looking whether a request has just arrived on it, and a
# request sent on it as it closes is answered with a reset (the load test's ConnectionResetErrors,
# docs/load-test.md). nginx keeps its connections to gunicorn for 60 s (`keepalive_timeout` in
# deploy/nginx.conf), so gunicorn waits longer; without nginx, browsers and locust reuse theirs well within it.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 75))
# No recycling by default: a gthread process that leaves after max_requests drops the connections it holds,
# requests in flight on them included (gunicorn issue #3038: 502s behind nginx, resets without it). Large
# work (imports, exports) runs in the task queue, so the web processes' memory does not grow with it;
# GUNICORN_MAX_REQUESTS turns recycling back on where a leak calls for it.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 0))
max_requests_jitter = max_requests // 10
# The scheme (X-Forwarded-Proto) is believed from loopback only; Django reads it with BEHIND_HTTPS_PROXY=1.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Whatever the server writes (temporary files) is the owner's only, as in laborbridge/wsgi.py.
umask = 0o077
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR") or None  # /dev/shm on hosts with a slow /tmp
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# No query strings in the access log: identifier searches are posted, but keep the log free of them anyway.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "laborbridge"

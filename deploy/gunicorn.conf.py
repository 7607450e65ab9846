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
# An export of a county (200,000 rows) takes tens of seconds; longer work belongs in the task queue.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5
# Recycle a process now and then: a long-lived process's memory only grows (large imports' checks, exports).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200
# The scheme (X-Forwarded-Proto) is believed from loopback only; Django reads it with BEHIND_HTTPS_PROXY=1.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Whatever the server writes (temporary files of exports) is the owner's only, as in laborbridge/wsgi.py.
umask = 0o077
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR") or None  # /dev/shm on hosts with a slow /tmp
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# No query strings in the access log: identifier searches are posted, but keep the log free of them anyway.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "laborbridge"

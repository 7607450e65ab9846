"""LaborBridge settings: one file, driven by environment variables validated at start-up."""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from laborbridge import config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = config.private_folder(Path(os.environ.get("LABORBRIDGE_VAR_DIR", BASE_DIR / "var")))

DEBUG = config.env_bool("DEBUG", False)
# Secrets come from the environment (or NAME_FILE); only in development are missing ones created in var/:
# with DEBUG off and no LOCAL_SECRETS=1, a missing secret stops the process (docs/deploy.md).
LOCAL_SECRETS = config.env_bool("LOCAL_SECRETS", DEBUG)
SECRET_KEY = config.secret(VAR_DIR, "SECRET_KEY", config.new_secret_key, local=LOCAL_SECRETS)
FIELD_ENCRYPTION_KEY = config.field_key_bytes(
    config.secret(VAR_DIR, "FIELD_ENCRYPTION_KEY", config.new_field_key, local=LOCAL_SECRETS)
)
# Key rotation (laborbridge rotate_field_key): the current key's version, and earlier keys by version.
FIELD_ENCRYPTION_KEY_VERSION = config.field_key_version()
FIELD_ENCRYPTION_KEYS_OLD = config.field_keys_old(FIELD_ENCRYPTION_KEY_VERSION)
ALLOWED_HOSTS = config.env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = config.env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "laborbridge.errors.csrf_failure"  # in Chinese, in the site's frame

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "huey.contrib.djhuey",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "laborbridge.core",
    "laborbridge.regions",
    "laborbridge.accounts",
    "laborbridge.workers",
    "laborbridge.employers",
    "laborbridge.employment",
    "laborbridge.ledger",
    "laborbridge.fairs",
    "laborbridge.training",
    "laborbridge.transport",
    "laborbridge.matching",
    "laborbridge.reports",
    "laborbridge.privacy",
    "laborbridge.portal",
    "laborbridge.help",
    "laborbridge.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "laborbridge.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "laborbridge.core.middleware.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "laborbridge.accounts.middleware.SignInGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "laborbridge.errors.ChineseNotFoundMiddleware",
]
# With DEBUG on, 404s still get the Chinese page (laborbridge/errors.py); 1 shows Django's technical page.
DEBUG_TECHNICAL_404 = config.env_bool("DEBUG_TECHNICAL_404", False)

ROOT_URLCONF = "laborbridge.urls"
WSGI_APPLICATION = "laborbridge.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "laborbridge" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "laborbridge.accounts.context_processors.navigation",
                "laborbridge.employment.context_processors.follow_ups",
                "laborbridge.help.context_processors.help_link",
            ],
        },
    },
]

# --- Production stack (docs/deploy.md; decision 0015) --------------------------------------------------------
# PostgreSQL with a pool: DATABASE_POOL=1 (psycopg's pool in each process, one machine) or DATABASE_PGBOUNCER=1
# (PgBouncer in transaction mode in front). REPLICA_DATABASE_URL adds the read replica `replica`, which reports
# and exports read from outside a write transaction (laborbridge/core/replica.py).
DATABASES = {"default": config.database_connections(config.database(VAR_DIR / "laborbridge.sqlite3"))}
if replica := config.replica_database(DATABASES["default"]):
    DATABASES["replica"] = replica
DATABASE_ROUTERS = ["laborbridge.core.replica.ReplicaRouter"]
# Uploaded ledgers and error workbooks (`private`): var/imports, or an S3-compatible bucket (STORAGE_S3_*), so
# that an application server keeps nothing of its own. Static files: `laborbridge collectstatic` into
# STATIC_ROOT, served by nginx in production (deploy/nginx.conf), by WhiteNoise otherwise.
STORAGES = {
    "default": config.private_storage(VAR_DIR),
    "private": config.private_storage(VAR_DIR),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        # Public files, read by nginx's own user: not the 0600 the commands' umask would give them.
        "OPTIONS": {"file_permissions_mode": 0o644, "directory_permissions_mode": 0o755},
    },
}
# --------------------------------------------------------------------------------------------------------------
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["laborbridge.accounts.lockout.LockoutBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
# The user guide, served as 帮助 (laborbridge/help): docs/guide of the checkout unless set elsewhere.
HELP_GUIDE_DIR = Path(os.environ.get("HELP_GUIDE_DIR", BASE_DIR / "docs" / "guide"))

LOCALE_PATHS = [BASE_DIR / "laborbridge" / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
# Dates read and shown as YYYY-MM-DD (laborbridge/formats/zh_Hans/formats.py).
FORMAT_MODULE_PATH = ["laborbridge.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
# WhiteNoise serves from finders; it expects the folder.
STATIC_ROOT.mkdir(mode=0o700, parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "laborbridge" / "static"]
# Serve straight from the app folders, so `make run` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True

# Signing in (docs/decisions/0007-sign-in-and-sessions.md). Roles that see personal data take a one-time code
# (TOTP) after the password; demo accounts skip it while DEBUG is on (`make run` turns DEBUG on).
OTP_REQUIRED = config.env_bool("OTP_REQUIRED", True)
OTP_TOTP_ISSUER = "劳务协作服务平台"
OTP_TOTP_THROTTLE_FACTOR = 1
# A password older than this many days must be changed at the next sign-in (0: never expires).
PASSWORD_MAX_AGE_DAYS = config.env_int("PASSWORD_MAX_AGE_DAYS", 180)
# A session ends after this long without a request, and in any case this long after signing in.
SESSION_IDLE_MINUTES = config.env_int("SESSION_IDLE_MINUTES", 30)
SESSION_ABSOLUTE_HOURS = config.env_int("SESSION_ABSOLUTE_HOURS", 8)
# Failed sign-ins within the window lock: a username from one address; one address for every username;
# and, higher, a username from everywhere. A stranger elsewhere cannot lock a colleague out with a few tries.
LOGIN_FAILURE_WINDOW_MINUTES = 15
LOGIN_FAILURES_PER_USERNAME_AND_IP = 5
LOGIN_FAILURES_PER_IP = 20
LOGIN_FAILURES_PER_USERNAME = 50

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * SESSION_ABSOLUTE_HOURS
# Served over HTTPS (production; `laborbridge check --deploy` is clean with it, see docs/security.md):
# cookies only over HTTPS, plain HTTP redirected, HSTS for a year. SECURE_COOKIES is its older name.
HTTPS = config.env_bool("HTTPS", config.env_bool("SECURE_COOKIES", False))
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's probe may come over plain HTTP
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and config.env_bool("HSTS_PRELOAD", True)
# Behind a reverse proxy that ends TLS and says so in X-Forwarded-Proto (set only when it overwrites it).
if config.env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Our own reverse proxies (addresses or networks, comma-separated): from a request that comes through one, the
# client's address is read from X-Forwarded-For (laborbridge/core/audit.py, request_address). Empty: the peer.
TRUSTED_PROXIES = config.env_networks("TRUSTED_PROXIES")  # checked at start
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# A cache shared by every process: rate limits (identifier searches, sign-up codes) must hold across the web
# server's workers. The database on one machine; Redis when REDIS_URL is set.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("REDIS_URL", ""),
        }
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "laborbridge_cache"}
    )
}
# Sessions: in the database; with Redis, read through the cache and still written to the database (a restart
# of Redis signs nobody out). Ending a user's sessions does not search the store (decision 0007).
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if os.environ.get("REDIS_URL")
    else "django.contrib.sessions.backends.db"
)
# Searches by an identifier (ID number, its last digits, a phone) a user may make in a window, audited each.
IDENTIFIER_SEARCHES = int(os.environ.get("IDENTIFIER_SEARCHES", "30"))
IDENTIFIER_SEARCH_WINDOW = 10 * 60
# Searches by the last digits of an ID a user may make in a day: a tail search can narrow the hidden digits of
# a masked number the user already sees, so it is capped per day as well (docs/security.md).
ID_TAIL_SEARCHES_PER_DAY = int(os.environ.get("ID_TAIL_SEARCHES_PER_DAY", "60"))
ID_TAIL_SEARCH_WINDOW = 24 * 60 * 60
# Conflicts with another region's registration (registering, importing) a user may meet in a day, audited each.
REGISTERED_ELSEWHERE_LIMIT = int(os.environ.get("REGISTERED_ELSEWHERE_LIMIT", "200"))
REGISTERED_ELSEWHERE_WINDOW = 24 * 60 * 60
# Public sign-ups for a job fair from one address (shared cache): enough for a family, not for a script.
FAIR_PREREGISTRATIONS_PER_IP = 10
FAIR_PREREGISTRATION_WINDOW = 60 * 60
# Matching: overrides of the scorer's weights (laborbridge.matching.scoring.Weights), e.g. as tuned by
# `laborbridge match_eval --tune`; empty keeps the defaults.
MATCHING_WEIGHTS: dict[str, float] = {}

# The public job board (laborbridge/portal): the text-message sender of its phone codes (a dotted path; see
# laborbridge/portal/sms.py for the interface a real provider's backend implements), and its rate limits
# per phone and per address: (how many, in how many seconds).
SMS_BACKEND = os.environ.get("SMS_BACKEND", "laborbridge.portal.sms.LogSmsBackend")
# The public job board's pages are kept this many seconds in the shared cache (0: read every time); the same
# for every visitor, they were the load test's largest share of server time (docs/load-test.md).
PUBLIC_BOARD_CACHE_SECONDS = config.env_int("PUBLIC_BOARD_CACHE_SECONDS", 30)
PORTAL_LIMITS = {
    "codes_per_phone": (5, 60 * 60),
    "codes_per_ip": (30, 60 * 60),
    "sign_ups_per_phone": (10, 24 * 60 * 60),
    "sign_ups_per_ip": (30, 60 * 60),
}

# Background work: Huey with its queue in var/ (SQLite), or in Redis when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
HUEY = {
    "name": "laborbridge",
    "immediate": False,
    "consumer": {"workers": 2, "worker_type": "thread"},
    **(
        {"huey_class": "huey.RedisHuey", "url": REDIS_URL}
        if REDIS_URL
        else {"huey_class": "huey.SqliteHuey", "filename": str(config.private_file(VAR_DIR / "huey.sqlite3"))}
    ),
}

# Ledger uploads larger than this are refused with a message (split the file).
LEDGER_MAX_UPLOAD_MB = 50
# Spreadsheets are read in a child process under these caps, after the archive and the declared sheet
# size are checked (laborbridge/core/sheet_reader.py); a file beyond them gets a message, not a crash.
SPREADSHEET_LIMITS = {
    "memory_bytes": 1536 * 2**20,  # the reading process's address space
    "seconds": 300,  # wall clock for reading one file
    "max_rows": 1_048_576,
    "max_columns": 1000,
    "max_cells": 20_000_000,  # rows x columns of a sheet's bounding box
    "max_entries": 2000,  # files inside an .xlsx/.ods
    "max_entry_bytes": 1024 * 2**20,
    "max_total_bytes": 1536 * 2**20,  # uncompressed
    "max_ratio": 100,  # uncompressed / compressed size of one entry above 1 MB
}
# A job still checking or importing this long after its last sign of life lost its worker.
LEDGER_JOB_STALE_MINUTES = 30
# An export's workbook is kept (encrypted, for the user who asked only) this long, then removed.
EXPORT_KEEP_HOURS = int(os.environ.get("EXPORT_KEEP_HOURS", "24"))
# Chartered buses: the planner's time budget per departure day when staff press 自动排车 (a background job).
TRANSPORT_PLAN_SECONDS_PER_DAY = 2.0
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# A spell must last at least this many days to count as "employed" in the indicators (0: any spell);
# the yearly cooperation notice sets it.
EMPLOYED_MIN_DAYS = int(os.environ.get("EMPLOYED_MIN_DAYS", "0"))

# Tokens for the JSON API expire after this many days.
API_TOKEN_DAYS = config.env_int("API_TOKEN_DAYS", 30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

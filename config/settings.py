"""Jiwon settings. Every deployment-specific value comes from an environment variable.

See README.md ("Configuration") for the full list.
"""

import os
import re
import tempfile
from pathlib import Path

import dj_database_url
from csp import constants as csp_constants
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("JIWON_VAR_DIR", str(BASE_DIR / "var")))

JIWON_ENV = env_str("JIWON_ENV", "development")
if JIWON_ENV not in ("development", "production"):
    raise ImproperlyConfigured(f"JIWON_ENV must be development or production, not {JIWON_ENV!r}")
DEBUG = env_bool("JIWON_DEBUG", JIWON_ENV == "development")
SECRET_KEY = env_str("JIWON_SECRET_KEY", "")
if not SECRET_KEY:
    if JIWON_ENV == "production":
        raise ImproperlyConfigured("JIWON_SECRET_KEY must be set when JIWON_ENV=production")
    SECRET_KEY = "development-only-key-not-for-production"
# The key of the audit chain's checkpoints (jiwon/audit/checkpoints.py): outside the database,
# so that whoever can write to it cannot forge a checkpoint. Empty: derived from SECRET_KEY.
JIWON_AUDIT_KEY = env_str("JIWON_AUDIT_KEY", "")
JIWON_AUDIT_CHECKPOINT_MINUTES = env_int("JIWON_AUDIT_CHECKPOINT_MINUTES", 60, minimum=1)
ALLOWED_HOSTS = env_list("JIWON_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("JIWON_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # django.contrib.admin on a site that follows Jiwon's roles (jiwon/core/admin_site.py).
    "jiwon.core.apps.JiwonAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "jiwon.core",
    "jiwon.accounts",
    "jiwon.audit",
    "jiwon.privacy",
    "jiwon.companies",
    "jiwon.programs",
    "jiwon.outcomes",
    "jiwon.applications",
    "jiwon.reviews",
    "jiwon.equipment",
    "jiwon.loans",
    "jiwon.grants",
    "jiwon.spaces",
    "jiwon.demo",
    "jiwon.ops",
]

MIDDLEWARE = [
    # Before anything that can wait: the arrival time is what submission deadlines are
    # judged on (jiwon/core/arrival.py).
    "jiwon.core.arrival.ArrivalTimeMiddleware",
    # First, so that every log line of a request carries its id (jiwon/ops).
    "jiwon.ops.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files compressed, with far-future caching of their hashed names, in production
    # (the development server serves them itself).
    *(["whitenoise.middleware.WhiteNoiseMiddleware"] if JIWON_ENV == "production" else []),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(), then the session held at the second factor until it is given.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle and absolute session lifetime, then no-store on signed-in pages and downloads.
    "jiwon.accounts.middleware.SessionLifetimeMiddleware",
    "jiwon.accounts.middleware.NoStoreMiddleware",
    "jiwon.accounts.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # A page, not a blank answer, for a form's address opened with GET (jiwon/core/middleware.py).
    "jiwon.core.middleware.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jiwon.core.context_processors.navigation",
            ],
        },
    },
]

_default_db = f"sqlite:///{VAR_DIR / 'jiwon.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _default_db))}
_engine = DATABASES["default"]["ENGINE"]
if _engine not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
    raise ImproperlyConfigured(f"DATABASE_URL must point to SQLite or PostgreSQL, not {_engine}")
if _engine == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        # SQLite creates the file but not its folder: a fresh clone has no var/ yet.
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Django's backend with writers of one process waiting in line (jiwon/core/sqlite).
    DATABASES["default"]["ENGINE"] = "jiwon.core.sqlite"
    # WAL lets readers read while one transaction writes; IMMEDIATE takes the write lock when
    # a transaction begins, so a writer waits there (busy timeout, seconds) rather than
    # failing half-way through.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("JIWON_SQLITE_BUSY_TIMEOUT", 15, minimum=1),
    }
    # Tests run on a file, not in memory: the browser tests' live server answers requests in
    # several threads, and Django would share one in-memory connection between them, so two
    # requests at once (an autosave beside a form post) could fail. One file per process.
    _test_file = Path(tempfile.gettempdir()) / f"jiwon-test-{os.getpid()}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(_test_file)}
if env_str("JIWON_TEST_DB_NAME", ""):
    # Lets several test runs share one PostgreSQL server without clashing on test_<name>.
    DATABASES["default"]["TEST"] = {"NAME": env_str("JIWON_TEST_DB_NAME", "")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Every login passes the throttle (jiwon/accounts/throttle.py says what it counts).
AUTHENTICATION_BACKENDS = ["jiwon.accounts.backends.ThrottledModelBackend"]
# The name authenticator apps show beside the code (jiwon/accounts/two_factor.py).
OTP_TOTP_ISSUER = "Jiwon"
LOGIN_FAILURE_LIMIT = env_int("JIWON_LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("JIWON_LOGIN_ADDRESS_FAILURE_LIMIT", 50, minimum=1)
LOGIN_BACKOFF_SECONDS = env_int("JIWON_LOGIN_BACKOFF_SECONDS", 30, minimum=1)
# Number of reverse proxies in front of Jiwon that append to X-Forwarded-For (0: none).
JIWON_TRUSTED_PROXIES = env_int("JIWON_TRUSTED_PROXIES", 0, minimum=0)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("JIWON_LOGIN_FAILURE_WINDOW_SECONDS", 900, minimum=1)
PASSWORD_RESET_EMAIL_LIMIT = env_int("JIWON_PASSWORD_RESET_EMAIL_LIMIT", 3, minimum=1)
PASSWORD_RESET_ADDRESS_LIMIT = env_int("JIWON_PASSWORD_RESET_ADDRESS_LIMIT", 20, minimum=1)
SIGNUP_ADDRESS_LIMIT = env_int("JIWON_SIGNUP_ADDRESS_LIMIT", 20, minimum=1)

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "jiwon" / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"

EMAIL_BACKEND = env_str("JIWON_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("JIWON_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("JIWON_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("JIWON_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("JIWON_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("JIWON_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("JIWON_DEFAULT_FROM_EMAIL", "jiwon@localhost")

# Production queues background work in the database for the task worker (`jiwon serve`).
_default_tasks = (
    "django_tasks_db.DatabaseBackend"
    if JIWON_ENV == "production"
    else "django_tasks.backends.immediate.ImmediateBackend"
)
TASKS = {"default": {"BACKEND": env_str("JIWON_TASKS_BACKEND", _default_tasks)}}

# Personal data (jiwon/privacy). The access log is kept this many years: 개인정보의 안전성
# 확보조치 기준 제8조 requires at least 1, and 2 for a system holding 50,000 or more people or
# sensitive or unique identifying data.
JIWON_PERSONAL_ACCESS_LOG_YEARS = env_int("JIWON_PERSONAL_ACCESS_LOG_YEARS", 2, minimum=1)
# The monthly review flags an account that reached this many persons' data in a month, and
# lists every export of at least JIWON_PRIVACY_BULK_EXPORT persons.
JIWON_PRIVACY_MONTHLY_PERSONS = env_int("JIWON_PRIVACY_MONTHLY_PERSONS", 500, minimum=1)
JIWON_PRIVACY_BULK_EXPORT = env_int("JIWON_PRIVACY_BULK_EXPORT", 100, minimum=1)

# Companies whose address lies in these 시군구 codes are 관내 (local). Anyang by default.
# 41170 (안양시) too: a company filed under the city without its 구 is in Anyang all the same.
JIWON_LOCAL_REGION_CODES = env_list("JIWON_LOCAL_REGION_CODES", ["41170", "41171", "41173"])
JIWON_AGENCY_NAME = env_str("JIWON_AGENCY_NAME", "안양산업진흥원")
JIWON_AGENCY_NAME_EN = env_str("JIWON_AGENCY_NAME_EN", "Anyang Industry Promotion Agency")
JIWON_PAGE_SIZE = env_int("JIWON_PAGE_SIZE", 25, minimum=1)
# Evaluators read an application they evaluate until this many days after the evaluation ended.
JIWON_EVALUATOR_ACCESS_GRACE_DAYS = env_int("JIWON_EVALUATOR_ACCESS_GRACE_DAYS", 7, minimum=0)

# Request bodies apart from uploaded files: the largest real form (a programme's application
# form definition, a step of long Korean answers, percent-encoded at 9 bytes a character) is
# far below 1 MiB. Django refuses more with 400 before any view reads it. Files have their own
# limit per field (jiwon/core/uploads.py) and the proxy's client_max_body_size.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("JIWON_MAX_FORM_BYTES", 1024 * 1024, minimum=64 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

SESSION_COOKIE_HTTPONLY = True
# A signed-in session ends after this long without a request, and after SESSION_COOKIE_AGE
# whatever happens (jiwon/accounts/middleware.py).
SESSION_IDLE_SECONDS = env_int("JIWON_SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SESSION_COOKIE_AGE = env_int("JIWON_SESSION_MAX_AGE_SECONDS", 12 * 3600, minimum=300)

# HTTPS in production: cookies only over TLS, every http:// request redirected (except the
# health checks, which the machine itself asks over plain HTTP), and HSTS for a year with
# subdomains and preloading, so that `jiwon check --deploy` finds nothing (tests/test_settings.py).
_production = JIWON_ENV == "production"
SESSION_COOKIE_SECURE = env_bool("JIWON_SECURE_COOKIES", _production)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("JIWON_SSL_REDIRECT", _production)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int(
    "JIWON_HSTS_SECONDS", 365 * 24 * 3600 if _production else 0, minimum=0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("JIWON_HSTS_INCLUDE_SUBDOMAINS", _production)
SECURE_HSTS_PRELOAD = env_bool("JIWON_HSTS_PRELOAD", _production)
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): scripts, styles, fonts and images only from Jiwon
# itself; no inline script or style (tests/test_templates_csp.py keeps templates free of them),
# no framing, forms post only here. The API's Swagger page is Swagger UI's own and is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/api/v1/docs"],
    "DIRECTIVES": {
        "default-src": [csp_constants.SELF],
        "script-src": [csp_constants.SELF],
        "style-src": [csp_constants.SELF],
        "img-src": [csp_constants.SELF, "data:"],
        "font-src": [csp_constants.SELF],
        "connect-src": [csp_constants.SELF],
        "object-src": [csp_constants.NONE],
        "base-uri": [csp_constants.SELF],
        "form-action": [csp_constants.SELF],
        "frame-ancestors": [csp_constants.NONE],
    },
}

# The production stack (jiwon/ops, README "Running in production").
JIWON_BIND = env_str("JIWON_BIND", "127.0.0.1:8000")
# gunicorn processes and threads per process: 2 workers x 4 threads measured best on 2 cores
# (docs/benchmarks.md, bench/rush).
JIWON_WEB_WORKERS = env_int("JIWON_WEB_WORKERS", 2, minimum=1)
JIWON_WEB_THREADS = env_int("JIWON_WEB_THREADS", 4, minimum=1)
JIWON_WEB_TIMEOUT = env_int("JIWON_WEB_TIMEOUT", 60, minimum=1)
# The proxies whose X-Forwarded-Proto gunicorn believes (the proxy runs on the same machine).
JIWON_FORWARDED_ALLOW_IPS = env_list("JIWON_FORWARDED_ALLOW_IPS", ["127.0.0.1", "::1"])
JIWON_GUNICORN_ACCESS_LOG = env_bool("JIWON_GUNICORN_ACCESS_LOG", False)
JIWON_SLOW_REQUEST_MS = env_int("JIWON_SLOW_REQUEST_MS", 1000, minimum=1)
JIWON_WORKER_HEARTBEAT_MAX_AGE = env_int("JIWON_WORKER_HEARTBEAT_MAX_AGE", 180, minimum=60)
# Calls to /api/v1 per token (or signed-in user, or anonymous address) and period, answered
# 429 with Retry-After beyond it. Counted by the site's one throttle (jiwon/core/throttle.py), in
# locked database rows, so every app server and gunicorn process shares the count exactly.
JIWON_API_RATE_LIMIT = env_str("JIWON_API_RATE_LIMIT", "300/min")
if not re.fullmatch(r"[1-9][0-9]*/(s|sec|m|min|h|hour|d|day)", JIWON_API_RATE_LIMIT):
    raise ImproperlyConfigured(
        "JIWON_API_RATE_LIMIT must look like 300/min (or /s, /h, /day), "
        f"not {JIWON_API_RATE_LIMIT!r}"
    )
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        # Created by a migration of jiwon.ops, so `migrate` is all a new database needs.
        "LOCATION": "jiwon_cache",
    }
}
# `jiwon worker` rides out database errors (locked, restarting) for this long before it exits.
JIWON_WORKER_DB_OUTAGE_SECONDS = env_int("JIWON_WORKER_DB_OUTAGE_SECONDS", 600, minimum=1)

# Static files: hashed names, compressed copies, cached for a year, in production; the plain
# storage elsewhere, so development and tests need no collectstatic.
_static_storage = (
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
    if JIWON_ENV == "production"
    else "django.contrib.staticfiles.storage.StaticFilesStorage"
)
# Uploaded files: on local disk (MEDIA_ROOT) by default; in an S3-compatible bucket with
# JIWON_STORAGE=s3, so that several app servers share them. Always private: every file goes
# out through a permission-checked download view, never by a public address.
JIWON_STORAGE = env_str("JIWON_STORAGE", "local")
if JIWON_STORAGE == "local":
    _uploads: dict[str, object] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif JIWON_STORAGE == "s3":
    if not env_str("JIWON_S3_BUCKET", ""):
        raise ImproperlyConfigured("JIWON_STORAGE=s3 needs JIWON_S3_BUCKET")
    _uploads = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("JIWON_S3_BUCKET", ""),
            "endpoint_url": env_str("JIWON_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("JIWON_S3_REGION", "") or None,
            "access_key": env_str("JIWON_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("JIWON_S3_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("JIWON_S3_PREFIX", ""),
            "default_acl": "private",
            "querystring_auth": True,
            # Two uploads with one name never overwrite each other (as on disk).
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfigured(f"JIWON_STORAGE must be local or s3, not {JIWON_STORAGE!r}")
STORAGES = {
    "default": _uploads,
    "staticfiles": {"BACKEND": env_str("JIWON_STATIC_STORAGE", _static_storage)},
}

JIWON_LOG_FORMAT = env_str("JIWON_LOG_FORMAT", "json" if JIWON_ENV == "production" else "text")
if JIWON_LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"JIWON_LOG_FORMAT must be json or text, not {JIWON_LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "jiwon.ops.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "jiwon.ops.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": JIWON_LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("JIWON_LOG_LEVEL", "WARNING")},
    # One line per request at INFO in production (JIWON_ACCESS_LOG); slow ones at WARNING.
    "loggers": {
        "jiwon.request": {
            "level": "INFO"
            if env_bool("JIWON_ACCESS_LOG", JIWON_ENV == "production")
            else "WARNING"
        },
    },
}

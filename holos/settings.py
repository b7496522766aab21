"""Holos settings: one file, read from environment variables.

Clone, install, run: with no variables set, Holos runs on SQLite under ``var/`` with
files on disk and the database-backed task queue. Every variable is listed in README.md.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HOLOS_VAR_DIR", BASE_DIR / "var"))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("DEBUG", False)


def _secret_key() -> str:
    """SECRET_KEY from the environment, or one made once and kept under ``var/``.

    Keeping a generated key on disk means a fresh install is never shipped with a
    known key, and sessions survive restarts.
    """
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        import secrets

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "holos.accounts",
    "holos.audit",
    "holos.imports",
    "holos.plans",
    "holos.work",
    "holos.reports",
    "holos.surveys",
    "holos.suggestions",
    "holos.outbox",
    "holos.publishing",
    "holos.builder",
    "holos.api",
    "holos.programmes",
]

MIDDLEWARE = [
    "holos.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "holos.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "holos.accounts.middleware.ContentSecurityPolicyMiddleware",
    "holos.accounts.middleware.PrivacyHeadersMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# The public forms, a survey's and the suggestion box's, go a shorter way through the
# middleware (``holos.handlers``): the residents who send them are not signed in and the
# pages show nothing of a signed-in person, so the session, the signed-in user and their
# language, messages, htmx, the sign-in lockout and the static files have nothing to do
# there. The checks and headers of every page stay.
HOLOS_PUBLIC_FORM_URLS = ["survey_public", "suggestion_form", "suggestion_thanks"]
HOLOS_PUBLIC_FORM_MIDDLEWARE = [
    name for name in MIDDLEWARE if name not in {
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "holos.accounts.middleware.UserLanguageMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django_htmx.middleware.HtmxMiddleware",
        "axes.middleware.AxesMiddleware",
    }
]

ROOT_URLCONF = "holos.urls"
WSGI_APPLICATION = "holos.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "holos" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # {% site_header %} on every page, without a {% load %}.
            "builtins": ["holos.navigation", "holos.describe"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'holos.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker and the web server use the file at the same time. A
    # transaction takes the write lock when it begins (IMMEDIATE): a deferred one that
    # read first cannot upgrade its lock while another writes and fails at once with
    # "database is locked", whatever the timeout; an immediate one waits its turn for up
    # to HOLOS_SQLITE_TIMEOUT seconds.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": int(os.environ.get("HOLOS_SQLITE_TIMEOUT", "20")),
        "transaction_mode": "IMMEDIATE",
    })
# A survey response's statement is prepared on its PostgreSQL connection, planned once
# instead of for every response; "0" for a pooler that cannot keep prepared statements.
HOLOS_DATABASE_PREPARED = os.environ.get("HOLOS_DATABASE_PREPARED", "1").strip() != "0"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Background work: the database queue by default (the worker starts with `holos serve`);
# a Redis queue (RQ) for workers on any number of machines. Short names or dotted paths.
TASK_BACKENDS = {"database": "django_tasks_db.DatabaseBackend", "rq": "django_tasks_rq.RQBackend"}
_tasks_backend = os.environ.get("TASKS_BACKEND", "").strip() or "database"
TASKS = {"default": {"BACKEND": TASK_BACKENDS.get(_tasks_backend, _tasks_backend), "QUEUES": ["default"]}}
# The Redis server of the RQ queue.
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
if TASKS["default"]["BACKEND"] == TASK_BACKENDS["rq"]:
    INSTALLED_APPS.append("django_rq")
# A job may run this long (seconds) before RQ stops it: the longest report or mailing.
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": int(os.environ.get("HOLOS_TASK_TIMEOUT", "3600"))}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Signing in is throttled per account and per address (django-axes, see holos.accounts.throttling).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
HOLOS_LOGIN_FAILURE_LIMIT = int(os.environ.get("HOLOS_LOGIN_FAILURE_LIMIT", "5"))
HOLOS_LOGIN_LOCKOUT_MINUTES = int(os.environ.get("HOLOS_LOGIN_LOCKOUT_MINUTES", "30"))
AXES_FAILURE_LIMIT = HOLOS_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = HOLOS_LOGIN_LOCKOUT_MINUTES / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: an account, or an address
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "holos.accounts.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "holos.accounts.throttling.lockout_response"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False
# Password reset requests and invitation pages, per address and per account, each hour.
HOLOS_RESET_LIMIT = int(os.environ.get("HOLOS_RESET_LIMIT", "5"))
HOLOS_INVITATION_LIMIT = int(os.environ.get("HOLOS_INVITATION_LIMIT", "20"))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", _("Ukrainian")), ("en", _("English")), ("cs", _("Czech"))]
LOCALE_PATHS = [BASE_DIR / "holos" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Kyiv")

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "holos" / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"


def _file_storage(environ) -> dict:
    """Where uploaded files live: ``MEDIA_ROOT`` on disk, or an S3-compatible bucket when ``S3_BUCKET`` is set.

    Files are private either way: objects are written without a public grant, and pages
    stream them to people who pass the access checks; nobody is given the bucket's address.
    """
    bucket = environ.get("S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": environ.get("S3_ENDPOINT_URL") or None,
            "region_name": environ.get("S3_REGION") or None,
            "access_key": environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": environ.get("S3_SECRET_ACCESS_KEY") or None,
            "location": environ.get("S3_PREFIX", "").strip("/"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }


STORAGES = {
    "default": _file_storage(os.environ),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and _env_bool("HOLOS_MANIFEST_STATIC", True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Holos <holos@localhost>")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _env_bool("SECURE_COOKIES", not DEBUG and SITE_URL.startswith("https"))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", False)
# Load balancers ask for the health of each process over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _env_bool("BEHIND_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Scripts, styles, images and fonts come from Holos itself and nowhere else; nothing
# inline runs (htmx is told not to add its own style or evaluate code, see base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
# Browser features no page of Holos uses, switched off for every page.
HOLOS_PERMISSIONS_POLICY = ("accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
                            "gyroscope=(), microphone=(), magnetometer=(), midi=(), payment=(), usb=(), "
                            "interest-cohort=()")

# The largest document an import accepts, in bytes.
# An organisation's own Typst templates for PDF exports: <folder>/<organisation slug>/plan.typ
# (the plan's table) and report.typ (progress reports), adapted from holos/exports/templates/.
HOLOS_TEMPLATES_DIR = Path(os.environ.get("HOLOS_TEMPLATES_DIR", VAR_DIR / "templates"))
HOLOS_IMPORT_MAX_BYTES = int(os.environ.get("HOLOS_IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
# A document is read in the background, in a child process held to these limits (see
# holos.core.importers.sandbox): CPU seconds, memory (address space) and the size of
# what it reads out, in megabytes, and how long to wait for it at most.
HOLOS_IMPORT_CPU_SECONDS = int(os.environ.get("HOLOS_IMPORT_CPU_SECONDS", "60"))
HOLOS_IMPORT_MEMORY_MB = int(os.environ.get("HOLOS_IMPORT_MEMORY_MB", "1024"))
HOLOS_IMPORT_OUTPUT_MB = int(os.environ.get("HOLOS_IMPORT_OUTPUT_MB", "32"))
HOLOS_IMPORT_WALL_SECONDS = int(os.environ.get("HOLOS_IMPORT_WALL_SECONDS", "300"))
HOLOS_IMPORT_NICENESS = int(os.environ.get("HOLOS_IMPORT_NICENESS", "10"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The largest evidence file (a report, a photo) that can be attached to work, in bytes.
HOLOS_EVIDENCE_MAX_BYTES = int(os.environ.get("HOLOS_EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024)))

# The local hour (in each organisation's time zone) after which the daily reminders and
# the list of overdue work are sent.
HOLOS_REMINDER_HOUR = int(os.environ.get("HOLOS_REMINDER_HOUR", "8"))

# The defences of public forms (holos.defences), per form: the survey, the suggestion box,
# the newsletter's subscribe form. Fill time in seconds at least; age in seconds after which
# the form is given again; submissions per address per window, per address a day, and from
# everyone per window (0: no limit). See README.


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


HOLOS_SURVEY_MIN_SECONDS = _env_int("HOLOS_SURVEY_MIN_SECONDS", 3)
HOLOS_SURVEY_FORM_MAX_AGE = _env_int("HOLOS_SURVEY_FORM_MAX_AGE", 172800)
HOLOS_SURVEY_ADDRESS_LIMIT = _env_int("HOLOS_SURVEY_ADDRESS_LIMIT", 30)
HOLOS_SURVEY_ADDRESS_WINDOW = _env_int("HOLOS_SURVEY_ADDRESS_WINDOW", 600)
HOLOS_SURVEY_DAILY_LIMIT = _env_int("HOLOS_SURVEY_DAILY_LIMIT", 0)
HOLOS_SURVEY_GLOBAL_LIMIT = _env_int("HOLOS_SURVEY_GLOBAL_LIMIT", 600)
HOLOS_SURVEY_GLOBAL_WINDOW = _env_int("HOLOS_SURVEY_GLOBAL_WINDOW", 60)
HOLOS_SUGGESTION_MIN_SECONDS = _env_int("HOLOS_SUGGESTION_MIN_SECONDS", 3)
HOLOS_SUGGESTION_FORM_MAX_AGE = _env_int("HOLOS_SUGGESTION_FORM_MAX_AGE", 172800)
HOLOS_SUGGESTION_ADDRESS_LIMIT = _env_int("HOLOS_SUGGESTION_ADDRESS_LIMIT", 5)
HOLOS_SUGGESTION_ADDRESS_WINDOW = _env_int("HOLOS_SUGGESTION_ADDRESS_WINDOW", 600)
HOLOS_SUGGESTION_DAILY_LIMIT = _env_int("HOLOS_SUGGESTION_DAILY_LIMIT", 30)
HOLOS_SUGGESTION_GLOBAL_LIMIT = _env_int("HOLOS_SUGGESTION_GLOBAL_LIMIT", 0)
HOLOS_SUGGESTION_GLOBAL_WINDOW = _env_int("HOLOS_SUGGESTION_GLOBAL_WINDOW", 60)
HOLOS_SUBSCRIBE_MIN_SECONDS = _env_int("HOLOS_SUBSCRIBE_MIN_SECONDS", 3)
HOLOS_SUBSCRIBE_FORM_MAX_AGE = _env_int("HOLOS_SUBSCRIBE_FORM_MAX_AGE", 172800)
HOLOS_SUBSCRIBE_ADDRESS_LIMIT = _env_int("HOLOS_SUBSCRIBE_ADDRESS_LIMIT", 5)
HOLOS_SUBSCRIBE_ADDRESS_WINDOW = _env_int("HOLOS_SUBSCRIBE_ADDRESS_WINDOW", 600)
HOLOS_SUBSCRIBE_DAILY_LIMIT = _env_int("HOLOS_SUBSCRIBE_DAILY_LIMIT", 30)
HOLOS_SUBSCRIBE_GLOBAL_LIMIT = _env_int("HOLOS_SUBSCRIBE_GLOBAL_LIMIT", 0)
HOLOS_SUBSCRIBE_GLOBAL_WINDOW = _env_int("HOLOS_SUBSCRIBE_GLOBAL_WINDOW", 60)
# How long a suggestion's message is kept by default (an administrator may change it per organisation).
HOLOS_SUGGESTION_RETENTION_DAYS = _env_int("HOLOS_SUGGESTION_RETENTION_DAYS", 365)
# Responses to one survey from one address that are shown to staff as a burst.
HOLOS_SURVEY_BURST_SIZE = int(os.environ.get("HOLOS_SURVEY_BURST_SIZE", "5"))
HOLOS_TRUSTED_PROXY_COUNT = int(os.environ.get("HOLOS_TRUSTED_PROXY_COUNT", "0"))


def _shared_cache(value: str) -> dict:
    """The cache that every server process counts in: "memory", "database" or a redis:// URL.

    Local memory is right for the embedded default, one server process. With several,
    each would count submissions on its own and the limits would multiply; the database
    (table ``holos_cache``, made by ``holos serve``) or Redis keeps one count for all.
    """
    if value in ("", "memory"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "holos-shared"}
    if value == "database":
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "holos_cache"}
    if value.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": value}
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f'HOLOS_SHARED_CACHE must be "memory", "database" or a redis:// URL, not {value!r}')


CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "holos"},
    "shared": _shared_cache(os.environ.get("HOLOS_SHARED_CACHE", "").strip()),
}
HOLOS_RATE_LIMIT_CACHE = "shared"

# Reminders and digests that cannot be sent are tried again until this many hours have passed.
HOLOS_MAIL_GIVE_UP_HOURS = int(os.environ.get("HOLOS_MAIL_GIVE_UP_HOURS", "48"))
# Publishing: channel secrets are sealed with these Fernet keys (the first seals, all open;
# derived from SECRET_KEY when empty), and deliveries are tried again with backoff.
HOLOS_SECRETS_KEY = os.environ.get("HOLOS_SECRETS_KEY", "")
HOLOS_DELIVERY_ATTEMPTS = int(os.environ.get("HOLOS_DELIVERY_ATTEMPTS", "8"))
HOLOS_DELIVERY_RETRY_SECONDS = int(os.environ.get("HOLOS_DELIVERY_RETRY_SECONDS", "60"))
HOLOS_DELIVERY_LEASE = int(os.environ.get("HOLOS_DELIVERY_LEASE", "120"))
HOLOS_NEWSLETTER_BATCH = int(os.environ.get("HOLOS_NEWSLETTER_BATCH", "200"))
HOLOS_NEWSLETTER_CONNECTIONS = int(os.environ.get("HOLOS_NEWSLETTER_CONNECTIONS", "10"))
HOLOS_NEWSLETTER_FROM = os.environ.get("HOLOS_NEWSLETTER_FROM", "")
HOLOS_POST_FILE_MAX_BYTES = int(os.environ.get("HOLOS_POST_FILE_MAX_BYTES", str(10 * 1024 * 1024)))
HOLOS_SIGNUP_CONFIRM_DAYS = int(os.environ.get("HOLOS_SIGNUP_CONFIRM_DAYS", "7"))
# Where the outside services answer; changed only to point at a stand-in or a proxy.
HOLOS_TELEGRAM_API_URL = os.environ.get("HOLOS_TELEGRAM_API_URL", "https://api.telegram.org").rstrip("/")
HOLOS_VIBER_API_URL = os.environ.get("HOLOS_VIBER_API_URL", "https://chatapi.viber.com").rstrip("/")
HOLOS_FACEBOOK_API_URL = os.environ.get("HOLOS_FACEBOOK_API_URL", "https://graph.facebook.com/v21.0").rstrip("/")
# The API: requests per token per window (seconds), and how long a new token lives by default (days).
HOLOS_API_RATE_LIMIT = int(os.environ.get("HOLOS_API_RATE_LIMIT", "600"))
HOLOS_API_RATE_WINDOW = int(os.environ.get("HOLOS_API_RATE_WINDOW", "60"))
HOLOS_API_TOKEN_DAYS = int(os.environ.get("HOLOS_API_TOKEN_DAYS", "90"))

# Invitations stay valid this many days.
HOLOS_INVITATION_DAYS = int(os.environ.get("HOLOS_INVITATION_DAYS", "14"))

# LOG_FORMAT=json writes one JSON object per line, for log collectors; "text" is for people.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "holos.logs.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", **({"formatter": "json"} if LOG_FORMAT == "json" else {})},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

if LOG_FORMAT == "json":
    # Python's warnings go through logging too, so that every line of output is JSON.
    import logging

    logging.captureWarnings(True)

# /metrics answers only requests that carry this token (Authorization: Bearer …); unset, it is off.
HOLOS_METRICS_TOKEN = os.environ.get("HOLOS_METRICS_TOKEN", "")

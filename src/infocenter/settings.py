"""One settings module for every environment, driven by environment variables.

Every variable is read and validated here at start-up; see README.md, "Configuration".
"""

import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from infocenter.core import secrets as _secrets

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
_env = __import__("os").environ


def _bool(name: str, default: bool) -> bool:
    raw = _env.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def _int(name: str, default: int) -> int:
    raw = _env.get(name, "")
    try:
        return int(raw) if raw else default
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


def _list(name: str, default: str) -> list[str]:
    return [item.strip() for item in _env.get(name, default).split(",") if item.strip()]


DEBUG = _bool("INFOCENTER_DEBUG", False)
VAR_DIR = Path(_env.get("INFOCENTER_VAR_DIR", PROJECT_DIR / "var"))
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789abcdef"
SECRET_KEY = _env.get("INFOCENTER_SECRET_KEY", "")
if not SECRET_KEY:
    if not _bool("INFOCENTER_DEV", True):
        raise ImproperlyConfigured("INFOCENTER_SECRET_KEY is required when INFOCENTER_DEV=false")
    SECRET_KEY = DEVELOPMENT_SECRET_KEY  # `infocenter serve` refuses it unless INFOCENTER_DEV=true
ALLOWED_HOSTS = _list("INFOCENTER_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = _list("INFOCENTER_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "infocenter.core",
    "infocenter.servicedesk",
    "infocenter.logbook",
    "infocenter.machineroom",
    "infocenter.staffwork",
    "infocenter.reports",
]

MIDDLEWARE = [
    "infocenter.core.health.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "infocenter.core.middleware.ApiBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "infocenter.core.middleware.IdleSessionMiddleware",
    "infocenter.core.standby.StandbyMiddleware",
    "infocenter.core.idempotency.IdempotencyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "infocenter.core.middleware.ApplicationErrorMiddleware",
]

ROOT_URLCONF = "infocenter.urls"
WSGI_APPLICATION = "infocenter.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "infocenter.core.context_processors.navigation",
            ],
        },
    }
]

# Database: SQLite under var/ by default, PostgreSQL (or any URL) through DATABASE_URL.
_default_db = f"sqlite:///{VAR_DIR / 'infocenter.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(_env.get("DATABASE_URL", _default_db), conn_max_age=60)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Kept for 60 s like the other databases: a new SQLite connection reads and parses the
    # whole schema and sets its PRAGMAs before its first query, which cost the order page and
    # the API list a fifth of their time when each request opened its own (bench/pages.py).
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE: a writing transaction takes the write lock at BEGIN, so concurrent
        # writers wait (up to the timeout) instead of failing half-way with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
elif _env.get("INFOCENTER_PG_PREPARE", "").strip():
    # PostgreSQL: server-side parameters and prepared statements (psycopg 3), a statement
    # being prepared on a connection after it ran there this many times. Off by default:
    # measured with bench/pages.py (docs/benchmarks.md), and it does not suit a pooler
    # in transaction mode.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=int(_env["INFOCENTER_PG_PREPARE"])
    )
# A hot standby of the PostgreSQL primary (streaming replication) for reports, dashboards and
# exports (X-11, core.standby); they read from the primary while it is down or lags.
if _env.get("INFOCENTER_STANDBY_URL", "").strip():
    DATABASES["standby"] = dj_database_url.parse(_env["INFOCENTER_STANDBY_URL"], conn_max_age=60)
    DATABASES["standby"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["infocenter.core.standby.StandbyRouter"]
STANDBY_MAX_LAG_SECONDS = _int("INFOCENTER_STANDBY_MAX_LAG_SECONDS", 30)
STANDBY_CHECK_SECONDS = _int("INFOCENTER_STANDBY_CHECK_SECONDS", 5)
# the requests that read there, by URL name (namespace:name, shell-style patterns)
STANDBY_VIEWS = ["reports:*", "*reports-report", "*:dashboard", "*:*export"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# log-in throttling. After AXES_FAILURE_LIMIT failures for one user name from one
# address the log-in is refused for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = _int("INFOCENTER_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = _int("INFOCENTER_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_CLIENT_IP_CALLABLE = "infocenter.core.middleware.client_address"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English"), ("zh-hant", "繁體中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "infocenter_language"
TIME_ZONE = _env.get("INFOCENTER_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = Path(_env.get("INFOCENTER_MEDIA_ROOT", VAR_DIR / "media"))

EMAIL_BACKEND = _env.get(
    "INFOCENTER_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = _env.get("INFOCENTER_EMAIL_HOST", "localhost")
EMAIL_PORT = _int("INFOCENTER_EMAIL_PORT", 25)
EMAIL_HOST_USER = _env.get("INFOCENTER_EMAIL_USER", "")
# Secrets at rest: Fernet keys, newest first; in development one is derived from the
# secret key. INFOCENTER_EMAIL_PASSWORD may be given encrypted (`infocenter rotate_secrets
# --encrypt` prints the fernet:… form).
SECRETS_KEYS = _secrets.keys_from(
    _env.get("INFOCENTER_SECRETS_KEYS", ""),
    SECRET_KEY if _bool("INFOCENTER_DEV", True) else "",
)
if not SECRETS_KEYS:
    raise ImproperlyConfigured("INFOCENTER_SECRETS_KEYS is required when INFOCENTER_DEV=false")
EMAIL_HOST_PASSWORD = _secrets.decrypt_with(
    SECRETS_KEYS, _env.get("INFOCENTER_EMAIL_PASSWORD", ""), name="INFOCENTER_EMAIL_PASSWORD"
)
EMAIL_USE_TLS = _bool("INFOCENTER_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = _env.get("INFOCENTER_EMAIL_FROM", "infocenter@localhost")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _bool("INFOCENTER_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"  # no page is shown in a frame
# Idle sessions end (core.middleware.IdleSessionMiddleware renews a used one).
SESSION_COOKIE_AGE = _int("INFOCENTER_SESSION_IDLE_MINUTES", 120) * 60

# Behind a TLS-terminating proxy (deploy.md, section 8): how many proxies append to
# X-Forwarded-For (the client's address for log-in throttling is taken from there), and the
# header that says the request came in over HTTPS.
PROXY_COUNT = _int("INFOCENTER_PROXY_COUNT", 0)
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _bool("INFOCENTER_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]  # load balancers and scrapers on HTTP
SECURE_HSTS_SECONDS = _int("INFOCENTER_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _bool("INFOCENTER_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = _bool("INFOCENTER_HSTS_PRELOAD", False)
# The browsers' HSTS preload list is for public domains; an intranet host cannot be on it.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "infocenter.core.apikeys.DigestTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "infocenter.core.rest.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "infocenter.core.rest.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "infocenter.core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_RATES": {"token": "10/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Infocenter API",
    "DESCRIPTION": "信息中心综合管理平台 REST API. Every capability of the web pages, with the same rules.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "infocenter.core.idempotency.schema_header",
        "infocenter.core.rest.local_times",
    ],
    "ENUM_NAME_OVERRIDES": {
        "CalendarOverrideKindEnum": "infocenter.core.choices.OverrideKind",
        "WorkKindEnum": "infocenter.staffwork.models.worklog.WorkKind",
        "LearningChannelEnum": "infocenter.staffwork.models.learning.Channel",
        "ChannelEnum": "infocenter.logbook.choices.ReportChannel",  # beside the learning channels
        "CourseKindEnum": "infocenter.staffwork.models.learning.CourseKind",
        "DepartmentLevelEnum": "infocenter.core.choices.DepartmentLevel",
        "CredentialLevelEnum": "infocenter.machineroom.choices.CredentialLevel",
        "ReporterKindEnum": "infocenter.servicedesk.choices.ReporterKind",
        "ServiceCategoryEnum": "infocenter.servicedesk.choices.Category",
        "ContactCategoryEnum": "infocenter.logbook.choices.ContactCategory",
        "DocumentCategoryEnum": "infocenter.logbook.choices.DocumentCategory",
        "EntryKindEnum": "infocenter.logbook.choices.EntryKind",
        "ItemDirectionEnum": "infocenter.machineroom.choices.ItemDirection",
        "VisitOutcomeEnum": "infocenter.machineroom.choices.VisitOutcome",
        "CallbackOutcomeEnum": "infocenter.servicedesk.choices.CallbackOutcome",
        "ReportOutcomeEnum": "infocenter.servicedesk.choices.ReportOutcome",
        "DurationUnitEnum": "infocenter.core.choices.DurationUnit",
        "FormStateEnum": "infocenter.servicedesk.choices.FormState",
        "VoidReasonEnum": "infocenter.servicedesk.choices.VoidReason",
        "CallDirectionEnum": "infocenter.logbook.choices.CallDirection",
        "WhereaboutsStatusEnum": "infocenter.logbook.choices.WhereaboutsStatus",
        "EndpointListKindEnum": "infocenter.staffwork.models.endpoints.ListKind",
        "BackupOutcomeEnum": "infocenter.machineroom.choices.BackupOutcome",
        "RestoreOutcomeEnum": "infocenter.machineroom.choices.RestoreOutcome",
        "ProvisionFormEnum": "infocenter.machineroom.choices.ProvisionForm",
        "EquipmentCategoryEnum": "infocenter.machineroom.choices.EquipmentCategory",
        "EquipmentStatusEnum": "infocenter.machineroom.choices.EquipmentStatus",
        "EquipmentReportKindEnum": "infocenter.machineroom.choices.EquipmentReportKind",
        "ChangeClassEnum": "infocenter.machineroom.choices.ChangeClass",
        "ChangeStateEnum": "infocenter.machineroom.choices.ChangeState",
        "ChangeOutcomeEnum": "infocenter.machineroom.choices.ChangeOutcome",
        "LoanStateEnum": "infocenter.machineroom.choices.LoanState",
        "EventKindEnum": "infocenter.machineroom.choices.EventKind",
        "EventStateEnum": "infocenter.machineroom.choices.EventState",
        "FireChangeKindEnum": "infocenter.machineroom.choices.FireChangeKind",
        "DutyAlertKindEnum": "infocenter.machineroom.choices.DutyAlertKind",
        "PermitStateEnum": "infocenter.machineroom.choices.PermitState",
        "RoundStateEnum": "infocenter.machineroom.choices.RoundState",
        "AlarmStateEnum": "infocenter.machineroom.choices.AlarmState",
        "FaultStateEnum": "infocenter.machineroom.choices.FaultState",
        "FaultKindEnum": "infocenter.machineroom.choices.FaultKind",
        "ChecklistItemKindEnum": "infocenter.machineroom.choices.ItemKind",
    },
}

# Worker: how often an idle worker looks for due deadlines and messages, and how many it
# takes per transaction.
WORKER_POLL_SECONDS = _int("INFOCENTER_WORKER_POLL_SECONDS", 5)
WORKER_BATCH_SIZE = _int("INFOCENTER_WORKER_BATCH_SIZE", 50)
OUTBOX_MAX_BACKOFF_SECONDS = _int("INFOCENTER_OUTBOX_MAX_BACKOFF_SECONDS", 3600)
WEBHOOK_TIMEOUT_SECONDS = _int("INFOCENTER_WEBHOOK_TIMEOUT_SECONDS", 10)

# Backups: ``infocenter backup`` writes into BACKUP_DIR; the worker makes one each night
# after BACKUP_AT (local time; at its next pass when it was stopped then) and keeps the newest
# BACKUP_KEEP archives there.
BACKUP_DIR = Path(_env.get("INFOCENTER_BACKUP_DIR", VAR_DIR / "backups"))
BACKUP_NIGHTLY = _bool("INFOCENTER_BACKUP_NIGHTLY", True)
BACKUP_AT = _env.get("INFOCENTER_BACKUP_AT", "02:30")
if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", BACKUP_AT):
    raise ImproperlyConfigured(f"INFOCENTER_BACKUP_AT must be HH:MM, not {BACKUP_AT!r}")
BACKUP_KEEP = _int("INFOCENTER_BACKUP_KEEP", 14)

# Health and metrics (X-11, docs/operations.md): /healthz reports "degraded" past these limits;
# /metrics answers the loopback address, or anyone sending this token as a bearer token.
HEALTH_WORKER_STALE_SECONDS = _int("INFOCENTER_HEALTH_WORKER_STALE_SECONDS", 60)
HEALTH_OUTBOX_MAX_SECONDS = _int("INFOCENTER_HEALTH_OUTBOX_MAX_SECONDS", 900)
HEALTH_DEADLINE_MAX_LAG_SECONDS = _int("INFOCENTER_HEALTH_DEADLINE_MAX_LAG_SECONDS", 300)
HEALTH_BACKUP_MAX_HOURS = _int("INFOCENTER_HEALTH_BACKUP_MAX_HOURS", 26)
METRICS_TOKEN = _env.get("INFOCENTER_METRICS_TOKEN", "")

# Queues that refresh themselves: how often an open queue, home page or bell asks whether
# anything changed, and how often what changes only with time is rendered again anyway.
LIVE_POLL_SECONDS = _int("INFOCENTER_LIVE_POLL_SECONDS", 20)
LIVE_REFRESH_AT_LEAST = _int("INFOCENTER_LIVE_REFRESH_AT_LEAST_SECONDS", 300)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": _env.get("INFOCENTER_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

"""The one settings module. Everything that varies comes from the environment (see README)."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from powertriangle.env import env_bool, env_choice, env_int, env_list, env_str

# Lets typed generics such as ModelChoiceField[Member] work at run time.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("POWERTRIANGLE_DATA_DIR", str(Path.cwd() / "data"))).resolve()

ENVIRONMENT = env_choice("POWERTRIANGLE_ENV", "local", ("local", "production"))
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when POWERTRIANGLE_ENV=production")


def _secret_key() -> str:
    key = env_str("SECRET_KEY", "")
    if key:
        if PRODUCTION and len(key) < 50:
            raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters in production")
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) is required in production")
    # Local use: generate once and keep it beside the database so sessions survive restarts.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "powertriangle.core",
    "powertriangle.orgs",
    "powertriangle.accounts",
    "powertriangle.catalogue",
    "powertriangle.projects",
    "powertriangle.cycles",
    "powertriangle.api",
    "powertriangle.live",
    "powertriangle.workshops",
    "powertriangle.exchange",
    "powertriangle.ops",
]

MIDDLEWARE = [
    "powertriangle.core.logs.AccessLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "powertriangle.core.middleware.SecurityHeadersMiddleware",
    "powertriangle.core.middleware.CompressionMiddleware",
    "powertriangle.core.static_files.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "powertriangle.accounts.middleware.SessionIdleMiddleware",
    "powertriangle.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "powertriangle.core.failures.FailureMiddleware",
]

ROOT_URLCONF = "powertriangle.urls"
ASGI_APPLICATION = "powertriangle.asgi.application"
WSGI_APPLICATION = "powertriangle.wsgi.application"

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
            ],
        },
    }
]


# PostgreSQL: Django's connection pool (psycopg-pool), one per worker process. A request or a live
# read waits up to 20 s for a free connection, so however many screens connect at once, a process
# holds at most POWERTRIANGLE_DB_POOL_SIZE connections (plus the live channel's one LISTEN
# connection, outside the pool). 0 turns the pool off: each request then opens its own.
def _postgres_pool() -> dict[str, Any] | None:
    size = env_int("POWERTRIANGLE_DB_POOL_SIZE", 10, minimum=0)
    if size == 0:
        return None
    return {"min_size": min(2, size), "max_size": size, "timeout": 20}


def _database() -> dict[str, Any]:
    url = env_str("DATABASE_URL", "")
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA_DIR / 'powertriangle.sqlite3'}"
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not understood: {exc}") from exc
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # WAL lets readers work while one writer writes; FULL makes every commit durable.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif engine == "django.db.backends.postgresql":
        pool = _postgres_pool()
        if pool is not None:
            config["OPTIONS"] = {**config.get("OPTIONS", {}), "pool": pool}
            # A pooled connection may have died while idle (a database restart): the pool
            # checks it (one round trip) before lending it, rather than failing a request.
            config["CONN_HEALTH_CHECKS"] = True
    else:
        raise ImproperlyConfigured("DATABASE_URL must be sqlite:// or postgres://")
    # Under ASGI a persistent connection would stay with each of the many request threads:
    # connections are closed (or, with the pool, given back) at the end of every request.
    config["CONN_MAX_AGE"] = 0
    config["ATOMIC_REQUESTS"] = False
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "projects:list"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = env_choice("POWERTRIANGLE_LANGUAGE", "sv", ("sv", "en"))
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Europe/Stockholm")
USE_TZ = True

STATIC_URL = "/static/"
# Only for `collectstatic` behind a web server; the app itself serves from the apps' folders.
STATIC_ROOT = env_str("STATIC_ROOT", "") or None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Names with a hash of the content, cached by browsers for a year (core/static_files.py).
    "staticfiles": {"BACKEND": "powertriangle.core.static_files.ContentHashedStorage"},
}
# Serve straight from the apps' static folders, so the demo needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# A coach's or manager's session ends after this many hours without a request.
POWERTRIANGLE_SESSION_IDLE_HOURS = env_int(
    "POWERTRIANGLE_SESSION_IDLE_HOURS", 8, minimum=1, maximum=24 * 30
)
SESSION_COOKIE_AGE = POWERTRIANGLE_SESSION_IDLE_HOURS * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# Behind a reverse proxy that the operator declares (it terminates HTTPS and sets
# X-Forwarded-Proto and X-Forwarded-For): only then is X-Forwarded-Proto believed, and
# `powertriangle serve` takes the client's address from X-Forwarded-For sent by the proxy's
# addresses (POWERTRIANGLE_TRUSTED_PROXY_IPS). Without one, any client could claim HTTPS.
POWERTRIANGLE_TRUSTED_PROXY = env_bool("POWERTRIANGLE_TRUSTED_PROXY", False)
POWERTRIANGLE_TRUSTED_PROXY_IPS = env_str("POWERTRIANGLE_TRUSTED_PROXY_IPS", "127.0.0.1")
if PRODUCTION and POWERTRIANGLE_TRUSTED_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Threads per server process that serve pages (live streams wait apart: ops/dispatch.py).
POWERTRIANGLE_PAGE_THREADS = env_int("POWERTRIANGLE_PAGE_THREADS", 8, minimum=1, maximum=64)
# Anonymity: an anonymous contribution keeps its role group only when at least this many
# present members share it (DESIGN.md §4).
POWERTRIANGLE_ANONYMITY_K = env_int("POWERTRIANGLE_ANONYMITY_K", 3, minimum=2)
POWERTRIANGLE_CATALOGUE_FILE = env_str("POWERTRIANGLE_CATALOGUE_FILE", "")
# API tokens expire after this many days unless made for fewer (accounts/tokens.py).
POWERTRIANGLE_TOKEN_DAYS = env_int("POWERTRIANGLE_TOKEN_DAYS", 90, minimum=1, maximum=365)
# Anonymous contributions and dots reach the screens together, shuffled, at the end of each
# window of this many seconds (cycles/services/release.py): when something appeared, or next
# to what, never tells who just tapped.
POWERTRIANGLE_ANONYMOUS_BATCH_SECONDS = env_int(
    "POWERTRIANGLE_ANONYMOUS_BATCH_SECONDS", 3, minimum=1, maximum=30
)

# Live channel fan-out between worker processes: memory (one worker), postgres (LISTEN/NOTIFY)
# or redis (pub/sub, needs REDIS_URL). Empty: postgres on PostgreSQL, else memory.
POWERTRIANGLE_LIVE_BROKER = env_choice(
    "POWERTRIANGLE_LIVE_BROKER", "", ("", "memory", "postgres", "redis")
)
REDIS_URL = env_str("REDIS_URL", "")
# The live log is only for screens that reconnect: each event is kept at least this many hours,
# then removed by whole days (anonymous events keep only their day; live/services.py).
POWERTRIANGLE_LIVE_RETENTION_HOURS = env_int("POWERTRIANGLE_LIVE_RETENTION_HOURS", 24, minimum=1)

# Access lines (core/logs.py): `staff` (default) one line per request without any address and
# none for the participants' paths; `full` the server's own access log with addresses for every
# path (a privacy trade-off: it can tie an anonymous post to a phone); `off` none.
POWERTRIANGLE_ACCESS_LOG = env_choice("POWERTRIANGLE_ACCESS_LOG", "staff", ("staff", "full", "off"))

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"participants": {"()": "powertriangle.core.logs.ParticipantPathFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.request": {"filters": ["participants"]},
        "django.server": {"filters": ["participants"]},
        "powertriangle.access": {"level": "INFO"},
    },
}

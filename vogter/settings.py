"""Vogter's settings, read from the environment.

Every variable is documented in README.md (a test keeps that list honest).
SQLite is the zero-configuration default; DATABASE_URL switches to PostgreSQL and
REDIS_URL turns on Redis for the cache (and, later, live delivery).
"""

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from vogter.lib.env import envbool, envint, envlist, envnetworks, envrate, envstr, load_run_env

# Lets forms.ModelForm[User] and friends be subscripted at run time, as the stubs expect.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent
# Where the embedded database and collected static files live. Created by the
# `vogter` command, never by importing settings.
DATA_DIR = Path(envstr("VOGTER_DATA_DIR", str(REPO_DIR / "var"))).resolve()
# After `make run`, the command line in the same checkout works as its server did.
load_run_env(DATA_DIR)

DEBUG = envbool("DEBUG", False)

# The development key is public (it is in this file), so it is refused whenever
# DEBUG is off: a production deployment must bring its own.
DEVELOPMENT_SECRET_KEY = "django-insecure-vogter-development-key-never-use-in-production"  # noqa: S105
SECRET_KEY = envstr("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY to a long random value "
            "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=true for local development."
        )
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
elif not DEBUG and (SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for DEBUG=false: use at least 50 random characters."
    )

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
# A refused form gets a page in the site's look that says what to do (vogter/front/errors.py).
CSRF_FAILURE_VIEW = "vogter.front.errors.csrf_failure"
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated).
# None by default, so a header a client writes itself changes nothing; behind nginx or a
# load balancer name it here, or every visitor shares its address (vogter/lib/http.py).
VOGTER_TRUSTED_PROXIES = envnetworks("VOGTER_TRUSTED_PROXIES", [])
if "FORWARDED_ALLOW_IPS" in os.environ:
    # Its default trusted any local proxy's header as it came; say so rather than ignore it.
    raise ImproperlyConfigured(
        "FORWARDED_ALLOW_IPS is no longer read: name your proxies in VOGTER_TRUSTED_PROXIES "
        "(see docs/operations.md) and remove FORWARDED_ALLOW_IPS."
    )


INSTALLED_APPS = [
    "vogter.accounts",
    "vogter.organisations",
    "vogter.directory",
    "vogter.sso",
    "vogter.workshops",
    "vogter.themes",
    "vogter.principles",
    "vogter.charters",
    "vogter.reflection",
    "vogter.commons",
    "vogter.disclosure",
    "vogter.notifications",
    "vogter.api",
    "vogter.front",
    "vogter.data",
    "vogter.audit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "csp",
]

MIDDLEWARE = [
    "vogter.lib.middleware.refuse_nul",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "vogter.accounts.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "vogter.sso.middleware.local_passwords_off",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "vogter.lib.middleware.ThrottledMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "vogter.urls"
ASGI_APPLICATION = "vogter.asgi.application"
WSGI_APPLICATION = "vogter.wsgi.application"

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
                "vogter.sso.context_processors.sso",
                "vogter.front.context_processors.page_kind",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------
DATABASE_URL = envstr("DATABASE_URL", "")
if DATABASE_URL:
    # Health checks: a connection kept across requests is checked before it is used again,
    # so a database restart costs a reconnect, not an error (tests/faults).
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "vogter.sqlite3"),
            # Kept open for the life of the thread: a SQLite connection is a file handle
            # nothing can drop, and opening one (with its PRAGMAs) per save cost a live
            # workshop most of its server's time (docs/benchmarks.md, issue 14).
            "CONN_MAX_AGE": None,
            "OPTIONS": {
                # WAL lets the board read while phones write; IMMEDIATE avoids
                # "database is locked" upgrades from read to write transactions.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits, sessions) -------------------------------------------------
REDIS_URL = envstr("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "vogter",
        }
    }
else:
    # A database cache is shared by every server process, unlike the in-memory one,
    # so login rate limits hold with several workers on the embedded default too.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "vogter_cache",
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Accounts -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a rule: a new password revokes the person's API tokens (vogter/api/actions.py).
    {"NAME": "vogter.api.actions.RevokeTokensOnNewPassword"},
]
# --- Single sign-on through OpenID Connect (optional; docs/sso.md) ----------------------
# One provider per installation. Without VOGTER_OIDC_CLIENT_ID there is no button and nothing
# changes; with it, every other setting below except the optional ones is required.
VOGTER_OIDC_CLIENT_ID = envstr("VOGTER_OIDC_CLIENT_ID", "").strip()
VOGTER_OIDC_ENABLED = bool(VOGTER_OIDC_CLIENT_ID)
VOGTER_OIDC_PROVIDER_NAME = envstr("VOGTER_OIDC_PROVIDER_NAME", "Microsoft").strip()
VOGTER_OIDC_ISSUER = envstr("VOGTER_OIDC_ISSUER", "").strip()
# Optional: where the provider ends its own session (RP-initiated logout).
VOGTER_OIDC_END_SESSION_ENDPOINT = envstr("VOGTER_OIDC_END_SESSION_ENDPOINT", "").strip()
# Optional: the code of the organisation new people join when their domain is nobody's.
VOGTER_OIDC_ORGANISATION = envstr("VOGTER_OIDC_ORGANISATION", "").strip()
# The claims an organisation's rules may test: ones the provider's administrators set, never
# ones a person edits about themselves (name, e-mail, profile attributes).
VOGTER_OIDC_RULE_CLAIMS = envlist("VOGTER_OIDC_RULE_CLAIMS", ["groups", "roles"])
OIDC_RP_CLIENT_ID = VOGTER_OIDC_CLIENT_ID
OIDC_RP_CLIENT_SECRET = envstr("VOGTER_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = envstr("VOGTER_OIDC_AUTHORIZATION_ENDPOINT", "").strip()
OIDC_OP_TOKEN_ENDPOINT = envstr("VOGTER_OIDC_TOKEN_ENDPOINT", "").strip()
OIDC_OP_USER_ENDPOINT = envstr("VOGTER_OIDC_USERINFO_ENDPOINT", "").strip()
OIDC_OP_JWKS_ENDPOINT = envstr("VOGTER_OIDC_JWKS_ENDPOINT", "").strip()
OIDC_RP_SCOPES = envstr("VOGTER_OIDC_SCOPES", "openid email profile").strip()
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # for the provider's logout (id_token_hint)
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:callback"
if VOGTER_OIDC_ENABLED:
    _missing = [
        name
        for name, value in (
            ("VOGTER_OIDC_CLIENT_SECRET", OIDC_RP_CLIENT_SECRET),
            ("VOGTER_OIDC_ISSUER", VOGTER_OIDC_ISSUER),
            ("VOGTER_OIDC_AUTHORIZATION_ENDPOINT", OIDC_OP_AUTHORIZATION_ENDPOINT),
            ("VOGTER_OIDC_TOKEN_ENDPOINT", OIDC_OP_TOKEN_ENDPOINT),
            ("VOGTER_OIDC_USERINFO_ENDPOINT", OIDC_OP_USER_ENDPOINT),
            ("VOGTER_OIDC_JWKS_ENDPOINT", OIDC_OP_JWKS_ENDPOINT),
        )
        if not value
    ]
    if _missing:
        raise ImproperlyConfigured(
            "VOGTER_OIDC_CLIENT_ID is set, so these are required too: " + ", ".join(_missing)
        )
# The password check first, so an organisation that switched local passwords off is
# refused before Django's ModelBackend looks at the password.
AUTHENTICATION_BACKENDS = [
    "vogter.sso.backends.LocalPasswordsOff",
    "django.contrib.auth.backends.ModelBackend",
    "vogter.sso.backends.OidcBackend",
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "front:home"
LOGOUT_REDIRECT_URL = "front:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
# Limits that stop attackers, not colleagues behind one office address (docs/security.md).
# Per account: after LOGIN_FREE_ATTEMPTS failures in a row, each further attempt waits
# 1, 2, 4 … seconds, at most LOGIN_MAX_DELAY; a successful login starts afresh.
LOGIN_FREE_ATTEMPTS = envint("LOGIN_FREE_ATTEMPTS", 5)
LOGIN_MAX_DELAY = envint("LOGIN_MAX_DELAY", 15 * 60)
# Per address, failed logins only: far above an office of 50, far below credential stuffing.
LOGIN_ADDRESS_RATE_LIMIT = envrate("LOGIN_ADDRESS_RATE_LIMIT", "100/15m")
# Per address: a team of 30 signing up within the hour, typing errors included.
SIGNUP_RATE_LIMIT = envrate("SIGNUP_RATE_LIMIT", "100/h")
# PDFs of a shared charter, per client address: each sets a document and writes an audit
# entry, and the share link needs no login.
SHARED_PRINT_RATE_LIMIT = envrate("SHARED_PRINT_RATE_LIMIT", "30/10m")
# Reset mails to one e-mail address, so nobody floods someone's inbox through Vogter.
PASSWORD_RESET_RATE_LIMIT = envrate("PASSWORD_RESET_RATE_LIMIT", "5/h")
if LOGIN_FREE_ATTEMPTS < 1 or LOGIN_MAX_DELAY < 1:
    raise ImproperlyConfigured("LOGIN_FREE_ATTEMPTS and LOGIN_MAX_DELAY must be at least 1")
if "LOGIN_RATE_LIMIT" in os.environ:
    raise ImproperlyConfigured(
        "LOGIN_RATE_LIMIT is no longer read: see LOGIN_FREE_ATTEMPTS, LOGIN_MAX_DELAY and "
        "LOGIN_ADDRESS_RATE_LIMIT in README.md, and remove LOGIN_RATE_LIMIT."
    )
# Joining a workshop (docs/security.md): joins per client address, joins per workshop
# (from all addresses together), and tries of join codes that do not exist, per address.
# 100 in 5 minutes lets a room of people behind one office network join at once.
JOIN_RATE_LIMIT = envrate("JOIN_RATE_LIMIT", "100/5m")
JOIN_RATE_LIMIT_PER_WORKSHOP = envrate("JOIN_RATE_LIMIT_PER_WORKSHOP", "1500/1m")
JOIN_CODE_GUESS_LIMIT = envrate("JOIN_CODE_GUESS_LIMIT", "30/10m")
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "vogter.lib.http.client_address"

# --- Live event streams (docs/live.md) --------------------------------------------
# Open streams per client address, and per server process. A phone holds one; 200 fits
# a few rooms behind one office network, each phone also holding a stream it has not
# yet noticed is dead. Above the process's cap new streams get 503 and come back later.
LIVE_STREAMS_PER_CLIENT = envint("LIVE_STREAMS_PER_CLIENT", 200)
LIVE_STREAMS_PER_PROCESS = envint("LIVE_STREAMS_PER_PROCESS", 4000)
if LIVE_STREAMS_PER_CLIENT < 1 or LIVE_STREAMS_PER_PROCESS < 1:
    raise ImproperlyConfigured(
        "LIVE_STREAMS_PER_CLIENT and LIVE_STREAMS_PER_PROCESS must be 1 or more"
    )

# --- Languages ------------------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates the British way ("6 December 2026"), not Django's American default.
FORMAT_MODULE_PATH = ["vogter.formats"]
LANGUAGE_COOKIE_NAME = "vogter_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = envstr("TIME_ZONE", "Europe/Copenhagen")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- E-mail ---------------------------------------------------------------------
EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Vogter <vogter@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -------------------------------------------------------------------
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers check health over plain HTTP, straight to the app.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if envbool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline scripts or styles anywhere: every asset is a static file of our own.
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
    }
}
if VOGTER_OIDC_ENABLED and VOGTER_OIDC_END_SESSION_ENDPOINT:
    # Logging out posts to us and is redirected to the provider, which form-action governs.
    _scheme, _separator, _rest = VOGTER_OIDC_END_SESSION_ENDPOINT.partition("://")
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        f"{_scheme}://{_rest.split('/', 1)[0]}"
    )

# --- Language-model assistance (optional, off by default; see docs/llm.md) ----------
# The root of an OpenAI-compatible API, version path included: requests go to
# {VOGTER_LLM_BASE_URL}/chat/completions. Empty turns the assistance off.
VOGTER_LLM_BASE_URL = envstr("VOGTER_LLM_BASE_URL", "").strip().rstrip("/")
VOGTER_LLM_MODEL = envstr("VOGTER_LLM_MODEL", "").strip()
VOGTER_LLM_API_KEY = envstr("VOGTER_LLM_API_KEY", "").strip()
VOGTER_LLM_TIMEOUT = envint("VOGTER_LLM_TIMEOUT", 20)
if VOGTER_LLM_BASE_URL:
    if not VOGTER_LLM_BASE_URL.startswith(("http://", "https://")):
        raise ImproperlyConfigured("VOGTER_LLM_BASE_URL must start with http:// or https://")
    if not VOGTER_LLM_MODEL:
        raise ImproperlyConfigured("VOGTER_LLM_MODEL is required when VOGTER_LLM_BASE_URL is set")
if VOGTER_LLM_TIMEOUT <= 0:
    raise ImproperlyConfigured("VOGTER_LLM_TIMEOUT must be a positive number of seconds")

# --- Logging --------------------------------------------------------------------
# Logs carry no IP addresses or identities (see docs/security.md).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

NINJA_PAGINATION_PER_PAGE = 100

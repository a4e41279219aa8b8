"""Tallrapport's one settings file.

Every setting is read from the environment with a working default, so that
``make run`` starts on an embedded SQLite database with no configuration, while a
production deployment sets ``DATABASE_URL``, ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
Debug is off unless asked for: this register holds special-category data about
children, and a debug page leaks it.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


_TRUE_WORDS = frozenset({"1", "true", "yes", "on", "ja", "y", "t"})
_FALSE_WORDS = frozenset({"0", "false", "no", "off", "nei", "n", "f"})


def env_flag(name: str, default: bool = False) -> bool:
    """Read a yes/no switch; an unknown value stops start-up.

    A typo such as ``TALLRAPPORT_REQUIRE_OTP=ture`` must not quietly mean "no":
    that would switch a safeguard off without anyone noticing.
    """
    value = os.environ.get(name)
    word = (value or "").strip().lower()
    if not word:
        # Unset or set to nothing (``FOO=`` in an env file): the default, which is
        # the safe choice for every switch that guards something.
        return default
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} er ikke en gyldig ja/nei-verdi. "
        "Bruk 1/0, true/false, yes/no, on/off eller ja/nei."
    )


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Demo mode is the one-command start on a developer's machine: synthetic data,
# known passwords, a fixed secret key. Production must never run in it.
DEMO_MODE = env_flag("TALLRAPPORT_DEMO")
DEBUG = env_flag("DEBUG")

_DEMO_SECRET_KEY = "demo-only-not-secret-tallrapport"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEMO_MODE or DEBUG or os.environ.get("PYTEST_VERSION")):
        raise ImproperlyConfigured("SECRET_KEY må settes utenfor demomodus.")
    SECRET_KEY = _DEMO_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "tallrapport.accounts.apps.TallrapportAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "tallrapport.accounts",
    "tallrapport.audit",
    "tallrapport.cases",
    "tallrapport.demo",
    "tallrapport.plans",
    "tallrapport.activities",
    "tallrapport.stats",
    "tallrapport.reports",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "tallrapport.login",
    "rest_framework",
    "drf_spectacular",
    "tallrapport.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tallrapport.login.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tallrapport.login.middleware.NoStoreWhenSignedInMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "tallrapport.login.middleware.SecondFactorRequiredMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tallrapport.urls"
WSGI_APPLICATION = "tallrapport.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tallrapport" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tallrapport.login.middleware.second_factor_context",
            ],
            # |thousands and |decimal_comma in every template without {% load %}.
            "builtins": ["tallrapport.templatetags.norwegian_numbers"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        # An empty value means the default, as for every setting here.
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'tallrapport.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while an advisor saves; the busy timeout turns a
    # brief write lock into a short wait instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "tallrapport.login.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nb"
# Only languages the product is translated into: LocaleMiddleware picks from this
# list by the browser's Accept-Language, and a language offered without a
# translation gave bokmål words with that language's formats (11/30/2026 instead
# of 30.11.2026, «2,5» hours refused, «1. December 2026»). Add nynorsk or English
# here together with their translations under LOCALE_PATHS.
LANGUAGES = [("nb", _("Norsk bokmål"))]
LOCALE_PATHS = [BASE_DIR / "tallrapport" / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "tallrapport" / "static",
    ("vendor", BASE_DIR / "node_modules"),
]
# Finders let the demo and the tests serve straight from node_modules; production
# runs collectstatic and WhiteNoise serves STATIC_ROOT.
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
# Idle timeout: every request pushes the expiry on, so a session ends after
# SESSION_COOKIE_AGE seconds without a request (30 minutes unless set), or when the
# browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Our own static files only: no inline script or style, no frames. img-src allows
# data: on purpose: Designsystemet's stylesheet draws its select arrows and check
# marks as data: SVG images, and an image cannot run script.
# Sent by tallrapport.login.middleware.ContentSecurityPolicyMiddleware.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
if not (DEBUG or DEMO_MODE) and env_flag("SECURE_COOKIES", default=True):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Only the apex domain's owner can submit to browsers' preload list; the header
    # on this host commits nobody, and check --deploy asks for it.
    SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", default=True)
    SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A full-time advisor's working hours in a year: 37.5 h × 52 weeks, less five weeks'
# holiday and about ten public holidays (1950 − 187.5 − 67.5). The 40 % competence-building
# share of the mandate is measured against it, prorated by the advisor's memberships.
TALLRAPPORT_FULL_TIME_HOURS = os.environ.get("TALLRAPPORT_FULL_TIME_HOURS", "1695")

# --- The API under /api/v1/ (tallrapport/api; see README, "API") ---
# Requests per personal token, and per client address to the public tables, in
# DRF's notation («120/min»); counted in Django's cache (per process unless a
# shared cache is configured).
TALLRAPPORT_API_RATE = os.environ.get("TALLRAPPORT_API_RATE", "120/min")
TALLRAPPORT_API_PUBLIC_RATE = os.environ.get("TALLRAPPORT_API_PUBLIC_RATE", "60/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tallrapport.api.authentication.PersonalTokenAuthentication"
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # Each endpoint has one representation; the Accept header chooses nothing.
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "tallrapport.api.negotiation.OneRepresentation",
    "EXCEPTION_HANDLER": "tallrapport.api.problems.problem_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tallrapport API",
    "DESCRIPTION": (
        "Publiserte tall (åpent) og saker og aktiviteter (med personlig API-nøkkel). "
        "Feil er RFC 9457 problem details med norsk «detail»."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tallrapport.api.schema.add_problem_responses",
    ],
}

# Closed years older than this many full years have their case rows reduced to
# what the statistics need (`manage.py retention --apply`).
TALLRAPPORT_RETENTION_YEARS = int(os.environ.get("TALLRAPPORT_RETENTION_YEARS", "5"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Login: second factor, lockout, OpenID Connect (see README, "Innlogging") ---

# Every account needs a TOTP second factor outside demo mode; the demo logs in with
# username and password only.
TALLRAPPORT_REQUIRE_OTP = env_flag("TALLRAPPORT_REQUIRE_OTP", default=not DEMO_MODE)

# «Ukjent» gender or age identifies nobody, so its small counts are printed unless
# this is on; they stay in every equation of the protection and the audit.
REPORT_UNKNOWN_IS_SENSITIVE = env_flag("TALLRAPPORT_UKJENT_ER_SENSITIV")
OTP_TOTP_ISSUER = "Tallrapport"
OTP_TOTP_THROTTLE_FACTOR = 1
RECOVERY_CODE_COUNT = 10
# Setting up a second factor needs a one-time invitation code from an administrator;
# it expires after this many hours, or after this many wrong tries.
TALLRAPPORT_INVITATION_HOURS = int(os.environ.get("TALLRAPPORT_INVITATION_HOURS", "72"))
TALLRAPPORT_INVITATION_MAX_TRIES = 5

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username and address is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# django-axes: lock a username from one address after AXES_FAILURE_LIMIT wrong
# passwords, for AXES_COOLOFF_MINUTES; a right password resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_MINUTES", "30")) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_USERNAME_FORM_FIELD = "username"
# Cut to an account's longest username: axes keeps it in a 255-character column.
AXES_USERNAME_CALLABLE = "tallrapport.login.lockout.lockout_username"
AXES_VERBOSE = False
# Behind our own reverse proxy (BEHIND_PROXY=1) the client's address is the one the
# proxy appended last to X-Forwarded-For, not the proxy's own REMOTE_ADDR.
BEHIND_PROXY = env_flag("BEHIND_PROXY")
if BEHIND_PROXY:
    AXES_CLIENT_IP_CALLABLE = "tallrapport.login.client_ip.client_ip_behind_proxy"

# Optional login through the directorate's Entra ID, on only when its settings are
# given. Users are matched to existing accounts by e-mail or username, never created.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
if OIDC_ENABLED:
    OIDC_RP_CLIENT_SECRET = os.environ["OIDC_RP_CLIENT_SECRET"]
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["OIDC_OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["OIDC_OP_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ["OIDC_OP_JWKS_ENDPOINT"]
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = "openid email profile"
    OIDC_CREATE_USER = False
    OIDC_USE_PKCE = True
    LOGIN_REDIRECT_URL_FAILURE = "login"
    AUTHENTICATION_BACKENDS.append("tallrapport.login.oidc.DirectorateOIDCBackend")
# Entra ID can require MFA itself (conditional access); only then may its login
# stand in for our own second factor.
OIDC_COUNTS_AS_SECOND_FACTOR = env_flag("OIDC_COUNTS_AS_SECOND_FACTOR")

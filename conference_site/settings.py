"""Settings for the conference site.

Every deployment choice is read from the environment (django-environ); the defaults are
safe for development: a SQLite file, mail printed to the console, DEBUG only when asked.
All variables are listed in docs/configuration.md and .env.example.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is optional; real deployments set the variables in the environment.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-insecure-key"  # noqa: S105 - DEBUG only

# Old keys that still verify links, sessions and signed values (and decrypt visa data)
# during a rotation: comma-separated, the newest first (docs/security.md, key rotation).
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Absolute base for links that leave the site: .ics files, e-mails, sitemaps. Unless set,
# the development server's own address: `PORT=8080 make run` links to port 8080.
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}").rstrip(
    "/"
)

INSTALLED_APPS = [
    # Before the admin, whose forms it extends with a field per language.
    "modeltranslation",
    # django.contrib.admin with the site's AdminSite (conference_site/admin_site.py).
    "conference_site.apps.ConferenceAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "mailer",
    "django_tasks",
    "django_tasks_db",
    "outbox",
    "events",
    "branding",
    "audit",
    "teams",
    # Long work of every app, run by the task worker (after teams, before its users).
    "jobs",
    "registration",
    "privacy",
    "attending",
    "delegations",
    "contributions",
    "visas",
    "documents",
    "messaging",
    "dashboard",
    "mfa",
]

MIDDLEWARE = [
    # X-Forwarded-Proto only from TRUSTED_PROXIES (before anything asks is_secure()).
    "conference_site.middleware.ForwardedProtoFromProxiesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before CommonMiddleware (which may redirect to a prefixed URL).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session proved a second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # One record entry per admin page or change (audit/middleware.py).
    "audit.middleware.AdminRecordMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Refuses a body over REQUEST_MAX_BYTES (413) before anything reads it.
    "conference_site.middleware.RequestSizeLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Passport data the keys cannot read: a plain 503 page, not a 500 (visas/fields.py).
    "visas.middleware.UnreadableVisaDataMiddleware",
    # Admin pages ask staff who read personal data for their second factor (mfa/).
    "mfa.middleware.SecondFactorMiddleware",
    # Last, so that it sees the outcome of the authentication backends.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "conference_site.urls"
WSGI_APPLICATION = "conference_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "conference_site.context_processors.site",
                "conference_site.context_processors.languages",
            ],
            # lang="en" on content that falls back to English, in every template.
            "builtins": ["events.templatetags.content_language"],
        },
    },
]

# The record (audit) names an account's roles through the teams' table.
AUDIT_ROLES_FUNCTION = "teams.services.roles_of"

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue instead of
    # failing with "database is locked" halfway through a transaction. WAL (write-ahead
    # log): a commit appends to the log and syncs it once, where the default rollback
    # journal syncs three times (journal, database, directory); on a disk others write to,
    # that was 10-25 ms per commit, e.g. each page the page cache stores in its table.
    # Readers do not wait for a writer either. synchronous=FULL (the default) keeps every
    # commit durable; NORMAL syncs only at checkpoints (a power cut may lose the last
    # commits, never the file). The processes sharing the file must be on one machine (WAL
    # keeps its index in shared memory), which they are with SQLite anyway.
    sqlite_synchronous = env.str("SQLITE_SYNCHRONOUS", default="FULL").upper()
    if sqlite_synchronous not in ("FULL", "NORMAL"):
        raise ImproperlyConfigured("SQLITE_SYNCHRONOUS must be FULL or NORMAL.")
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous={sqlite_synchronous}",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------
# One cache shared by every app process: rate limits, lockouts and cached pages must hold
# across servers. The default is a table in the database (no extra service needed);
# production points CACHE_URL at Redis.
CACHES = {
    "default": env.cache("CACHE_URL", default="dbcache://django_cache"),
    # Each process's own copy of cached public pages, checked against a content version in
    # the shared cache (events/page_cache.py); never used for anything that must be shared.
    "process": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "public-pages",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
}
# Whole-page caching of public pages (events/page_cache.py). Off only to measure what an
# uncached page costs (`make bench` does).
PUBLIC_PAGE_CACHE = env.bool("PUBLIC_PAGE_CACHE", default=True)

# --- Authentication -------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend (passwords, an account's own rights) with the rights of the
    # user's teams, per conference (teams/roles.py), in place of those of auth groups.
    "teams.backends.TeamBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The admin login lockout (django-axes): AXES_FAILURE_LIMIT wrong passwords for one
# username from one client address lock that pair for an hour. The pair, not either alone:
# behind a load balancer every organiser shares its address, and a stranger who knows a
# username must not lock its owner out from elsewhere. The client address is the one the
# rest of the site uses (TRUSTED_PROXIES below). Attempts are rows in the database, so
# no flood of cache writes can evict a lockout.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "conference_site.lockout.client_address"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# Only the failed attempts the lockout needs (deleted once they expire); no history of every
# successful login with its address.
AXES_DISABLE_ACCESS_LOG = True

# Second factor (mfa/, docs/second-factor.md): superusers and every role that reads personal
# data prove a passkey, an authenticator app code or a recovery code after the password; an
# export of personal data or a page with passport data asks again when the last proof is
# older than STEP_UP_MINUTES.
STEP_UP_MINUTES = env.int("STEP_UP_MINUTES", default=10)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="TPU Conferences")
# Passkeys belong to the site's host name (SITE_URL); changing it voids every passkey. A
# browser refuses passkeys for an IP address, so the development server's 127.0.0.1 becomes
# localhost: open http://localhost:8000 to try them.
_site = urlsplit(SITE_URL)
_passkey_host = "localhost" if _site.hostname in {"127.0.0.1", "::1"} else _site.hostname
_passkey_port = f":{_site.port}" if _site.port else ""
OTP_WEBAUTHN_RP_ID = env.str("OTP_WEBAUTHN_RP_ID", default=_passkey_host or "")
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list(
    "OTP_WEBAUTHN_ALLOWED_ORIGINS", default=[f"{_site.scheme}://{_passkey_host}{_passkey_port}"]
)
# A passkey is the second step after the password, never a sign-in of its own.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

# --- Internationalisation -------------------------------------------------------------
# English is the working language and the default: its pages keep their unprefixed URLs;
# Russian and Simplified Chinese live under /ru/ and /zh-hans/ (conference_site/urls.py).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ru", _("Russian")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates in each language's own forms ("16 мая 2022 г.", "2022年5月16日"): our formats first,
# then Django's (conference_site/formats/__init__.py names the formats templates use).
FORMAT_MODULE_PATH = ["conference_site.formats"]
# Content fields have a column per language (events/translation.py); an empty translation
# shows the English text.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "UTC"
# Fallbacks for a conference that has not set its own (events.models.Conference): the zone
# a new conference starts in, and the zones its audience lives in (the zone picker's first
# choices and the programme's waking-hours check), as IANA names.
CONFERENCE_TIME_ZONE = env.str("CONFERENCE_TIME_ZONE", default="UTC")
AUDIENCE_TIME_ZONES = env.list("AUDIENCE_TIME_ZONES", default=["UTC"])
# Who runs the site and is responsible for its data (the footer, the privacy notice): the
# deployment's, set in the environment; each conference names its own place and hosts.
SITE_OPERATOR = env.str("SITE_OPERATOR", default="")
SITE_OPERATOR_ADDRESS = env.str("SITE_OPERATOR_ADDRESS", default="")
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
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

# --- E-mail ---------------------------------------------------------------------------
# Every message goes into django-mailer's queue in the database first, so a failing mail
# server never blocks or loses a registration; the worker (`manage.py run_mail_worker`)
# sends through the real backend chosen by EMAIL_URL and retries deferred messages.
_email = env.email_url("EMAIL_URL", default="consolemail://")
# The queue keeps each body sealed until delivery, and only the envelope after it
# (outbox/sealing.py; keys: MAIL_ENCRYPTION_KEYS below).
EMAIL_BACKEND = "outbox.backend.SealedDbBackend"
MAILER_EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Science and Technology Bridge Continents <noreply@tpu.ru>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MAILER_EMPTY_QUEUE_SLEEP = env.int("MAILER_EMPTY_QUEUE_SLEEP", default=5)
# No lock file. django-mailer's (the `lockfile` package, send_mail.lock in the working
# directory) is a file that only its holder removes, in a `finally`: a worker stopped by
# SIGTERM (Python's default action ends the process at once) or SIGKILL leaves it behind,
# lockfile never asks whether its holder still lives, and every later worker logs "lock
# already in place. quitting." each round and sends nothing. Workers share the queue
# through the database instead: django-mailer sends each message in a transaction holding
# its row's lock (on SQLite the write lock, taken at BEGIN IMMEDIATE), which the database
# drops with the connection when a process dies (run_mail_worker.check_queue_locking).
MAILER_USE_FILE_LOCK = False
# A failing message never stops the round: a temporary fault defers it, anything else sets
# it aside with its reason for the organisers (outbox/delivery.py).
MAILER_ERROR_HANDLER = "outbox.delivery.handle_delivery_exception"
# Deferred mail is retried after 30 s, then at doubling intervals up to 2 minutes apart (so
# mail goes out at most about 2 minutes after an outage ends); a message still failing after
# this many retries (about 6 hours) is set aside for the organisers.
MAILER_RETRY_FIRST_SECONDS = env.int("MAILER_RETRY_FIRST_SECONDS", default=30)
MAILER_RETRY_MAX_SECONDS = env.int("MAILER_RETRY_MAX_SECONDS", default=120)
MAILER_EMAIL_MAX_RETRIES = env.int("MAILER_EMAIL_MAX_RETRIES", default=180)

# --- Background tasks -----------------------------------------------------------------
# Work that grows with the data (mass mail to attendees) runs outside the request in a
# task (django-tasks, the backport of Django 6's task framework). Tasks are rows in the
# database; `manage.py db_worker` runs them, on as many machines as needed.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# How long a message's send log (who got an organisers' message, whether it was delivered)
# is kept; `manage.py purge_message_logs` deletes older ones daily (see the privacy page).
MESSAGE_LOG_RETENTION_DAYS = env.int("MESSAGE_LOG_RETENTION_DAYS", default=90)

# Mail to many people (messaging/engine.py): at most this many mails of one conference's
# mailings are handed to the mail queue in any minute (0: no limit), so one conference's
# mailing cannot flood the queue; a task queues batches for up to BULK_MAIL_TASK_SECONDS,
# then leaves the rest to its successor.
BULK_MAIL_PER_MINUTE = env.int("BULK_MAIL_PER_MINUTE", default=30000)
BULK_MAIL_TASK_SECONDS = env.float("BULK_MAIL_TASK_SECONDS", default=10.0)

# --- Request size ---------------------------------------------------------------------
# The app limits what it reads itself, whether or not a proxy in front does: a body over
# REQUEST_MAX_BYTES is refused with 413 before it is read (conference_site/middleware.py);
# signed-in staff may send up to ADMIN_REQUEST_MAX_BYTES to the admin, where slides (at
# most 50 MB, attending/admin.py) and visa invitations (VISA_INVITATION_MAX_BYTES) are
# uploaded. Form fields are read into memory up to DATA_UPLOAD_MAX_MEMORY_SIZE; an uploaded
# file larger than FILE_UPLOAD_MAX_MEMORY_SIZE goes to a temporary file.
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=20 * 1024 * 1024)
ADMIN_REQUEST_MAX_BYTES = env.int("ADMIN_REQUEST_MAX_BYTES", default=60 * 1024 * 1024)
# A contribution's PDF (contributions/pdf.py) may be this large; its upload page alone
# (/contribution/<link>/attachment/) takes a body this large plus room for the form's
# other fields (the middleware's CONTRIBUTION_UPLOAD_OVERHEAD).
CONTRIBUTION_PDF_MAX_BYTES = env.int("CONTRIBUTION_PDF_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2621440)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2621440)

# --- Forms ----------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Submissions per client address (an IPv6 client by its /64) per hour on the public forms
# (django-ratelimit, shared cache). Registration allows a whole university behind one NAT
# address; each registered address gets at most LINK_MAILS_PER_HOUR "your link" mails.
FORM_RATE_LIMIT = env.str("FORM_RATE_LIMIT", default="300/h")
ENQUIRY_RATE_LIMIT = env.str("ENQUIRY_RATE_LIMIT", default="10/h")
LINK_MAILS_PER_HOUR = env.int("LINK_MAILS_PER_HOUR", default=3)
# Wrong invitation codes and unknown join links per client address per hour (guesses;
# right ones are not counted); over it, every try answers 429 for the rest of the hour.
INVITATION_CODE_RATE_LIMIT = env.str("INVITATION_CODE_RATE_LIMIT", default="10/h")
JOIN_RATE_LIMIT = env.str("JOIN_RATE_LIMIT", default="30/h")
# Delegations mail every person entered: delegations created per client address per hour,
# people entered (created or added) per client address per hour, and mails one address
# gets because of anyone's delegations per day.
DELEGATION_RATE_LIMIT = env.str("DELEGATION_RATE_LIMIT", default="5/h")
DELEGATION_PEOPLE_PER_HOUR = env.int("DELEGATION_PEOPLE_PER_HOUR", default=30)
DELEGATION_MAILS_PER_ADDRESS_PER_DAY = env.int("DELEGATION_MAILS_PER_ADDRESS_PER_DAY", default=3)
RATELIMIT_USE_CACHE = "default"
# Behind a load balancer the client address is in X-Forwarded-For, which anyone reaching
# the app directly can also write: it is read only when the connecting address is one of
# TRUSTED_PROXIES (addresses or networks, e.g. "10.0.0.0/24,127.0.0.1"; events/spam.py).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
if env.int("TRUSTED_PROXY_COUNT", default=0) and not TRUSTED_PROXIES:
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT is no longer read: list the proxies' addresses in TRUSTED_PROXIES."
    )

# --- Security -------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
)
if SECURE_PROXY_SSL_HEADER and not TRUSTED_PROXIES:
    # X-Forwarded-Proto is read only from TRUSTED_PROXIES (conference_site/middleware.py).
    raise ImproperlyConfigured("BEHIND_TLS_PROXY needs the proxies' addresses in TRUSTED_PROXIES.")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws some icons as data: SVG images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
PERMISSIONS_POLICY = {
    "camera": [],
    "geolocation": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "interest-cohort": [],
}

# --- Logging --------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Secret links (manage, feed, email change, delegation, join) are in URLs: every record
    # that reaches the console, and the records of Django's request and server loggers, are
    # redacted (conference_site/log_redaction.py; gunicorn's logs: gunicorn.conf.py).
    "filters": {"redact_secret_links": {"()": "conference_site.log_redaction.RedactSecretLinks"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_secret_links"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"filters": ["redact_secret_links"]},
        "django.security.csrf": {"filters": ["redact_secret_links"]},
        "django.server": {
            "handlers": ["console"],
            "filters": ["redact_secret_links"],
            "propagate": False,
        },
    },
}

# --- Visa support (visas/) ------------------------------------------------------------
# Passport data is encrypted in the database (django-fernet-encrypted-fields): the Fernet
# key is derived from SECRET_KEY and each entry of VISA_ENCRYPTION_KEYS (the library reads
# them as SALT_KEY). The first entry encrypts; every entry (and SECRET_KEY_FALLBACKS)
# decrypts, so a key is rotated by putting a new one first, running
# `manage.py reencrypt_visa_data`, then dropping the old one (docs/visas.md).
VISA_ENCRYPTION_KEYS = env.list("VISA_ENCRYPTION_KEYS", default=[])
if not VISA_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured("VISA_ENCRYPTION_KEYS must be set when DEBUG is off.")
    VISA_ENCRYPTION_KEYS = ["development-only-visa-key"]
SALT_KEY = VISA_ENCRYPTION_KEYS
# Queued mail is sealed until delivery (outbox/sealing.py) with a key derived for mail alone
# from each entry of MAIL_ENCRYPTION_KEYS, by default the visa key ring. The first entry
# seals, every entry opens; rotate as the visa keys (`manage.py reseal_mail_queue`).
MAIL_ENCRYPTION_KEYS = env.list("MAIL_ENCRYPTION_KEYS", default=[]) or VISA_ENCRYPTION_KEYS
# Private files, outside MEDIA_ROOT (which DEBUG serves publicly) and never served by the web
# server (conference_site/storage.py): official visa invitations, slides of online sessions
# and badge print runs, read only through token-checked views (the attendee's) and the admin
# (visa officers, the online team, badge printers).
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private")
VISA_INVITATION_MAX_BYTES = env.int("VISA_INVITATION_MAX_BYTES", default=5 * 1024 * 1024)
# --- Documents (letters, badges, certificates) ------------------------------------------
# Look-ups per client address per hour on the public verification page (django-ratelimit).
VERIFY_RATE_LIMIT = env.str("VERIFY_RATE_LIMIT", default="60/h")

"""Production: PostgreSQL and Redis, secrets only from the environment."""

from django.core.exceptions import ImproperlyConfigured

from project.env import env_bool, env_int

from .base import *  # noqa: F403
from .base import CUSTOMER_KEY_SECRET, DATABASE_URL, SECRET_KEY, SIDEBAR_ORIGINS

DEBUG = False
if SECRET_KEY.startswith("insecure-") or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random string of 32+ characters.")
if CUSTOMER_KEY_SECRET == SECRET_KEY or len(CUSTOMER_KEY_SECRET) < 32:
    raise ImproperlyConfigured(
        "CUSTOMER_KEY_SECRET must be set to its own random string of 32+ characters: "
        "it keys the customer phone hashes and must outlive SECRET_KEY rotations."
    )
if not DATABASE_URL:
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
# The sidebar framed by a CRM on another site needs SameSite=None cookies (HTTPS here).
if SIDEBAR_ORIGINS and env_bool("SIDEBAR_CROSS_SITE_COOKIES", True):
    SESSION_COOKIE_SAMESITE = "None"
    CSRF_COOKIE_SAMESITE = "None"
# HTTPS only: a year of HSTS and a redirect from plain HTTP (SECURE_SSL_REDIRECT=false when a proxy
# in front already redirects). /health/ stays reachable over HTTP for a probe on the host.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    # Only behind a proxy that sets X-Forwarded-Proto itself and strips a client's own.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True

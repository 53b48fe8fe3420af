"""A developer's machine and `make run`: SQLite and the ORM broker unless told not.

Debug is on for `manage.py runserver` by hand; `make run` sets DEBUG=false, so a person trying
the product sees its own error pages, never Django's debug page.
"""

from project.env import env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
# Serve static files straight from the apps' folders (no collectstatic), also with DEBUG off.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

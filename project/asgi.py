"""The ASGI entry point: like project/wsgi.py, it defaults to the production settings."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings.production")
application = get_asgi_application()

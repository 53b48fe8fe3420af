"""The WSGI entry point a production server loads: it defaults to the production settings, so a
server started without DJANGO_SETTINGS_MODULE refuses to run on development defaults (DEBUG,
the insecure key) instead of quietly serving with them. Only manage.py defaults to local."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings.production")
application = get_wsgi_application()

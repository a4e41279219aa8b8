"""WSGI entry point for gunicorn: ``gunicorn tallrapport.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tallrapport.settings")

application = get_wsgi_application()

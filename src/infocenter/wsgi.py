"""WSGI entry point for gunicorn: ``gunicorn infocenter.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infocenter.settings")
application = get_wsgi_application()

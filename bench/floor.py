"""The floor of ``bench/pages.py``: the smallest Django project, answering ``ok`` to every
address (no database, no session, no template), served by the same gunicorn as Infocenter.
A request here costs gunicorn, one loopback connection and Django's request handling.

    .venv/bin/gunicorn bench.floor:application -w 2 -b 127.0.0.1:PORT
"""

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="the-floor-has-no-secrets-0123456789abcdef0123456789",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[
            "django.middleware.security.SecurityMiddleware",
            "django.middleware.common.CommonMiddleware",
        ],
        DATABASES={},
        INSTALLED_APPS=[],
        USE_TZ=True,
    )

import django  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

django.setup()


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", ok), path("ok/", ok)]

application = get_wsgi_application()

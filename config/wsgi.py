import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from config.startup import freeze_startup_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - load the URLconf now, not at the first request
freeze_startup_objects()

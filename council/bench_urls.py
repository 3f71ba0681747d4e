"""The project's URLs plus a no-op view, for `manage.py bench` only: the floor every page is
compared with goes through the same middleware (sessions, auth, CSP, axes…) and does nothing."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from council.urls import urlpatterns as project_urlpatterns

FLOOR = "/__bench_floor__/"


def noop(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(FLOOR.strip("/") + "/", noop), *project_urlpatterns]

"""The project's URLs plus a no-op view, for `manage.py bench` only: the floor, a request through
the whole middleware stack (sessions, auth, CSP, axes…) that does nothing else."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns

FLOOR = "/__bench_floor__/"


def noop(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(FLOOR.strip("/") + "/", noop), *project_urlpatterns]

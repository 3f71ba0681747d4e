"""The project's URLs plus two floors, for `manage.py bench` only. Both go through the same
middleware (sessions, auth, CSP, axes…): the no-op view does nothing else, the layout view
renders the site's frame (base.html: menu, header, footer) around no content, so what a page
costs beyond its frame can be read off."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns

FLOOR = "/__bench_floor__/"
LAYOUT = "/__bench_layout__/"


def noop(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def layout(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html")


urlpatterns = [
    path(FLOOR.strip("/") + "/", noop),
    path(LAYOUT.strip("/") + "/", layout),
    *project_urlpatterns,
]

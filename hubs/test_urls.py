"""The project's URLs plus the hub's, for tests until the root urlconf includes them."""

from django.urls import include, path

from council.urls import urlpatterns as root_patterns

urlpatterns = [path("hub/", include("hubs.urls")), *root_patterns]

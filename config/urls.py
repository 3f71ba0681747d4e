"""Root URL configuration."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from council.accounts import DemoLoginView

urlpatterns = [
    path("accounts/login/", DemoLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("hub/", include("hubs.urls")),
    path("proposals/", include("proposals.urls")),
    path("jobs/", include("documents.urls")),
    path("", include("subcommittees.urls")),
    path("", include("council.app_urls")),
]

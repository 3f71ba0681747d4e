from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("<uuid:job_id>/", views.job_detail, name="job"),
    path("<uuid:job_id>/download/", views.job_download, name="job-download"),
]

from django.urls import path

from laborbridge.employment import views

app_name = "employment"
urlpatterns = [
    path("workers/<int:worker_pk>/start/", views.employment_start_view, name="start"),
    path("<int:pk>/end/", views.employment_end_view, name="end"),
]

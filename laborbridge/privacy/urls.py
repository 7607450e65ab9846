from django.urls import path

from laborbridge.privacy import views

app_name = "privacy"
urlpatterns = [
    path("workers/<int:pk>/erase/", views.worker_erase_view, name="erase"),
]

"""Staff URLs of the public side, mounted outside /jobs/ (which is public)."""

from django.urls import path

from laborbridge.portal import staff_views

app_name = "sign_ups"
urlpatterns = [
    path("<int:pk>/review/", staff_views.review, name="review"),
]

from django.urls import path

from laborbridge.help import views

app_name = "help"
urlpatterns = [
    path("", views.help_page_view, name="index"),
    path("images/<str:name>", views.help_image_view, name="image"),
    path("<slug:slug>/", views.help_page_view, name="page"),
]

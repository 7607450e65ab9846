from django.urls import path

from laborbridge.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("official/", views.official_view, name="official"),
    path("<slug:key>/", views.drill_view, name="drill"),
]

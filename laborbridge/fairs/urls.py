from django.urls import path

from laborbridge.fairs import views

app_name = "fairs"
urlpatterns = [
    path("", views.fair_list_view, name="list"),
    path("new/", views.fair_create_view, name="create"),
    path("<int:pk>/", views.fair_detail_view, name="detail"),
    path("<int:pk>/edit/", views.fair_edit_view, name="edit"),
    path("<int:pk>/status/", views.fair_status_view, name="status"),
    path("<int:pk>/participants/", views.participants_view, name="participants"),
    path("<int:pk>/participants/add/", views.participation_add_view, name="participation_add"),
    path("<int:pk>/positions/add/", views.position_add_view, name="position_add"),
    path("<int:pk>/check-in/", views.check_in_view, name="check_in"),
    path("<int:pk>/booth/", views.booth_view, name="booth"),
    path("<int:pk>/consultations/", views.consultations_view, name="consultations"),
    path("<int:pk>/results/", views.results_view, name="results"),
    path("<int:pk>/results.xlsx", views.results_export_view, name="results_export"),
    path("<int:pk>/follow-up/", views.follow_up_view, name="follow_up"),
    # public, no login: the address is the fair's random slug
    path("p/<slug:slug>/", views.public_view, name="public"),
    path("p/<slug:slug>/poster/", views.poster_view, name="poster"),
    path("p/<slug:slug>/qr.svg", views.poster_qr_view, name="poster_qr"),
    path("p/<slug:slug>/register/", views.preregister_view, name="preregister"),
    path("p/<slug:slug>/ticket/<str:token>/", views.ticket_view, name="ticket"),
]

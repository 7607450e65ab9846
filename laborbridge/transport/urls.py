from django.urls import path

from laborbridge.transport import views

app_name = "transport"
urlpatterns = [
    path("", views.campaign_list_view, name="campaigns"),
    path("new/", views.campaign_create_view, name="campaign_create"),
    path("<int:pk>/", views.campaign_view, name="campaign"),
    path("<int:pk>/signups/", views.signup_add_view, name="signup_add"),
    path("<int:pk>/plan/", views.plan_view, name="plan"),
    path("plan-jobs/<int:pk>/progress/", views.plan_progress_view, name="plan_progress"),
    path("<int:pk>/subsidies/", views.subsidies_view, name="subsidies"),
    path("<int:pk>/subsidies.xlsx", views.subsidy_export_view, name="subsidy_export"),
    path("trips/<int:pk>/", views.trip_view, name="trip"),
    path("trips/<int:pk>/phones/", views.trip_phones_view, name="trip_phones"),
    path("trips/<int:pk>/print/", views.trip_print_view, name="trip_print"),
    path("trips/<int:pk>/manifest.xlsx", views.trip_xlsx_view, name="trip_xlsx"),
    path("trips/<int:pk>/boarding/", views.boarding_view, name="boarding"),
    path("signups/<int:pk>/move/", views.move_view, name="move"),
    path("arrivals/", views.arrival_list_view, name="arrivals"),
    path("arrivals/<int:pk>/", views.arrival_view, name="arrival"),
]

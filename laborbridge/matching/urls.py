from django.urls import path

from laborbridge.matching import views

app_name = "matching"
urlpatterns = [
    path("workers/<int:pk>/", views.worker_recommendations_view, name="worker"),
    path("workers/<int:pk>/refer/", views.refer_view, name="refer"),
    path("vacancies/<int:pk>/", views.vacancy_candidates_view, name="vacancy"),
    path("fairs/<int:pk>/", views.fair_recommendations_view, name="fair"),
]

from django.urls import path

from laborbridge.employment import views

app_name = "employment"
urlpatterns = [
    path("workers/<int:worker_pk>/start/", views.employment_start_view, name="start"),
    path("<int:pk>/end/", views.employment_end_view, name="end"),
    path("workers/<int:worker_pk>/refer/", views.referral_create_view, name="refer"),
    path("referrals/<int:pk>/step/", views.referral_advance_view, name="referral_step"),
    path(
        "referral-steps/<int:pk>/withdraw/", views.referral_step_withdraw_view, name="referral_step_withdraw"
    ),
    path("follow-ups/", views.follow_up_list_view, name="follow_ups"),
    path("bases/", views.base_list_view, name="bases"),
    path("placed/", views.placed_list_view, name="placed"),
    path("vacancy-picker/", views.vacancy_picker_view, name="vacancy_picker"),
    path("bases/<int:pk>/", views.base_detail_view, name="base"),
    path("follow-ups/<int:pk>/", views.follow_up_answer_view, name="follow_up_answer"),
]

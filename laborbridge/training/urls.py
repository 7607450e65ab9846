from django.urls import path

from laborbridge.training import views

app_name = "training"
urlpatterns = [
    path("", views.class_list_view, name="classes"),
    path("programmes/", views.programme_list_view, name="programmes"),
    path("new/", views.class_create_view, name="class_create"),
    path("<int:pk>/", views.class_detail_view, name="class"),
    path("<int:pk>/edit/", views.class_edit_view, name="class_edit"),
    path("<int:pk>/status/", views.class_status_view, name="class_status"),
    path("<int:pk>/enrol/", views.enrol_view, name="enrol"),
    path("<int:pk>/attendance/", views.attendance_view, name="attendance"),
    path("<int:pk>/recommend/", views.recommend_view, name="recommend"),
    path("<int:pk>/roster.xlsx", views.roster_view, name="roster"),
    path("trainees/<int:pk>/", views.enrolment_view, name="enrolment"),
    path("trainees/<int:pk>/step/", views.enrolment_step_view, name="enrolment_step"),
    path("trainees/<int:pk>/certificate/", views.certificate_view, name="certificate"),
]

from django.urls import path

from laborbridge.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.jobs, name="jobs"),
    path("<int:pk>/", views.job, name="job"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path("<int:pk>/apply/confirm/", views.apply_confirm, name="apply_confirm"),
    path("training/", views.classes, name="classes"),
    path("training/<int:pk>/", views.training_class, name="class"),
    path("training/<int:pk>/apply/", views.class_apply, name="class_apply"),
    path("training/<int:pk>/apply/confirm/", views.class_apply_confirm, name="class_apply_confirm"),
    path("buses/", views.buses, name="buses"),
    path("buses/<int:pk>/apply/", views.bus_apply, name="bus_apply"),
    path("buses/<int:pk>/apply/confirm/", views.bus_apply_confirm, name="bus_apply_confirm"),
    path("me/", views.me, name="me"),
    path("me/confirm/", views.me_confirm, name="me_confirm"),
    path("me/id/", views.me_last4, name="me_last4"),
    path("me/sign-out/", views.me_sign_out, name="me_sign_out"),
]

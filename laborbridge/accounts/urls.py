from django.urls import path

from laborbridge.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password"),
    path("otp/", views.otp_verify, name="otp_verify"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("otp/recovery/", views.recovery_codes, name="recovery_codes"),
    path("audit/", views.audit_trail, name="audit"),
    path("audit/export.xlsx", views.audit_export_view, name="audit_export"),
    path("users/", views.users, name="users"),
    path("users/new/", views.user_new, name="user_create"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/active/", views.user_active, name="user_active"),
    path("users/<int:pk>/password/", views.user_password_reset_view, name="user_password_reset"),
    path(
        "users/<int:pk>/second-factor/", views.user_second_factor_reset_view, name="user_second_factor_reset"
    ),
]

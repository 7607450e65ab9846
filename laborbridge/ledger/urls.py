from django.urls import path

from laborbridge.ledger import views

app_name = "ledger"
urlpatterns = [
    path("import/", views.import_home_view, name="home"),
    path("import/<int:pk>/", views.job_view, name="job"),
    path("import/<int:pk>/progress/", views.job_progress_view, name="progress"),
    path("import/<int:pk>/confirm/", views.job_confirm_view, name="confirm"),
    path("import/<int:pk>/cancel/", views.job_cancel_view, name="cancel"),
    path("import/<int:pk>/errors.xlsx", views.job_errors_view, name="errors"),
    path("template.xlsx", views.template_view, name="template"),
    path("export/", views.export_view, name="export"),
    path("export/<int:pk>/", views.export_job_view, name="export_job"),
    path("export/<int:pk>/progress/", views.export_progress_view, name="export_progress"),
    path("export/<int:pk>/download.xlsx", views.export_download_view, name="export_download"),
    path("export-full/", views.export_full_view, name="export_full"),
    path("employers/", views.employers_import_view, name="employers"),
]

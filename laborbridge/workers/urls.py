from django.urls import path

from laborbridge.workers import views

app_name = "workers"
urlpatterns = [
    path("", views.worker_list_view, name="list"),
    path("new/", views.worker_create_view, name="create"),
    path("villages/", views.village_options_view, name="villages"),
    path("<int:pk>/", views.worker_detail_view, name="detail"),
    path("<int:pk>/edit/", views.worker_edit_view, name="edit"),
    path("<int:pk>/unmask/", views.worker_unmask_view, name="unmask"),
]

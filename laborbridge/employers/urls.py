from django.urls import path

from laborbridge.employers import views

app_name = "employers"
urlpatterns = [
    path("", views.employer_list_view, name="list"),
    path("new/", views.employer_create_view, name="create"),
    path("<int:pk>/", views.employer_detail_view, name="detail"),
    path("<int:pk>/edit/", views.employer_edit_view, name="edit"),
    path("<int:pk>/unmask/", views.employer_unmask_view, name="unmask"),
    path("<int:pk>/members/", views.employer_members_view, name="members"),
    path("<int:pk>/members/<int:user_pk>/remove/", views.employer_member_remove_view, name="member_remove"),
    path("<int:pk>/recognise/", views.base_recognise_view, name="recognise"),
    path("<int:pk>/vacancies/new/", views.vacancy_create_view, name="vacancy_create"),
    path("vacancies/", views.vacancy_list_view, name="vacancies"),
    path("vacancies/<int:pk>/", views.vacancy_detail_view, name="vacancy"),
    path("vacancies/<int:pk>/edit/", views.vacancy_edit_view, name="vacancy_edit"),
    path("vacancies/<int:pk>/status/", views.vacancy_status_view, name="vacancy_status"),
]

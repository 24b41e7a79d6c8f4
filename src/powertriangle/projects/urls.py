from django.urls import path

from powertriangle.projects import rights_views, views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new", views.project_new, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit", views.project_edit, name="edit"),
    path("<int:pk>/members/add", views.project_member_add, name="member_add"),
    path("<int:pk>/members/<int:member_pk>/edit", views.project_member_edit, name="member_edit"),
    path(
        "<int:pk>/members/<int:member_pk>/data",
        rights_views.member_data_page,
        name="member_data",
    ),
    path(
        "<int:pk>/members/<int:member_pk>/data.json",
        rights_views.member_data_download,
        name="member_data_download",
    ),
    path(
        "<int:pk>/members/<int:member_pk>/erase",
        rights_views.member_erase_page,
        name="member_erase",
    ),
    path("<int:pk>/archive", rights_views.project_archive_view, name="archive"),
    path("<int:pk>/delete", rights_views.project_delete_page, name="delete"),
]

from django.urls import path

from powertriangle.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new", views.project_new, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit", views.project_edit, name="edit"),
    path("<int:pk>/members/add", views.project_member_add, name="member_add"),
    path("<int:pk>/members/<int:member_pk>/edit", views.project_member_edit, name="member_edit"),
]

from django.urls import path

from powertriangle.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("language", views.set_language, name="set_language"),
]

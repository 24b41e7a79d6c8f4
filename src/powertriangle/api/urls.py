from django.urls import URLPattern, URLResolver

from powertriangle.api.api import api

app_name = "api"
urlpatterns: list[URLPattern | URLResolver] = list(api.urls[0])

from django.urls import include, path

urlpatterns = [
    path("", include("powertriangle.core.urls")),
    path("accounts/", include("powertriangle.accounts.urls")),
    path("projects/", include("powertriangle.projects.urls")),
    path("", include("powertriangle.cycles.urls")),
    path("api/v1/", include("powertriangle.api.urls")),
    path("live/", include("powertriangle.live.urls")),
    path("", include("powertriangle.workshops.urls")),
]

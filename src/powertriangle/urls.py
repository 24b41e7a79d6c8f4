from django.urls import include, path

handler403 = "powertriangle.core.failures.forbidden"
handler404 = "powertriangle.core.failures.not_found"
handler500 = "powertriangle.core.failures.server_error"

urlpatterns = [
    path("", include("powertriangle.core.urls")),
    path("", include("powertriangle.ops.urls")),
    path("accounts/", include("powertriangle.accounts.urls")),
    path("projects/", include("powertriangle.projects.urls")),
    path("", include("powertriangle.cycles.urls")),
    path("api/v1/", include("powertriangle.api.urls")),
    path("live/", include("powertriangle.live.urls")),
    path("", include("powertriangle.workshops.urls")),
]

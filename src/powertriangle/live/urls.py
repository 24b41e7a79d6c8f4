from django.urls import path

from powertriangle.live import views

app_name = "live"
urlpatterns = [
    path("cycles/<int:pk>/events", views.cycle_events, name="cycle_events"),
]

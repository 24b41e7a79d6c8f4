from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "powertriangle.workshops"
    verbose_name = "Live workshops"

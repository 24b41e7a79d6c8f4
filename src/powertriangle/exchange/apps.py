from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "powertriangle.exchange"
    label = "exchange"
    verbose_name = "Project export and import"

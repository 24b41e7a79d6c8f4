from django.apps import AppConfig


class OpsConfig(AppConfig):
    """No models: an app so that Django finds the `powertriangle` commands."""

    name = "powertriangle.ops"
    label = "ops"

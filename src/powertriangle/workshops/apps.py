from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "powertriangle.workshops"
    verbose_name = "Live workshops"

    def ready(self) -> None:
        from powertriangle.cycles.signals import cycle_closed
        from powertriangle.workshops.services import workshops_close_for_cycle

        cycle_closed.connect(workshops_close_for_cycle, dispatch_uid="workshops-close-for-cycle")

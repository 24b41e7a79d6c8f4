from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "powertriangle.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_seen_at_login, dispatch_uid="accounts-seen-at-login")


def _seen_at_login(sender: object, request: Any, **kwargs: object) -> None:
    """A fresh login is activity: the idle clock starts (middleware.SessionIdleMiddleware)."""
    import time

    from powertriangle.accounts.middleware import SEEN_KEY

    if request is not None and hasattr(request, "session"):
        request.session[SEEN_KEY] = int(time.time())

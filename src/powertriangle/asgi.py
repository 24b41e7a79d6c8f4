import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "powertriangle.settings")
application = get_asgi_application()

# Every server process releases held anonymous contributions to the screens in their batches
# (any number of processes may; each batch is released once).
from powertriangle.cycles.services.release import start_releaser  # noqa: E402

start_releaser()

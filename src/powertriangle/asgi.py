import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "powertriangle.settings")
streams = get_asgi_application()  # sets Django up

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

from powertriangle.ops.dispatch import application_for  # noqa: E402

# Pages on a pool of threads, the live streams (coroutine views) on the ASGI handler.
application = application_for(
    streams,  # type: ignore[arg-type]
    get_wsgi_application(),
    threads=settings.POWERTRIANGLE_PAGE_THREADS,
)

# Every server process releases held anonymous contributions to the screens in their batches
# (any number of processes may; each batch is released once).
from powertriangle.cycles.services.release import start_releaser  # noqa: E402

start_releaser()

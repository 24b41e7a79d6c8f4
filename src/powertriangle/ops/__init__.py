"""Running the service: the server and its dispatch (serve.py, dispatch.py), the demo, backups,
retention (housekeeping.py), the health check and the `powertriangle` commands."""

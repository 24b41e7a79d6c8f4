"""Pages and htmx fragments of the cycle workspace, one module per feature."""

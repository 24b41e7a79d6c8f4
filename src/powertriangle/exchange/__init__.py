"""A whole project as a versioned JSON document, out and in (services.project_export and
project_import); the API and the command line call the same two functions."""

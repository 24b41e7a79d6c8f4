"""The `powertriangle` command. Thin: it picks the settings and hands over to Django's
management commands, so `powertriangle migrate`, `powertriangle check --deploy` and our own
commands (`demo`, `serve`, `seed-demo`, `export`, ...) all run through one entry point."""

from __future__ import annotations

import os
import sys

# Our commands are spelled with hyphens on the command line, as Python modules with underscores.
# `import` cannot be a module name, so export/import live in export_project/import_project.
_ALIASES = {"seed-demo": "seed_demo", "export": "export_project", "import": "import_project"}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "powertriangle.settings")
    if len(args) > 1:
        args[1] = _ALIASES.get(args[1], args[1])
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()

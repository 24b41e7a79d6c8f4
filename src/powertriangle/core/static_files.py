"""Static files under names that carry a hash of their content (`app.3f2c…9a.css`), so a browser
may keep them for a year and still gets a changed file at once: its name changes with it.

No `collectstatic` step: the names are worked out from the apps' static folders (the finders)
the first time a page asks for one, and WhiteNoise serves each file under both names, the
hashed one as immutable (`Cache-Control: max-age=315360000, public, immutable`), the plain one
with a short lifetime (for a page cached before a change, or a link typed by hand)."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import StaticFilesStorage
from whitenoise.middleware import WhiteNoiseMiddleware

HASH_LENGTH = 12
_HASHED = re.compile(rf"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{{{HASH_LENGTH}}})(?P<ext>\.[^./]+)$")

# name → (mtime_ns, size, hashed name): a file edited while the server runs gets a new name.
_names: dict[str, tuple[int, int, str]] = {}


def hashed_for(name: str, path: str) -> str:
    stat = os.stat(path)
    known = _names.get(name)
    if known is not None and known[:2] == (stat.st_mtime_ns, stat.st_size):
        return known[2]
    with open(path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()[:HASH_LENGTH]
    pure = PurePosixPath(name)
    hashed = str(pure.with_name(f"{pure.stem}.{digest}{pure.suffix}"))
    _names[name] = (stat.st_mtime_ns, stat.st_size, hashed)
    return hashed


def hashed_name(name: str) -> str | None:
    """`name` (e.g. "powertriangle/app.css") with its content's hash, or None if no app has it."""
    path = finders.find(name)
    return hashed_for(name, path) if isinstance(path, str) else None


def unhashed_name(name: str) -> str:
    """The file's own name for a hashed one; any other name as it is."""
    match = _HASHED.match(name)
    return f"{match['stem']}{match['ext']}" if match else name


class ContentHashedStorage(StaticFilesStorage):
    """`{% static %}` gives the hashed name of a file the finders know (any other name as it
    is). Collecting (`collectstatic`) keeps the plain names: the server hashes them itself."""

    def url(self, name: str | None) -> str:
        hashed = hashed_name(name) if name else None
        return super().url(hashed or name)


class StaticFilesMiddleware(WhiteNoiseMiddleware):  # type: ignore[misc]  # untyped
    """WhiteNoise, serving every file of the apps' static folders under its hashed name too."""

    def add_files_from_finders(self) -> None:
        super().add_files_from_finders()
        prefix = self.static_prefix
        for url in list(self.files):
            name = url[len(prefix) :]
            path = finders.find(name) if url.startswith(prefix) else None
            if isinstance(path, str):
                self.add_file_to_dictionary(prefix + hashed_for(name, path), path)

    def candidate_paths_for_url(self, url: str) -> Iterator[str]:
        """While files are looked up per request (DEBUG), a hashed name finds its file."""
        prefix = self.static_prefix
        if url.startswith(prefix):
            name = url[len(prefix) :]
            plain = unhashed_name(name)
            if plain != name and hashed_name(plain) == name:
                path = finders.find(plain)
                if isinstance(path, str):
                    yield path
                    return
        yield from super().candidate_paths_for_url(url)

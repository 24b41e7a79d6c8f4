"""Static files go under names with a hash of their content: a browser keeps them for a year
(immutable) and still sees a change at once, because a changed file gets another name."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import Client

from powertriangle.core.static_files import hashed_for, unhashed_name
from tests.conftest import World

ASSET = re.compile(r'<(?:script|link)\b[^>]*?\b(?:src|href)="(/static/[^"]+)"')
YEAR = "max-age=315360000, public, immutable"


def _body(response: object) -> bytes:
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return gzip.decompress(data) if response.get("Content-Encoding") == "gzip" else data  # type: ignore[attr-defined]


def test_every_asset_of_a_page_has_a_hashed_name_kept_for_a_year(world: World) -> None:
    client = world.client_for(world.coach)
    html = client.get(f"/cycles/{world.cycle.pk}/").content.decode()
    assets = ASSET.findall(html)
    assert len(assets) >= 3  # stylesheet, htmx, the app's script
    for url in assets:
        name = url.removeprefix("/static/")
        assert re.search(r"\.[0-9a-f]{12}\.(css|js|svg)$", name), url
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == YEAR
        path = finders.find(unhashed_name(name))
        assert isinstance(path, str)
        assert _body(response) == Path(path).read_bytes()


def test_the_plain_name_is_served_briefly_and_a_wrong_hash_not_at_all() -> None:
    client = Client()
    plain = client.get("/static/powertriangle/app.css")
    assert plain.status_code == 200
    assert "immutable" not in plain["Cache-Control"]
    assert client.get("/static/powertriangle/app.0123456789ab.css").status_code == 404


def test_a_changed_file_gets_another_name(tmp_path: Path) -> None:
    path = tmp_path / "style.css"
    path.write_text("a { color: red }")
    first = hashed_for("site/style.css", str(path))
    assert re.fullmatch(r"site/style\.[0-9a-f]{12}\.css", first)
    assert hashed_for("site/style.css", str(path)) == first
    path.write_text("a { color: blue; }")
    second = hashed_for("site/style.css", str(path))
    assert second != first
    assert unhashed_name(second) == "site/style.css"
    assert unhashed_name("vendor/htmx-2.0.11.min.js") == "vendor/htmx-2.0.11.min.js"

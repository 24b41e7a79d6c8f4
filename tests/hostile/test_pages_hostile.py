"""Pages with hostile URLs: every route's ids replaced by numbers no id can be (and its other
parameters by junk), and the query steps pages link to (the phone's `?dimension=&polarity=`)
with nasty values. No server error, no markup from the URL in the page; a POST with a
hostile id writes nothing."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlencode

from django.http import HttpResponse

from tests.hostile.corpus import MARKUP, SHORT_TEXT
from tests.hostile.dom import injected, parse
from tests.hostile.routes import fill, page_routes, params, values_for
from tests.hostile.scene import Scene
from tests.hostile.state import Writes, rolled_back
from tests.hostile.test_forms_hostile import _discover, clients_of

NUMBERS = {"zero": "0", "int64-overflow": str(2**63), "huge": "9" * 40}
WORDS = {
    "nul": "\x00",
    "long": "x" * 300,
    "script": MARKUP["script"],
    "dots": "..",
    "emoji": "👩🏽‍⚕️",
    "lone-surrogate": "\ud800",
}


def _problems(where: str, response: object) -> list[str]:
    assert isinstance(response, HttpResponse)
    if response.status_code >= 500:
        return [f"{where}: {response.status_code}"]
    if response.get("Content-Type", "").startswith("text/html"):
        return [f"{where}: {f}" for f in injected(parse(response.content.decode()))]
    return []


def test_page_urls_take_ids_no_object_has(scene: Scene) -> None:
    clients = clients_of(scene)
    values: dict[str, object] = {}
    for stage in scene.stages:  # every parameter gets a real object, the tried one a fake
        values.update(values_for(scene, stage))
    problems: list[str] = []
    requests = 0
    for route in page_routes():
        for converter, name in params(route):
            for label, value in (NUMBERS if converter == "int" else WORDS).items():
                text = quote(value, safe="", errors="surrogatepass")
                path = fill(route, values, raw={name: text})
                assert path is not None, f"{route.name}: the scene cannot fill it"
                for persona in ("coach", "participant"):
                    client = clients[persona]
                    where = f"{persona} {route.name} {name}={label}"
                    requests += 2
                    problems += _problems(f"GET {where}", client.get(path))
                    with rolled_back(), Writes().watching() as writes:
                        response = client.post(path)
                    if writes.tables:
                        problems.append(f"POST {where}: wrote {sorted(writes.tables)}")
                    problems += _problems(f"POST {where}", response)
    print(f"\npage URLs: {requests} requests with ids and words no object has")
    assert requests > 100
    assert not problems, "\n".join(problems[:60])


def test_page_queries_take_the_short_corpus(scene: Scene) -> None:
    """The query parameters pages link to (the phone's `?dimension=&polarity=` steps) with
    nasty values: no server error, no markup from the URL in the page."""
    discovery, judge = _discover(scene)
    problems: list[str] = []
    tried: set[tuple[str, str, str]] = set()
    requests = 0
    for persona, path, query in discovery.queries:
        params = parse_qsl(query[1:], keep_blank_values=True)
        for name, _value in params:
            if (persona, path, name) in tried:
                continue
            tried.add((persona, path, name))
            for label, hostile in {**SHORT_TEXT, **MARKUP}.items():
                changed = [(k, hostile if k == name else v) for k, v in params]
                url = path + "?" + urlencode(changed, errors="surrogatepass")
                response = judge.clients[persona].get(url)
                requests += 1
                where = f"{persona} {path}?{name}={label}"
                if response.status_code >= 500:
                    problems.append(f"{where}: {response.status_code}")
                elif response["Content-Type"].startswith("text/html"):
                    html = response.content.decode()
                    problems += [f"{where}: {f}" for f in injected(parse(html))]
    print(f"\npage queries: {requests} requests into {len(tried)} query parameters")
    assert tried, "no page links to a query: discovery of query steps broke"
    assert not problems, "\n".join(problems)

"""Finding every form the app renders, and posting hostile values into it.

Every page of `tests.hostile.routes` is fetched by each persona (a visitor without login, the
phone that joined the workshops, the coach) in every stage of the scene, and two query steps
deep; every `<form>` in the answers (and every submit button with its own `formaction`)
becomes a `FormSpec` with its controls and the values a person would send."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.test import Client
from django.urls import resolve
from django.urls.exceptions import Resolver404

from tests.conftest import PASSWORD
from tests.hostile.dom import Element, parse
from tests.hostile.routes import fill, page_routes, values_for
from tests.hostile.scene import Scene

TEXT_KINDS = frozenset({"text", "textarea", "search", "email", "url", "tel", "password"})
NEW_PASSWORD = "another long passphrase 77"


# What a person picks where a page leaves a choice open (the browser alone would send the
# first option of a select and nothing for unticked radios and checkboxes): indexes into the
# control's non-empty options. A new form whose untouched state is refused needs a line here.
PICKS: dict[tuple[str, str], tuple[int, ...]] = {
    ("workshops:join_submit", "role"): (1,),
    ("workshops:link_add", "factor_a"): (0,),
    ("workshops:link_add", "factor_b"): (-1,),
    ("workshops:action_add", "kind"): (0,),
    ("workshops:action_add", "owners"): (0,),
    ("projects:member_add", "role"): (1,),
    ("cycles:factor_create", "author"): (0,),
    ("cycles:factor_create", "polarity"): (0,),
    ("cycles:link_create", "author"): (0,),
    ("cycles:link_create", "factor_a"): (0,),
    ("cycles:link_create", "factor_b"): (1,),
    ("cycles:vote_cast", "member"): (0,),
    ("cycles:vote_remove", "member"): (0,),
    ("cycles:action_create", "author"): (0,),
    ("cycles:action_create", "kind"): (0,),
    ("cycles:action_create", "owners"): (0,),
    ("projects:member_erase", "mode"): (0,),
}


# Forms that only take a person somewhere (nothing is written when they are accepted).
NAVIGATES = frozenset({"workshops:join_code"})

# Fields that must repeat another one: a hostile new password is typed twice.
CONFIRMS = {("accounts:password_change", "new_password1"): "new_password2"}


@dataclass(frozen=True)
class Control:
    name: str
    kind: str  # the input type, or "select", "textarea", "button"
    values: tuple[str, ...]  # what a person sends without changing anything
    options: tuple[str, ...] = ()
    maxlength: int | None = None

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS


@dataclass
class FormSpec:
    page: str
    action: str
    method: str
    htmx: bool  # answers a partial update too (htmx, or the phone's fetch with HX-Request)
    persona: str  # "coach", "visitor" (no login) or "participant" (a phone that joined)
    controls: dict[str, Control] = field(default_factory=dict)
    typed: dict[str, str] = field(default_factory=dict)  # what a person types (scene-specific)

    @cached_property
    def url_name(self) -> str:
        try:
            match = resolve(urlsplit(self.action).path)
        except Resolver404:
            return f"(unresolved) {self.action}"
        return match.view_name

    @property
    def key(self) -> tuple[str, str, tuple[str, ...]]:
        return (self.url_name, self.method, tuple(sorted(self.controls)))

    def fields(self) -> list[Control]:
        return [c for name, c in sorted(self.controls.items()) if name != "csrfmiddlewaretoken"]

    def valid(self, control: Control) -> tuple[str, ...]:
        """What a person sends in this control: the page's default, or their pick (PICKS)."""
        if control.name in self.typed:
            return (self.typed[control.name],)
        pick = PICKS.get((self.url_name, control.name))
        if pick is None:
            return control.values
        filled = [o for o in control.options if o]
        return tuple(filled[i] for i in pick)

    def data(self, **override: list[str] | None) -> list[tuple[str, str]]:
        """The pairs a browser would send, with `override` replacing (None: leaving out) fields.
        A confirmation field follows the field it confirms (see CONFIRMS)."""
        for name, given in list(override.items()):
            confirm = CONFIRMS.get((self.url_name, name))
            if confirm is not None and confirm not in override:
                override[confirm] = given
        pairs: list[tuple[str, str]] = []
        for control in self.fields():
            values: list[str] | tuple[str, ...] | None = self.valid(control)
            if control.name in override:
                values = override[control.name]
            pairs += [(control.name, v) for v in values or ()]
        return pairs


def _baseline(element: Element, kind: str, name: str) -> str:
    """A valid value for a text box the page left empty."""
    known = {
        "username": "alice",
        "password": PASSWORD,
        "old_password": PASSWORD,
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }
    if name in known:
        return known[name]
    if kind == "date":
        return "2031-05-01"
    if kind == "number":
        return element.get("value") or element.get("min") or "1"
    return element.get("value") or "Plain words from the team"


def _maxlength(element: Element) -> int | None:
    text = element.get("maxlength")
    return int(text) if text.isdigit() else None


def _controls(form: Element, submitter: Element | None) -> dict[str, Control]:
    """The form's controls with what the browser sends when nobody touches them (text boxes
    left empty get plain words, as a person would type)."""
    grouped: dict[str, list[Element]] = {}
    for element in form.iter():
        if any(a.tag == "template" for a in element.ancestors()):
            continue  # a template's content is not part of the form
        if element.tag in ("input", "select", "textarea") and element.get("name"):
            grouped.setdefault(element.get("name"), []).append(element)
    controls: dict[str, Control] = {}
    for name, elements in grouped.items():
        first = elements[0]
        kind = first.tag if first.tag != "input" else (first.get("type") or "text").lower()
        if kind in ("radio", "checkbox"):
            options = tuple(e.attrs.get("value", "on") for e in elements)
            checked = tuple(e.attrs.get("value", "on") for e in elements if "checked" in e.attrs)
            controls[name] = Control(name, kind, checked, options)
        elif kind == "select":
            options = tuple(
                o.attrs.get("value", o.text().strip()) for o in first.iter() if o.tag == "option"
            )
            chosen = tuple(
                o.attrs.get("value", o.text().strip())
                for o in first.iter()
                if o.tag == "option" and "selected" in o.attrs
            )
            controls[name] = Control(name, kind, chosen or options[:1], options)
        elif kind == "textarea":
            text = first.text().removeprefix("\n")
            value = text or _baseline(first, kind, name)
            controls[name] = Control(name, kind, (value,), maxlength=_maxlength(first))
        elif kind in ("submit", "button", "reset", "image"):
            continue
        else:
            value = first.get("value") if kind == "hidden" else _baseline(first, kind, name)
            controls[name] = Control(name, kind, (value,), maxlength=_maxlength(first))
    if submitter is not None and submitter.get("name"):
        name = submitter.get("name")
        options = tuple(
            b.get("value") for b in form.iter() if b.tag == "button" and b.get("name") == name
        )
        controls[name] = Control(name, "button", (submitter.get("value"),), options)
    return controls


def forms_in(html: str, page: str, *, persona: str) -> list[FormSpec]:
    found: list[FormSpec] = []
    root = parse(html)
    for form in root.iter():
        if form.tag != "form":
            continue
        buttons = [
            b
            for b in form.iter()
            if (b.tag == "button" and b.get("type", "submit") == "submit")
            or (b.tag == "input" and b.get("type") == "submit")
        ]
        method = form.get("method", "get").lower()
        plain = [b for b in buttons if not b.get("formaction")]
        targets: list[tuple[str, Element | None]] = [
            (form.get("action") or page, plain[0] if plain else None)
        ]
        targets += [(b.get("formaction"), b) for b in buttons if b.get("formaction")]
        for action, submitter in targets:
            found.append(
                FormSpec(
                    page=page,
                    action=action,
                    method=method,
                    htmx=bool(form.get("data-hx-post") or form.get("hx-post"))
                    or "data-swap" in form.attrs,
                    persona=persona,
                    controls=_controls(form, submitter),
                )
            )
    return found


@dataclass
class Discovery:
    forms: list[FormSpec]
    pages: list[str]  # every page fetched with an HTML answer
    unfilled: list[str]  # routes the scene had no values for
    queries: list[tuple[str, str, str]] = field(default_factory=list)  # persona, path, "?a=b"


def _fetch(client: Client, path: str) -> str | None:
    response = client.get(path)
    if response.status_code != 200 or getattr(response, "streaming", False):
        return None
    if not response["Content-Type"].startswith("text/html"):
        return None
    return response.content.decode()


def typed_values(scene: Scene) -> dict[tuple[str, str], str]:
    """Text a person types that only the scene knows: the code on the big screen."""
    workshop = scene.reaction.workshop
    assert workshop is not None
    assert workshop.code
    return {("workshops:join_code", "code"): workshop.code}


def _query_links(html: str, limit: int = 8) -> list[str]:
    """Links to the same page with another query (`?dimension=resources`): steps of a page
    (the phone's "what is it about?") whose forms only show once a step is chosen."""
    found = []
    for element in parse(html).iter():
        href = element.get("href") if element.tag == "a" else ""
        if href.startswith("?") and len(href) > 1 and href not in found:
            found.append(href)
    return found[:limit]


def discover(scene: Scene, clients: dict[str, Client]) -> Discovery:
    """Every POST form on every page the personas' clients can fetch, in every stage (and
    two query steps deep into each page)."""
    by_key: dict[tuple[str, str, tuple[str, ...]], FormSpec] = {}
    pages: list[str] = []
    queries: list[tuple[str, str, str]] = []
    filled_any: set[str] = set()
    routes = page_routes()
    typed = typed_values(scene)
    for persona, client in clients.items():
        fetched: set[str] = set()
        for stage in scene.stages:
            values = values_for(scene, stage)
            for route in routes:
                path = fill(route, values)
                if path is None:
                    continue
                filled_any.add(route.name)
                todo = [(path, 0)]
                while todo:
                    url, depth = todo.pop()
                    if url in fetched:
                        continue
                    fetched.add(url)
                    html = _fetch(client, url)
                    if html is None:
                        continue
                    if url not in pages:
                        pages.append(url)
                    if depth < 2:
                        links = _query_links(html)
                        todo += [(path + q, depth + 1) for q in links]
                        queries += [(persona, path, q) for q in links]
                    for spec in forms_in(html, url, persona=persona):
                        if spec.method != "post":
                            continue
                        spec.typed = {n: v for (u, n), v in typed.items() if u == spec.url_name}
                        known = by_key.get(spec.key)
                        if known is None:
                            by_key[spec.key] = spec
                        elif spec.htmx:
                            known.htmx = True
    unfilled = sorted({r.name for r in routes} - filled_any)
    return Discovery(list(by_key.values()), pages, unfilled, queries)


def encode(pairs: list[tuple[str, str]]) -> bytes:
    """URL-encode like a browser, except that a lone surrogate goes out as its (invalid) UTF-8
    bytes: what a broken client or an attacker can send."""
    return urlencode(pairs, encoding="utf-8", errors="surrogatepass").encode("ascii")


def post(client: Client, spec: FormSpec, pairs: list[tuple[str, str]], *, htmx: bool) -> object:
    headers = {"HX-Request": "true", "HX-Current-URL": spec.page} if htmx else {}
    return client.generic(
        "POST",
        spec.action,
        encode(pairs),
        content_type="application/x-www-form-urlencoded",
        headers=headers,
    )


def session_changed(response: object) -> bool:
    """Whether the answer remembers something in the browser: a login, a language, a joined
    workshop (the CSRF token and flash messages are not the person's doing)."""
    cookies = getattr(response, "cookies", {})
    return any(name not in (settings.CSRF_COOKIE_NAME, "messages") for name in cookies)

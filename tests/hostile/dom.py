"""A small DOM from `html.parser`: enough to find forms, error messages next to fields, and markup
that came from input (the canaries of `tests.hostile.corpus`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from tests.hostile.corpus import CANARY_TAG

VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
# Attributes whose value is a URL the browser may follow or fetch.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "hx-get", "hx-post", "hx-put"}
)


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list[Element] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)

    def get(self, name: str, default: str = "") -> str:
        return self.attrs.get(name, default)

    @property
    def classes(self) -> set[str]:
        return set(self.get("class").split())

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.iter()

    def text(self) -> str:
        return "".join(self.text_parts) + "".join(c.text() for c in self.children)

    def ancestors(self) -> Iterator[Element]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        self.current.children.append(element)

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.text_parts.append(data)


def parse(html: str) -> Element:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def injected(root: Element) -> list[str]:
    """Markup in the page that can only have come from hostile input: each finding as text.

    The app itself never uses inline scripts, event-handler attributes, `javascript:` URLs or
    images with `src="x"` (the CSP forbids the first ones), so any of them is an injection."""
    found: list[str] = []
    for element in root.iter():
        tag = element.tag
        if tag == CANARY_TAG or "data-pt-canary" in element.attrs:
            found.append(f"<{tag}> canary element")
        if tag == "script" and (not element.get("src") or "pt-xss" in element.text()):
            found.append("inline <script>")
        if tag == "img" and element.get("src") == "x":
            found.append('<img src="x">')
        for raw_name, value in element.attrs.items():
            # htmx reads its attributes with or without the data- prefix.
            name = raw_name.removeprefix("data-") if raw_name.startswith("data-hx-") else raw_name
            if name.startswith("on") or name.startswith("hx-on"):
                found.append(f"<{tag} {name}=...> event handler")
            if name in URL_ATTRIBUTES and value.strip().lower().startswith("javascript:"):
                found.append(f"<{tag} {name}={value!r}>")
            if name.startswith("hx-") and value in ("/x", "load"):
                found.append(f"<{tag} {name}={value!r}> htmx attribute from input")
    return found


def by_id(root: Element) -> dict[str, Element]:
    return {e.get("id"): e for e in root.iter() if e.get("id")}


def controls_named(root: Element, name: str) -> list[Element]:
    return [
        e
        for e in root.iter()
        if e.tag in ("input", "select", "textarea", "button") and e.get("name") == name
    ]


def messages_for(root: Element, control: Element) -> list[str]:
    """The texts linked to a control (or to its fieldset) with aria-describedby that are error
    messages, i.e. what a screen reader reads out next to the field."""
    ids = by_id(root)
    found: list[str] = []
    for holder in (control, *control.ancestors()):
        if holder is not control and holder.tag != "fieldset":
            continue
        for ref in holder.get("aria-describedby").split():
            target = ids.get(ref)
            if target is not None and (
                "field-error" in target.classes or "errorlist" in target.classes
            ):
                found.append(" ".join(target.text().split()))
    return [m for m in found if m]


def general_messages(root: Element, *, notices: bool = False) -> list[str]:
    """Error texts: the error summary, alerts, flash messages, field errors; with `notices`
    also status notices (a 409's "someone else changed this" is one)."""
    found: list[str] = []
    for element in root.iter():
        classes = element.classes
        if (
            element.get("role") == "alert"
            or (notices and element.get("role") == "status")
            or "message-error" in classes
            or "error-summary" in classes
            or "field-error" in classes
            or "errorlist" in classes
        ):
            text = " ".join(element.text().split())
            if text:
                found.append(text)
    return found

"""Posting one hostile value into one form field and judging the answer.

The rules (issue 3, "Bad input", and the house rules of the brief):
- never a server error;
- never markup from input in the answer, nor in the page a redirect leads to;
- accepted: written, and the answer is a success (2xx, or a redirect to a page);
- refused: nothing written, and a message says why — next to the text box when the answer
  shows it again — as 4xx (htmx, or the page again), 200 with the form again, or a redirect
  to a page that shows the message;
- ignored (nothing written, no message): only for controls people cannot type into (hidden
  fields, buttons, choices), e.g. a language code the app does not know.
"""

from __future__ import annotations

import copy
import time
from collections import Counter
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.test import Client

from tests.hostile.dom import (
    Element,
    controls_named,
    general_messages,
    injected,
    messages_for,
    parse,
)
from tests.hostile.forms import CONFIRMS, NAVIGATES, FormSpec, post, session_changed
from tests.hostile.state import Snapshot, Writes, changed, rolled_back, snapshot

MARKUP_LIKE = "<\"'"  # what markup and attribute breakers need


@dataclass
class FormJudge:
    clients: dict[str, Client]  # by persona
    problems: list[str] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    values_tried: set[str] = field(default_factory=set)
    fields_covered: set[tuple[str, str]] = field(default_factory=set)
    seconds: dict[str, float] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)  # posts neither saved nor refused
    _before: dict[str, Snapshot] = field(default_factory=dict)

    def client(self, spec: FormSpec) -> Client:
        return self.clients[spec.persona]

    def before(self, spec: FormSpec) -> Snapshot:
        # Every case is rolled back, so the state before each case of a form is the same.
        if spec.action not in self._before:
            self._before[spec.action] = snapshot()
        return self._before[spec.action]

    def baseline(self, spec: FormSpec) -> tuple[str, list[str]]:
        """The form filled in as a person would: its outcome ("accepted" expected)."""
        return self.send(spec, spec.data(), htmx=False, text_field="", deep=True)

    def try_value(
        self,
        spec: FormSpec,
        name: str,
        values: list[str] | None,
        *,
        htmx: bool,
        label: str,
        record: bool = True,
    ) -> list[str]:
        """Post the form with `name` set to `values` (None: left out), all else as a person
        would send it; return (and record) any problem with the answer."""
        control = spec.controls[name]
        self.fields_covered.add((spec.url_name, name))
        self.values_tried.add(label)
        # The page after a successful classic post is checked for markup-like values only
        # (test_output_escaping crawls every page); the answer itself always is.
        deep = any(c in v for v in values or () for c in MARKUP_LIKE)
        outcome, problems = self.send(
            spec,
            spec.data(**{name: values}),
            htmx=htmx,
            text_field=name if control.is_text else "",
            deep=deep,
        )
        self.outcomes[outcome] += 1
        where = f"{spec.url_name} {name}={label}{' (htmx)' if htmx else ''}"
        if outcome in ("ignored", "not found"):
            self.ignored.append(f"{where}: {outcome}")
        found = [f"{where}: {p}" for p in problems]
        if record:
            self.problems += found
        return found

    def send(
        self,
        spec: FormSpec,
        pairs: list[tuple[str, str]],
        *,
        htmx: bool,
        text_field: str,
        deep: bool,
    ) -> tuple[str, list[str]]:
        started = time.perf_counter()
        client = self.client(spec)
        before = self.before(spec)
        cookies = copy.deepcopy(client.cookies)
        try:
            with rolled_back(), Writes().watching() as writes:
                response = post(client, spec, pairs, htmx=htmx)
                assert isinstance(response, HttpResponse)
                case = _Case(client, response, before, set(writes.tables), deep)
                case.navigates = spec.url_name in NAVIGATES
                names = (text_field, CONFIRMS.get((spec.url_name, text_field), text_field))
                return case.judge(names if text_field else ())
        finally:
            client.cookies = cookies
            spent = time.perf_counter() - started
            self.seconds[spec.url_name] = self.seconds.get(spec.url_name, 0.0) + spent


@dataclass
class _Case:
    client: Client
    response: HttpResponse
    before: Snapshot
    tables: set[str]  # written to by the request
    deep: bool
    navigates: bool = False  # accepted means "sent on to another page", nothing written

    def rows_changed(self) -> bool:
        # An update to the same values writes no new data: compare the tables written to.
        return bool(self.tables) and bool(changed(self.before, snapshot(self.tables)))

    def judge(self, text_names: tuple[str, ...]) -> tuple[str, list[str]]:
        status = self.response.status_code
        if status >= 500:
            return "server error", [f"server error {status}"]
        root = parse(self.response.content.decode("utf-8", "replace"))
        problems = [f"unescaped in the answer: {f}" for f in injected(root)]
        logged_in = session_changed(self.response)
        page = root
        if 300 <= status < 400:
            if (self.tables or logged_in) and not self.deep and self.rows_changed() | logged_in:
                return "accepted", problems
            location = self.response["Location"]
            followed = self.client.get(location)
            if followed.status_code >= 500:
                return "server error", [*problems, f"{location} answers {followed.status_code}"]
            page = parse(followed.content.decode("utf-8", "replace"))
            problems += [f"unescaped on {location}: {f}" for f in injected(page)]
        messages = general_messages(page, notices=status >= 400)
        accepted = self.tables or logged_in or (self.navigates and 300 <= status < 400)
        if accepted and status < 400 and not messages:
            return "accepted", problems
        if self.tables and self.rows_changed():
            if status >= 400 or messages:
                problems.append(f"refused ({status}: {messages[:1]}) but wrote {self.tables}")
            return "accepted", problems
        if status == 404:
            return "not found", problems
        if not messages:
            if status >= 400:
                problems.append(f"refused ({status}) without a message")
            elif text_names:
                problems.append(f"text was neither saved nor refused (status {status})")
            return "ignored", problems
        if text_names:
            problems += _next_to_field(page, text_names)
        return "refused", problems


def _next_to_field(page: Element, names: tuple[str, ...]) -> list[str]:
    """A refused text box shown again must carry its message (or its confirmation box must),
    unless the message is about the form as a whole (no field marked invalid: a failed login)."""
    shown = [c for n in set(names) for c in controls_named(page, n)]
    if not shown:
        return []
    invalid = [e for e in page.iter() if e.get("aria-invalid") == "true"]
    mine = [m for control in shown for m in messages_for(page, control)]
    if invalid and not mine:
        others = sorted({e.get("name") for e in invalid})
        return [f"the message is not next to {names[0]} (marked invalid: {others})"]
    return []

"""Factor and prompt catalogues: the YAML an organisation can copy, adapt, validate and load.

Pure Python (no Django). The validator reports every problem with the line it comes from, so a
person editing a catalogue can fix it in one pass. The YAML is only composed into nodes with the
safe loader (no object construction), and values are read as the text written in the file.
"""

from __future__ import annotations

import functools
import pathlib
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

import yaml
from yaml.events import Event
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from powertriangle.triangle.model import Dimension, Level, Polarity, Stage
from powertriangle.triangle.sources import KEY as _SLUG
from powertriangle.triangle.sources import Origin, counterpart_problems, source_problem

MAX_BYTES = 1_000_000
MAX_TEXT = 300
MAX_KEY = 64
MAX_NAME = 100
MAX_DEPTH = 20  # a catalogue nests 4 deep; deep flow nesting makes PyYAML's scanner quadratic
REQUIRED_LANGUAGES = ("en", "sv")
PROMPT_STAGES = (Stage.REACTION, Stage.INTERACTION, Stage.ACTION)

_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?\Z")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# What the YAML reader itself refuses (tab, line breaks and NEL are allowed in the raw file).
_RAW_BAD = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NULL_TAG = "tag:yaml.org,2002:null"
_INT_TAG = "tag:yaml.org,2002:int"
_TOP_FIELDS = ("catalogue", "title", "version", "factors", "prompts")
_FACTOR_FIELDS = ("key", "dimension", "polarity", "level", "text", "origin", "source")
_PROMPT_FIELDS = ("key", "stage", "dimension", "text", "origin", "source")
_PROMPT_ORIGINS = (Origin.PAPER, Origin.THESIS, Origin.LOCAL)
_REQUIRED = {
    "factor": ("key", "dimension", "polarity", "text", "source"),
    "prompt": ("key", "stage", "text", "source"),
}

E = TypeVar("E", bound=StrEnum)
_Fields = dict[str, tuple[Node, Node]]


def _text_for(text: dict[str, str], lang: str) -> str:
    base = re.split(r"[-_]", lang.lower(), maxsplit=1)[0]
    return text.get(lang) or text.get(base) or text["en"]


@dataclass(frozen=True)
class CatalogueFactor:
    key: str
    dimension: Dimension
    polarity: Polarity
    level: Level | None
    text: dict[str, str]
    source: str
    origin: Origin | None = None  # optional in an organisation's own catalogue

    def text_for(self, lang: str) -> str:
        """The text in `lang` (or its base language, e.g. sv for sv-SE), else English."""
        return _text_for(self.text, lang)


@dataclass(frozen=True)
class CataloguePrompt:
    key: str
    stage: Stage
    dimension: Dimension | None
    text: dict[str, str]
    source: str
    origin: Origin | None = None

    def text_for(self, lang: str) -> str:
        return _text_for(self.text, lang)


@dataclass(frozen=True)
class Catalogue:
    name: str
    title: dict[str, str]
    version: int
    factors: tuple[CatalogueFactor, ...]
    prompts: tuple[CataloguePrompt, ...]

    def title_for(self, lang: str) -> str:
        return _text_for(self.title, lang)

    def factor(self, key: str) -> CatalogueFactor | None:
        return next((f for f in self.factors if f.key == key), None)

    def factors_for(
        self, dimension: Dimension, polarity: Polarity | None = None
    ) -> tuple[CatalogueFactor, ...]:
        found = (f for f in self.factors if f.dimension == dimension)
        return tuple(f for f in found if polarity is None or f.polarity == polarity)

    def prompts_for(
        self, stage: Stage, dimension: Dimension | None = None
    ) -> tuple[CataloguePrompt, ...]:
        """All prompts of `stage`; with `dimension`, only the prompts tagged with it."""
        found = (p for p in self.prompts if p.stage == stage)
        return tuple(p for p in found if dimension is None or p.dimension == dimension)


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class CatalogueError(ValueError):
    """A catalogue that does not validate; `problems` holds every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("invalid catalogue:\n" + "\n".join(f"  {p}" for p in self.problems))


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _NULL_TAG


class _Reader:
    """Reads composed YAML nodes and collects every problem on the way."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, at: Node | int, message: str) -> None:
        self.problems.append(Problem(at if isinstance(at, int) else _line(at), message))

    def fields(self, node: MappingNode, label: str, allowed: tuple[str, ...] | None) -> _Fields:
        """Name → (key node, value node); a field left empty (null) counts as absent."""
        fields: _Fields = {}
        for key_node, value in node.value:
            name = str(key_node.value) if isinstance(key_node, ScalarNode) else None
            if name is None:
                self.add(key_node, f"{label}: a field name must be a plain word")
            elif name in fields:
                first = _line(fields[name][0])
                self.add(key_node, f"{label}: '{name}' given twice (first on line {first})")
            elif allowed is not None and name not in allowed:
                self.add(
                    key_node, f"{label}: unknown field '{name}'; allowed: {', '.join(allowed)}"
                )
            elif not _is_null(value):
                fields[name] = (key_node, value)
        return fields

    def string(self, node: Node, label: str, field: str, limit: int = MAX_TEXT) -> str:
        """The stripped text of a scalar; "" after reporting a problem."""
        if not isinstance(node, ScalarNode):
            kind = "list" if isinstance(node, SequenceNode) else "mapping"
            self.add(node, f"{label}: '{field}' must be text, not a {kind}")
            return ""
        value = str(node.value).strip()
        bad = _CONTROL.search(value)
        if not value:
            self.add(node, f"{label}: '{field}' is empty")
        elif len(value) > limit:
            self.add(node, f"{label}: '{field}' is too long ({len(value)} characters; max {limit})")
        elif bad:
            self.add(node, f"{label}: '{field}' contains control character U+{ord(bad[0]):04X}")
        else:
            return value
        return ""

    def field(self, fields: _Fields, field: str, label: str, limit: int = MAX_TEXT) -> str:
        return self.string(fields[field][1], label, field, limit) if field in fields else ""

    def choice(self, fields: _Fields, field: str, label: str, choices: tuple[E, ...]) -> E | None:
        """The enum member a field names; None when absent (missing ones are checked elsewhere)."""
        if field not in fields:
            return None
        node = fields[field][1]
        raw = self.string(node, label, field, MAX_KEY)
        member = next((c for c in choices if c.value == raw), None)
        if raw and member is None:
            allowed = ", ".join(c.value for c in choices)
            self.add(node, f"{label}: unknown {field} '{raw}'; allowed: {allowed}")
        return member

    def origin(
        self, fields: _Fields, label: str, choices: tuple[Origin, ...], source: str
    ) -> Origin | None:
        """The entry's origin, after checking that its source is written as that origin asks."""
        origin = self.choice(fields, "origin", label, choices)
        problem = source_problem(origin, source) if origin and source else None
        if problem:
            self.add(fields["source"][1], f"{label}: {problem}")
        return origin

    def texts(self, fields: _Fields, field: str, label: str) -> dict[str, str]:
        key_node, node = fields[field]
        if not isinstance(node, MappingNode):
            self.add(
                node, f"{label}: '{field}' must give a text per language: {{en: ..., sv: ...}}"
            )
            return {}
        texts: dict[str, str] = {}
        present = self.fields(node, f"{label} {field}", None)
        for lang, (lang_node, value_node) in present.items():
            if not _LANGUAGE.match(lang):
                self.add(lang_node, f"{label}: '{lang}' in '{field}' is not a language code")
            else:
                texts[lang] = self.string(value_node, label, f"{field}.{lang}")
        for lang in REQUIRED_LANGUAGES:
            if lang not in present:
                self.add(key_node, f"{label}: '{field}' has no '{lang}' text")
        return texts

    def entry(
        self, node: Node, index: int, kind: str, allowed: tuple[str, ...], seen: dict[str, int]
    ) -> tuple[str, _Fields, str, dict[str, str], str] | None:
        """What factors and prompts share: (label, fields, key, text, source)."""
        required = _REQUIRED[kind]
        if not isinstance(node, MappingNode):
            self.add(node, f"{kind} #{index}: must be a mapping with {', '.join(required)}")
            return None
        raw = next((str(v.value) for k, v in node.value if k.value == "key"), "")
        label = (
            f"{kind} '{raw}'" if _SLUG.match(raw) and len(raw) <= MAX_KEY else f"{kind} #{index}"
        )
        fields = self.fields(node, label, allowed)
        for name in required:
            if name not in fields:
                self.add(node, f"{label}: missing '{name}'")
        key = self.field(fields, "key", label, MAX_KEY)
        if key and not _SLUG.match(key):
            self.add(fields["key"][1], f"{label}: key '{key}' may only use a-z, 0-9 and hyphens")
        elif key in seen:
            self.add(fields["key"][1], f"{label}: duplicate key (first on line {seen[key]})")
        elif key:
            seen[key] = _line(fields["key"][1])
        text = self.texts(fields, "text", label) if "text" in fields else {}
        source = self.field(fields, "source", label)
        return label, fields, key, text, source


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing to compose collections nested deeper than MAX_DEPTH."""

    depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                event: Event = self.peek_event()  # type: ignore[no-untyped-call]
                line = event.start_mark.line + 1 if event.start_mark else 1
                message = f"catalogue is nested too deeply (max {MAX_DEPTH} levels)"
                raise CatalogueError([Problem(line, message)])
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _compose(text: str) -> tuple[Node | None, list[Problem]]:
    size = len(text.encode("utf-8", "replace"))
    if size > MAX_BYTES:
        return None, [Problem(1, f"catalogue is too large ({size} bytes; max {MAX_BYTES})")]
    bad = [(n, m[0]) for n, line in enumerate(text.split("\n"), 1) if (m := _RAW_BAD.search(line))]
    if bad:
        return None, [Problem(n, f"character U+{ord(c):04X} is not allowed") for n, c in bad]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = f"YAML syntax error: {exc.problem or exc.context}"
        if exc.problem and exc.context and exc.context_mark:
            message += f" ({exc.context} on line {exc.context_mark.line + 1})"
        return None, [Problem(mark.line + 1 if mark else 1, message)]
    except yaml.YAMLError as exc:
        return None, [Problem(1, f"YAML error: {exc}")]
    except CatalogueError as exc:
        return None, exc.problems
    if root is None:
        return None, [Problem(1, "catalogue is empty")]
    return root, []


def _parse(text: str) -> tuple[Catalogue | None, list[Problem]]:
    root, problems = _compose(text)
    if root is None:
        return None, problems
    if not isinstance(root, MappingNode):
        return None, [Problem(_line(root), "the top level must be a mapping (catalogue, factors)")]
    r = _Reader()
    top = r.fields(root, "top level", _TOP_FIELDS)
    for field in ("catalogue", "factors"):
        if field not in top:
            r.add(root, f"top level: missing '{field}'")
    name = r.field(top, "catalogue", "top level", MAX_NAME)
    title = dict.fromkeys(REQUIRED_LANGUAGES, name)
    if "title" in top:
        title = r.texts(top, "title", "top level")
    version = 1
    if "version" in top:
        node = top["version"][1]
        whole = isinstance(node, ScalarNode) and node.tag == _INT_TAG and str(node.value).isdigit()
        version = int(node.value) if whole else 0
        if version < 1:
            r.add(node, "top level: 'version' must be a whole number from 1 up")

    def entries(field: str) -> list[Node]:
        if field not in top:
            return []
        node = top[field][1]
        if not isinstance(node, SequenceNode):
            r.add(node, f"top level: '{field}' must be a list")
            return []
        return list(node.value)

    factors: list[CatalogueFactor] = []
    placed: dict[str, int] = {}  # key → line of its source
    seen: dict[str, int] = {}
    for index, node in enumerate(entries("factors"), start=1):
        before = len(r.problems)
        if (common := r.entry(node, index, "factor", _FACTOR_FIELDS, seen)) is None:
            continue
        label, fields, key, ftext, source = common
        dimension = r.choice(fields, "dimension", label, tuple(Dimension))
        polarity = r.choice(fields, "polarity", label, tuple(Polarity))
        level = r.choice(fields, "level", label, tuple(Level))
        origin = r.origin(fields, label, tuple(Origin), source)
        if len(r.problems) == before and dimension and polarity:
            factors.append(CatalogueFactor(key, dimension, polarity, level, ftext, source, origin))
            placed[key] = _line(fields["source"][1])

    prompts: list[CataloguePrompt] = []
    seen = {}
    for index, node in enumerate(entries("prompts"), start=1):
        before = len(r.problems)
        if (common := r.entry(node, index, "prompt", _PROMPT_FIELDS, seen)) is None:
            continue
        label, fields, key, ptext, source = common
        stage = r.choice(fields, "stage", label, PROMPT_STAGES)
        pdimension = r.choice(fields, "dimension", label, tuple(Dimension))
        porigin = r.origin(fields, label, _PROMPT_ORIGINS, source)
        if len(r.problems) == before and stage:
            prompts.append(CataloguePrompt(key, stage, pdimension, ptext, source, porigin))

    r.problems += _counterpart_problems(factors, placed)
    if r.problems:
        return None, sorted(r.problems, key=lambda p: p.line)
    return Catalogue(name, title, version, tuple(factors), tuple(prompts)), []


def _counterpart_problems(factors: list[CatalogueFactor], lines: dict[str, int]) -> list[Problem]:
    sides = {f.key: (f.dimension.value, f.polarity.value) for f in factors}
    return [
        Problem(lines[f.key], f"factor '{f.key}': {message}")
        for f in factors
        if f.origin == Origin.COUNTERPART
        for message in counterpart_problems(f.source, (f.dimension, f.polarity), sides)
    ]


def validate_catalogue(text: str) -> list[Problem]:
    """Every problem in a catalogue's YAML text, in line order; an empty list means it is valid."""
    return _parse(text)[1]


def load_catalogue(text: str) -> Catalogue:
    """The catalogue in `text`; raises CatalogueError listing every problem."""
    catalogue, problems = _parse(text)
    if catalogue is None:
        raise CatalogueError(problems)
    return catalogue


def default_catalogue_path() -> pathlib.Path:
    return pathlib.Path(__file__).with_name("catalogues") / "default.yaml"


@functools.cache
def load_default_catalogue() -> Catalogue:
    return load_catalogue(default_catalogue_path().read_text(encoding="utf-8"))

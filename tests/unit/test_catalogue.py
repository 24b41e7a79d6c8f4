"""The catalogue format: the default catalogue, and every problem reported at its line."""

from __future__ import annotations

import re

import pytest

from powertriangle.triangle.catalogue import (
    MAX_BYTES,
    MAX_DEPTH,
    Catalogue,
    CatalogueError,
    Problem,
    default_catalogue_path,
    load_catalogue,
    load_default_catalogue,
    validate_catalogue,
)
from powertriangle.triangle.model import DIMENSION_PAIRS, Dimension, Level, Polarity, Stage

CYCLE = (Stage.REACTION, Stage.INTERACTION, Stage.ACTION)
TOP_FIELDS = "catalogue, title, version, factors, prompts"
FACTOR_FIELDS = "key, dimension, polarity, level, text, origin, source"
DIMENSIONS = "resources, discourses, contexts"


@pytest.fixture(scope="module")
def default() -> Catalogue:
    return load_default_catalogue()


def lines(text: str) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in validate_catalogue(text)]


# ── the default catalogue ──────────────────────────────────────────────────────────────────


def test_default_catalogue_validates_without_problems() -> None:
    assert validate_catalogue(default_catalogue_path().read_text(encoding="utf-8")) == []


def test_default_catalogue_is_loaded_once(default: Catalogue) -> None:
    assert load_default_catalogue() is default
    assert default.name == "default"
    assert default.version >= 1
    assert default.title_for("sv") != default.title_for("en")


def test_default_catalogue_covers_every_cell(default: Catalogue) -> None:
    assert len(default.factors) >= 36
    for dimension in Dimension:
        for polarity in Polarity:
            assert len(default.factors_for(dimension, polarity)) >= 5, (dimension, polarity)
        assert len(default.factors_for(dimension)) >= 10


def test_default_factors_are_short_bilingual_and_sourced(default: Catalogue) -> None:
    for factor in default.factors:
        assert set(factor.text) == {"en", "sv"}, factor.key
        assert all(0 < len(t) <= 200 for t in factor.text.values()), factor.key
        assert factor.text["en"] != factor.text["sv"], factor.key
        assert factor.origin is not None, factor.key  # where it comes from: see sources tests
    levels = {f.level for f in default.factors}
    assert set(Level) <= levels


def test_default_keys_are_unique_slugs(default: Catalogue) -> None:
    for items in (default.factors, default.prompts):
        keys = [item.key for item in items]
        assert len(keys) == len(set(keys))
        assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", k) for k in keys)
    texts = [f.text["en"] for f in default.factors]
    assert len(texts) == len(set(texts))


def test_default_prompts_cover_the_cycle(default: Catalogue) -> None:
    for stage in CYCLE:
        assert len(default.prompts_for(stage)) >= 2, stage
    for stage in (Stage.REACTION, Stage.ACTION):
        for dimension in Dimension:
            assert default.prompts_for(stage, dimension), (stage, dimension)
    # one interaction prompt starts from each dimension of each pair
    assert {p.dimension for p in default.prompts_for(Stage.INTERACTION)} >= {
        first for first, _ in DIMENSION_PAIRS
    }
    assert not default.prompts_for(Stage.CLOSED)
    for prompt in default.prompts:
        assert set(prompt.text) == {"en", "sv"}, prompt.key
        assert prompt.source, prompt.key
        assert all(len(t) <= 200 for t in prompt.text.values()), prompt.key
    assert any("Esther" in p.text["sv"] for p in default.prompts_for(Stage.REACTION))


def test_text_for_falls_back_to_english(default: Catalogue) -> None:
    factor = default.factor("res-understaffing")
    assert factor is not None
    assert factor.text_for("sv") == factor.text["sv"]
    assert factor.text_for("sv-SE") == factor.text["sv"]
    assert factor.text_for("fi") == factor.text["en"]
    assert default.factor("no-such-factor") is None
    prompt = default.prompts_for(Stage.ACTION)[0]
    assert prompt.text_for("de") == prompt.text["en"]


# ── problems, each at its line ─────────────────────────────────────────────────────────────

BROKEN = """\
catalogue: broken
colour: blue
factors:
  - key: res-a
    dimension: resource
    polarity: barrier
    text: {en: "A", sv: "A"}
    source: "Results ¶2"
  - key: res-a
    dimension: resources
    polarity: enabler
    text:
      en: "B"
    source: "Results ¶2"
  - key: Bad_Key
    dimension: resources
    polarity: sideways
    level: ward
    text: {en: "", sv: "C"}
    wat: 1
  - just a string
prompts:
  - key: p-1
    stage: closed
    text: {en: "Q?", sv: "F?"}
    source: s
    source: again
"""


def test_broken_catalogue_reports_every_problem_at_its_line() -> None:
    assert lines(BROKEN) == [
        (
            2,
            f"top level: unknown field 'colour'; allowed: {TOP_FIELDS}",
        ),
        (
            5,
            f"factor 'res-a': unknown dimension 'resource'; allowed: {DIMENSIONS}",
        ),
        (9, "factor 'res-a': duplicate key (first on line 4)"),
        (12, "factor 'res-a': 'text' has no 'sv' text"),
        (15, "factor #3: missing 'source'"),
        (15, "factor #3: key 'Bad_Key' may only use a-z, 0-9 and hyphens"),
        (17, "factor #3: unknown polarity 'sideways'; allowed: barrier, enabler"),
        (18, "factor #3: unknown level 'ward'; allowed: person, unit, organisation"),
        (19, "factor #3: 'text.en' is empty"),
        (
            20,
            f"factor #3: unknown field 'wat'; allowed: {FACTOR_FIELDS}",
        ),
        (21, "factor #4: must be a mapping with key, dimension, polarity, text, source"),
        (24, "prompt 'p-1': unknown stage 'closed'; allowed: reaction, interaction, action"),
        (27, "prompt 'p-1': 'source' given twice (first on line 26)"),
    ]


def test_load_catalogue_raises_with_all_problems() -> None:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(BROKEN)
    assert len(caught.value.problems) == 13
    assert isinstance(caught.value, ValueError)
    message = str(caught.value)
    assert "line 5: factor 'res-a': unknown dimension 'resource'" in message
    assert "line 27: prompt 'p-1'" in message


def test_problem_prints_its_line() -> None:
    assert (
        str(Problem(12, "factor 'x': 'source' is empty"))
        == "line 12: factor 'x': 'source' is empty"
    )


MINIMAL = """\
catalogue: mini
factors:
  - key: ctx-a
    dimension: contexts
    polarity: enabler
    level: null
    text: {en: "Open door", sv: "Öppen dörr", fi: "Avoin ovi"}
    source: "a workshop"
prompts:
  - key: p
    stage: interaction
    text:
      en: >-
        A long question
        on two lines?
      sv: "En fråga?"
    source: s
"""


def test_minimal_catalogue_loads_with_defaults() -> None:
    catalogue = load_catalogue(MINIMAL)
    assert catalogue.title == {"en": "mini", "sv": "mini"}
    assert catalogue.version == 1
    (factor,) = catalogue.factors
    assert (factor.dimension, factor.polarity, factor.level) == (
        Dimension.CONTEXTS,
        Polarity.ENABLER,
        None,
    )
    assert factor.text_for("fi") == "Avoin ovi"
    (prompt,) = catalogue.prompts
    assert prompt.text["en"] == "A long question on two lines?"
    assert prompt.dimension is None
    assert catalogue.factors_for(Dimension.CONTEXTS, Polarity.BARRIER) == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [(1, "catalogue is empty")]),
        ("- a\n- b\n", [(1, "the top level must be a mapping (catalogue, factors)")]),
        ("# comment\n\njust text\n", [(3, "the top level must be a mapping (catalogue, factors)")]),
        (
            "title: {en: a, sv: b}\n",
            [(1, "top level: missing 'catalogue'"), (1, "top level: missing 'factors'")],
        ),
        ("catalogue: x\nfactors: {}\n", [(2, "top level: 'factors' must be a list")]),
        ("catalogue: ''\nfactors: []\n", [(1, "top level: 'catalogue' is empty")]),
        (
            "catalogue: x\nversion: 0\nfactors: []\n",
            [(2, "top level: 'version' must be a whole number from 1 up")],
        ),
        (
            "catalogue: x\nversion: two\nfactors: []\n",
            [(2, "top level: 'version' must be a whole number from 1 up")],
        ),
        (
            "catalogue: x\ntitle: {en: a}\nfactors: []\n",
            [(2, "top level: 'title' has no 'sv' text")],
        ),
        ("catalogue: [x]\nfactors: []\n", [(1, "top level: 'catalogue' must be text, not a list")]),
    ],
)
def test_top_level_problems(text: str, expected: list[tuple[int, str]]) -> None:
    assert lines(text) == expected


FACTOR = """\
catalogue: x
factors:
  - key: res-a
    dimension: resources
    polarity: barrier
    text:
      en: {en}
      sv: {sv}
    source: {source}
"""


@pytest.mark.parametrize(
    ("en", "sv", "source", "expected"),
    [
        ('"ok"', "", "s", (6, "factor 'res-a': 'text' has no 'sv' text")),
        ('"ok"', "[a, b]", "s", (8, "factor 'res-a': 'text.sv' must be text, not a list")),
        (
            '"a\\0b"',
            '"ok"',
            "s",
            (7, "factor 'res-a': 'text.en' contains control character U+0000"),
        ),
        (
            '"a\\tb"',
            '"ok"',
            "s",
            (7, "factor 'res-a': 'text.en' contains control character U+0009"),
        ),
        (
            "x" * 301,
            '"ok"',
            "s",
            (7, "factor 'res-a': 'text.en' is too long (301 characters; max 300)"),
        ),
        ('"ok"', '"ok"', '""', (9, "factor 'res-a': 'source' is empty")),
    ],
)
def test_text_and_source_problems(en: str, sv: str, source: str, expected: tuple[int, str]) -> None:
    text = FACTOR.replace("{en}", en).replace("{sv}", sv).replace("{source}", source)
    assert lines(text) == [expected]


def test_text_allows_markup_characters_since_output_is_escaped() -> None:
    text = FACTOR.replace("{en}", '"<b> & </b>"').replace("{sv}", '"ok"').replace("{source}", "s")
    assert load_catalogue(text).factors[0].text["en"] == "<b> & </b>"


def test_missing_fields_point_at_the_entry() -> None:
    text = "catalogue: x\nfactors:\n  - dimension: contexts\n    polarity: enabler\n    key:\n"
    assert lines(text) == [
        (3, "factor #1: missing 'key'"),
        (3, "factor #1: missing 'text'"),
        (3, "factor #1: missing 'source'"),
    ]


def test_prompt_dimension_is_checked() -> None:
    text = (
        "catalogue: x\nfactors: []\nprompts:\n"
        "  - {key: p, stage: action, dimension: power, text: {en: a, sv: b}, source: s}\n"
    )
    assert lines(text) == [
        (4, "prompt 'p': unknown dimension 'power'; allowed: resources, discourses, contexts")
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("catalogue: x\nfactors:\n  - key: a\n   bad: indentation\n", 4),
        ("catalogue: x\nfactors: [\n  {key: a,\n  }}\n", 4),
        ("catalogue: x\n\tfactors: []\n", 2),
        ("catalogue: x\nfactors: []\n---\ncatalogue: y\n", 3),
    ],
)
def test_yaml_syntax_error_is_one_problem_at_its_line(text: str, line: int) -> None:
    (problem,) = validate_catalogue(text)
    assert problem.line == line
    assert problem.message.startswith("YAML syntax error: ")


def test_raw_control_characters_are_reported_on_every_line() -> None:
    text = "catalogue: x\nfactors: []\ntitle: {en: 'a\x00', sv: 'b'}\n# \x07 bell\n"
    assert lines(text) == [
        (3, "character U+0000 is not allowed"),
        (4, "character U+0007 is not allowed"),
    ]


def test_oversize_input_is_rejected_before_parsing() -> None:
    text = "catalogue: x\nfactors: []\n# " + "x" * MAX_BYTES + "\n"
    assert lines(text) == [(1, f"catalogue is too large ({len(text)} bytes; max {MAX_BYTES})")]


def test_deep_nesting_is_a_problem_not_a_crash() -> None:
    deep = "catalogue: x\nfactors:\n  - " + "[" * 50_000
    assert lines(deep) == [(3, f"catalogue is nested too deeply (max {MAX_DEPTH} levels)")]
    nested = "[" * 300 + "]" * 300 + ","
    many = "catalogue: x\nfactors: [" + nested * (MAX_BYTES // len(nested) - 1) + "]"
    assert lines(many) == [(2, f"catalogue is nested too deeply (max {MAX_DEPTH} levels)")]


def test_unsafe_tags_are_never_constructed() -> None:
    text = "catalogue: !!python/object/apply:os.system ['true']\nfactors: []\n"
    assert lines(text) == [(1, "top level: 'catalogue' must be text, not a list")]
    text = "catalogue: !!python/name:os.system x\nfactors: []\n"
    assert load_catalogue(text).name == "x"

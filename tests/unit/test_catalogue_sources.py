"""The default catalogue is faithful to its sources: every quotation is in the paper or the thesis
abstract at the place it names, counterparts say so, and no question fixes a gender.

The source texts live outside the repository (`../shared/seeds/`); where they are missing, the
quotations are checked against the copy stored with the catalogue, which the same test keeps equal
to what the catalogue quotes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from powertriangle.triangle.catalogue import (
    Catalogue,
    CatalogueFactor,
    CataloguePrompt,
    default_catalogue_path,
    load_default_catalogue,
    validate_catalogue,
)
from powertriangle.triangle.sources import CITED, Citation, Origin, citations

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
PAPER = SEEDS / "002_f59fdc9e5db35c1d.txt"
THESIS = SEEDS / "000_f5db06dd211f4446.txt"
COPY = default_catalogue_path().with_name("default.citations.txt")
# Lines of the paper's text that are not paragraphs: figure and table captions.
_CAPTION = re.compile(r"(Fig\.|figure |Table |Created by|Used with)")
# Pronouns that fix a gender for the person in need of care.
GENDERED = {
    "en": re.compile(r"\b(she|her|hers|herself|he|him|his|himself)\b", re.IGNORECASE),
    "sv": re.compile(r"\b(hon|henne|hennes|han|honom|hans)\b", re.IGNORECASE),
}


def entries_of(catalogue: Catalogue) -> list[CatalogueFactor | CataloguePrompt]:
    return [*catalogue.factors, *catalogue.prompts]


def _words(text: str) -> str:
    return " ".join(text.split())


def paper_paragraphs(text: str) -> dict[str, str]:
    """'Results ¶2' → that paragraph: headings are short lines without a full stop, and the
    paragraphs under each are counted from 1, captions left out."""
    found: dict[str, str] = {}
    heading, number = "", 0
    for line in (raw.strip() for raw in text.split("\n")):
        if not line or _CAPTION.match(line):
            continue
        if len(line) < 60 and not line.endswith("."):
            heading, number = line, 0
            continue
        number += 1
        found[f"{heading} ¶{number}"] = _words(line)
    return found


def thesis_parts(text: str) -> dict[str, str]:
    """'Thesis, Findings' → that part of the abstract (its lines start 'Findings: ...')."""
    found: dict[str, str] = {}
    part = ""
    for line in (raw.strip() for raw in text.split("\n")):
        if match := re.match(r"([A-Z][a-z]+): ", line):
            part = f"Thesis, {match.group(1)}"
        if line:
            found[part] = f"{found.get(part, '')} {_words(line)}".strip()
    return found


def quoted(catalogue: Catalogue) -> dict[Citation, str]:
    """Every quotation of the catalogue → the key of the entry quoting it."""
    found: dict[Citation, str] = {}
    for entry in entries_of(catalogue):
        if entry.origin in CITED:
            for citation in citations(entry.source) or []:
                found.setdefault(citation, entry.key)
    return found


def stored_copy() -> set[Citation]:
    rows = COPY.read_text(encoding="utf-8").splitlines()
    pairs = (row.split(" | ", 1) for row in rows if row and not row.startswith("#"))
    return {Citation(place, phrase) for place, phrase in pairs}


@pytest.fixture(scope="module")
def default() -> Catalogue:
    return load_default_catalogue()


def test_every_entry_says_where_it_comes_from(default: Catalogue) -> None:
    entries = entries_of(default)
    assert all(entry.origin is not None for entry in entries)
    counterparts = [f.key for f in default.factors if f.origin == Origin.COUNTERPART]
    # Kept where a coach needs the other side of a named factor, but never the majority.
    assert 0 < len(counterparts) < len(default.factors) / 3, counterparts
    assert {f.origin for f in default.factors} == {Origin.PAPER, Origin.THESIS, Origin.COUNTERPART}


def test_every_quotation_is_in_the_source_at_its_place(default: Catalogue) -> None:
    cited = quoted(default)
    assert len(cited) >= 60
    assert set(cited) == stored_copy(), "default.citations.txt must list exactly these"
    if not (PAPER.exists() and THESIS.exists()):
        return  # the stored copy, equal to the catalogue's quotations, is all there is here
    texts = paper_paragraphs(PAPER.read_text(encoding="utf-8"))
    texts |= thesis_parts(THESIS.read_text(encoding="utf-8"))
    wrong = [
        (key, citation)
        for citation, key in cited.items()
        if _words(citation.phrase) not in texts.get(citation.place, "")
    ]
    assert not wrong, wrong


def test_the_paragraph_reader_finds_the_papers_places() -> None:
    if not PAPER.exists():
        pytest.skip("the paper's text is not on this machine (checked where it is)")
    places = paper_paragraphs(PAPER.read_text(encoding="utf-8"))
    assert places["Results ¶2"].startswith("The improvement coaches perceived that resources")
    assert places["Results ¶5"].startswith("The power triangle of co-production is proposed")
    assert places["Discussion ¶3"].endswith("with complex care needs.")


def test_the_facts_the_paper_adds_are_in_the_catalogue(default: Catalogue) -> None:
    sources = {entry.key: entry.source for entry in entries_of(default)}
    assert "potential resistance" in sources["dis-unseen-resistance"]
    assert "conscious or active" in sources["interaction-resistance"]
    assert "in the best interest of users" in sources["reaction-own-power"]
    assert "lower degree of quality" in sources["res-lower-quality"]
    assert "access to various forms of power resources" in sources["ctx-conflict-of-values"]
    assert "to make real user influence possible" in sources["res-scarce-money"]
    thesis = {f.key for f in default.factors if f.origin == Origin.THESIS}
    assert thesis >= {
        "dis-psychological-safety",
        "dis-willing-to-share-power",
        "dis-mutual-trust",
        "ctx-trust-frontline-simple-rules",
    }
    adapted = [f for f in default.factors if "adapted forms of user participation" in f.source]
    assert {f.dimension.value for f in adapted} == {"resources", "discourses"}


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_no_text_fixes_a_gender_for_the_person(default: Catalogue, lang: str) -> None:
    entries = entries_of(default)
    gendered = [e.key for e in entries if GENDERED[lang].search(e.text[lang])]
    assert not gendered


def test_swedish_texts_use_the_glossarys_words(default: Catalogue) -> None:
    """The thesis' Swedish: samskapande, yrkesverksamma (the .po glossary says the same)."""
    swedish = " ".join(e.text["sv"] for e in entries_of(default)).lower()
    for word in ("samproduktion", "professionell"):
        assert word not in swedish, word
    assert "makttriangeln för samskapande" in default.title_for("sv").lower()


MINI = """\
catalogue: mini
factors:
  - key: res-a
    dimension: resources
    polarity: barrier
    text: {{en: "A", sv: "A sv"}}
    origin: {origin_a}
    source: "{source_a}"
  - key: res-b
    dimension: resources
    polarity: enabler
    text: {{en: "B", sv: "B sv"}}
    origin: {origin_b}
    source: "{source_b}"
"""


@pytest.mark.parametrize(
    ("origin_b", "source_b", "problem"),
    [
        ("counterpart", "counterpart of res-a", None),
        ("paper", "Results ¶2: “quoted words”; Discussion ¶1: “more”", None),
        ("thesis", "Thesis, Findings: “simple rules”", None),
        ("local", "our spring workshop", None),
        ("paper", "Results ¶2, understaffing", "a source of origin paper cites a place"),
        ("paper", "Results ¶2: “quoted” and more", "a source of origin paper cites a place"),
        ("counterpart", "the other side of res-a", "a source of origin counterpart is"),
        ("counterpart", "counterpart of res-zzz", "counterpart names 'res-zzz', which is not a"),
        ("counterpart", "counterpart of res-b", "which is not a resources factor of the other"),
        ("invented", "x", "unknown origin 'invented'; allowed: paper, thesis, counterpart"),
    ],
)
def test_the_validator_checks_origin_and_source(
    origin_b: str, source_b: str, problem: str | None
) -> None:
    text = MINI.format(origin_a="local", source_a="ours", origin_b=origin_b, source_b=source_b)
    problems = validate_catalogue(text)
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1, problems
        assert problems[0].line in (13, 14), problems
        assert problem in problems[0].message, problems


def test_origin_stays_optional_in_an_own_catalogue() -> None:
    text = MINI.replace("    origin: {origin_a}\n", "").replace("    origin: {origin_b}\n", "")
    assert validate_catalogue(text.format(source_a="a", source_b="b")) == []

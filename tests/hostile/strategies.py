"""Hypothesis strategies for hostile input: text from the odd corners of Unicode (controls,
format characters, surrogates, private use, combining marks, separators), text with a nasty
string inside it, and any JSON value where an API field expects something else."""

from __future__ import annotations

from typing import Any, Literal

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.hostile.corpus import MARKUP, TEMPLATE_AND_SQL, TEXT
from tests.hostile.sizes import examples

# Bounded (each example is a request; tests/hostile/sizes.py halves them unless --hostile-full):
# text boxes get the most, choices and ids (whose parsing is narrow) the fewest.
TEXT_FIELD_SETTINGS = settings(
    max_examples=examples(12),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CHOICE_FIELD_SETTINGS = settings(TEXT_FIELD_SETTINGS, max_examples=examples(3))
API_FIELD_SETTINGS = settings(TEXT_FIELD_SETTINGS, max_examples=examples(12))

CategoryName = Literal["Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me", "Zl", "Zp", "Zs", "So", "Sk"]
ODD_CATEGORIES: tuple[CategoryName, ...] = (
    "Cc",
    "Cf",
    "Cs",
    "Co",
    "Cn",
    "Mn",
    "Me",
    "Zl",
    "Zp",
    "Zs",
    "So",
    "Sk",
)


def odd_characters() -> st.SearchStrategy[str]:
    """Single characters from categories people rarely type: controls, format characters
    (bidi, zero width), lone surrogates, private use, unassigned, combining marks, separators."""
    return st.characters(categories=ODD_CATEGORIES)


def hostile_text(max_size: int = 60) -> st.SearchStrategy[str]:
    plain = st.text(max_size=max_size)
    odd = st.text(odd_characters(), max_size=max_size)
    mixed = st.text(st.one_of(st.characters(), odd_characters()), max_size=max_size)
    nasty = st.sampled_from(sorted({*MARKUP.values(), *TEMPLATE_AND_SQL.values()}))
    wrapped = st.builds(lambda a, b, c: a + b + c, mixed, nasty, mixed)
    return st.one_of(plain, odd, mixed, wrapped, st.sampled_from(sorted(TEXT.values())))


def id_like_text() -> st.SearchStrategy[str]:
    """What could be typed into an id or a number: numbers of any size and sign, and junk."""
    return st.one_of(
        st.integers(min_value=-(2**80), max_value=2**80).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        hostile_text(max_size=20),
    )


def form_value(is_text: bool) -> st.SearchStrategy[str]:
    return hostile_text() if is_text else st.one_of(id_like_text(), hostile_text(max_size=20))


def json_scalars() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        hostile_text(),
    )


def json_values() -> st.SearchStrategy[Any]:
    """Any JSON value; strings are hostile."""
    return st.recursive(
        json_scalars(),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(hostile_text(max_size=10), inner, max_size=4),
        ),
        max_leaves=8,
    )


def api_value(schema_type: str) -> st.SearchStrategy[Any]:
    """Mostly values of the expected JSON type (so that they reach the services), sometimes
    any JSON value at all."""
    expected: st.SearchStrategy[Any]
    if schema_type == "string":
        expected = hostile_text()
    elif schema_type == "integer":
        expected = st.integers(min_value=-(2**70), max_value=2**70)
    elif schema_type == "array":
        expected = st.lists(st.integers(min_value=-(2**66), max_value=2**66), max_size=6)
    else:
        expected = json_scalars()
    return st.one_of(expected, expected, json_values())

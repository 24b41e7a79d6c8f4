"""A catalogue factor in the reader's language.

A factor picked from the catalogue is stored with the text in the language of whoever picked
it; shown to someone reading in the other language it should read in theirs. Catalogue entries
are written once and never edited (a new version of a catalogue is new rows), so their texts are
kept in memory by id, read in one query when an id is not known yet. A factor whose text was
changed from the entry's keeps its own words."""

from __future__ import annotations

import threading

from django.utils.translation import get_language

_texts: dict[int, tuple[str, str]] = {}  # entry id → (en, sv)
_lock = threading.Lock()


def _pair(entry_id: int) -> tuple[str, str] | None:
    pair = _texts.get(entry_id)
    if pair is None:
        from powertriangle.catalogue.models import CatalogueEntry

        with _lock:
            rows = CatalogueEntry.objects.filter(pk__gte=entry_id).values_list(
                "pk", "text_en", "text_sv"
            )
            _texts.update((pk, (en, sv)) for pk, en, sv in rows)
            pair = _texts.get(entry_id)
    return pair


def in_reader_language(text: str, entry_id: int | None, lang: str | None = None) -> str:
    """`text` as the reader (`lang`, else the active language) reads it: the catalogue entry's
    own text in that language when `text` is the entry's text in either language."""
    if entry_id is None:
        return text
    pair = _pair(entry_id)
    if pair is None or text not in pair:
        return text
    en, sv = pair
    return sv if (lang or get_language() or "en")[:2] == "sv" and sv else en

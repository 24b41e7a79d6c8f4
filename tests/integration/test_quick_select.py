"""The cycle forms' select, written in Python for speed, gives Django's own markup: options,
groups, the chosen one, attributes true and false, and people's words escaped."""

from __future__ import annotations

from django import forms

from powertriangle.cycles.forms import QuickSelect

CHOICES = [
    ("", "— choose —"),
    ("Resources", [(1, "Too little <b>time</b>"), (2, 'Esther says "no"')]),
    (3, "A calm kitchen & garden"),
]
ATTRS = {"id": "link-factor_a", "required": True, "disabled": False, "aria-describedby": "x y"}


def test_it_writes_the_markup_django_s_select_writes() -> None:
    for value in (None, "", 2, "3", ["1"]):
        ours = QuickSelect(choices=CHOICES).render("factor_a", value, attrs=ATTRS)
        django = forms.Select(choices=CHOICES).render("factor_a", value, attrs=ATTRS)
        assert ours == django, value
    assert "Too little &lt;b&gt;time&lt;/b&gt;" in ours
    assert "Esther says &quot;no&quot;" in ours

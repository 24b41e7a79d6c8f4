"""The metrics part: every DESIGN.md §4 figure of a cycle as a row with one plain sentence;
`None` (nothing to divide by) always reads "Not enough data yet", never 0 %."""

from __future__ import annotations

from typing import NamedTuple

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from powertriangle.core.choices import RoleGroupChoice
from powertriangle.cycles.parts.words import dimension_label, not_enough, pair_label, percent
from powertriangle.triangle.metrics import CycleMetrics, Heard, VoiceFigures, heard
from powertriangle.triangle.model import DIMENSION_PAIRS, Dimension, Polarity, RoleGroup


class MetricRow(NamedTuple):
    label: str
    value: str
    sentence: str


def _voice_row(figures: VoiceFigures) -> MetricRow:
    group = str(RoleGroupChoice(figures.group.value).label)
    label = _("Voice of %(group)s") % {"group": group.lower()}
    numbers = {"group": group}
    if figures.voice_share is None:
        return MetricRow(
            label,
            not_enough(),
            _("Nobody has contributed under their own name yet, so voices cannot be compared."),
        )
    numbers["voice"] = percent(figures.voice_share)
    if figures.presence_share is None:
        sentence = _(
            "%(group)s made %(voice)s of the contributions. Mark who is here to compare "
            "this with how many of them are present."
        )
        return MetricRow(label, not_enough(), sentence % numbers)
    if figures.voice_ratio is None:
        sentence = _("%(group)s made %(voice)s of the contributions, but none of them is present.")
        return MetricRow(label, not_enough(), sentence % numbers)
    numbers["presence"] = percent(figures.presence_share)
    # number_format cuts decimals off; round first so 0.67 reads 0.7.
    numbers["ratio"] = number_format(round(figures.voice_ratio, 1), decimal_pos=1)
    how = heard(figures.voice_ratio)
    if how == Heard.LESS:
        sentence = _(
            "%(group)s made %(voice)s of the contributions while being %(presence)s of those "
            "present (voice ratio %(ratio)s: heard less than their share)."
        )
    elif how == Heard.MORE:
        sentence = _(
            "%(group)s made %(voice)s of the contributions while being %(presence)s of those "
            "present (voice ratio %(ratio)s: heard more than their share)."
        )
    else:
        sentence = _(
            "%(group)s made %(voice)s of the contributions while being %(presence)s of those "
            "present (voice ratio %(ratio)s: heard in proportion to their share)."
        )
    return MetricRow(label, numbers["ratio"], sentence % numbers)


def _share_row(label: str, share: float | None, sentence: str, empty: str) -> MetricRow:
    if share is None:
        return MetricRow(label, not_enough(), empty)
    return MetricRow(label, percent(share), sentence % {"percent": percent(share)})


def metric_rows(metrics: CycleMetrics, *, show_follow_through: bool) -> list[MetricRow]:
    """Every §4 figure of a cycle as (label, value, one plain sentence), in reading order."""
    rows = [
        _voice_row(metrics.voice[g]) for g in (RoleGroup.CARE_RECEIVERS, RoleGroup.PROFESSIONALS)
    ]
    no_actions = _("There are no actions in this cycle yet.")
    rows.append(
        _share_row(
            _("Uptake"),
            metrics.uptake,
            _("%(percent)s of the actions build on at least one factor raised by care receivers."),
            no_actions,
        )
    )
    rows.append(
        _share_row(
            _("Ownership"),
            metrics.ownership,
            _("%(percent)s of the actions have a care receiver among their owners."),
            no_actions,
        )
    )
    for dimension in Dimension:
        name = dimension_label(dimension)
        counts = metrics.dimension_counts[dimension]
        share = metrics.dimension_balance[dimension]
        label = _("Balance in %(dimension)s") % {"dimension": name}
        if share is None:
            rows.append(
                MetricRow(
                    label, not_enough(), _("No factors in %(dimension)s yet.") % {"dimension": name}
                )
            )
            continue
        sentence = _(
            "Enablers make up %(percent)s of the factors in %(dimension)s "
            "(%(enablers)d of %(total)d)."
        ) % {
            "percent": percent(share),
            "dimension": name,
            "enablers": counts[Polarity.ENABLER],
            "total": counts[Polarity.ENABLER] + counts[Polarity.BARRIER],
        }
        rows.append(MetricRow(label, percent(share), sentence))
    rows.append(
        MetricRow(
            _("Coverage"),
            _("%(n)d of 3") % {"n": metrics.coverage},
            ngettext(
                "%(n)d of 3 dimensions has at least one factor.",
                "%(n)d of 3 dimensions have at least one factor.",
                metrics.coverage,
            )
            % {"n": metrics.coverage},
        )
    )
    for a, b in DIMENSION_PAIRS:
        n = metrics.interaction_coverage[(a, b)]
        names = {"n": n, "a": dimension_label(a), "b": dimension_label(b)}
        sentence = (
            _("No links yet between %(a)s and %(b)s.") % names
            if n == 0
            else ngettext(
                "%(n)d link shows how %(a)s and %(b)s affect each other.",
                "%(n)d links show how %(a)s and %(b)s affect each other.",
                n,
            )
            % names
        )
        rows.append(MetricRow(_("Links %(pair)s") % {"pair": pair_label(a, b)}, str(n), sentence))
    if show_follow_through:
        rows.append(
            _share_row(
                _("Follow-through"),
                metrics.follow_through,
                _("%(percent)s of the previous cycle's actions are marked as done in the review."),
                _("The previous cycle had no actions to follow up."),
            )
        )
    return rows


def undisclosed_note(metrics: CycleMetrics) -> str | None:
    """Why some anonymous contributions are not in the voice figures; None when none are."""
    n = metrics.undisclosed
    if n == 0:
        return None
    return ngettext(
        "%(n)d anonymous contribution is left out of the voice figures, so that nobody can be "
        "recognised from it.",
        "%(n)d anonymous contributions are left out of the voice figures, so that nobody can be "
        "recognised from them.",
        n,
    ) % {"n": n}

"""Factors, links between them, and dot votes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from powertriangle.catalogue.models import CatalogueEntry
from powertriangle.core.access import AnyUser, require_write
from powertriangle.core.choices import DimensionChoice, LevelChoice, PolarityChoice
from powertriangle.core.clock import day_only
from powertriangle.core.text import clean_choice, clean_text
from powertriangle.cycles import payloads
from powertriangle.cycles.models import Cycle, Factor, Link, Vote, VoteTally
from powertriangle.cycles.selectors import links_of_factor, votes_used
from powertriangle.cycles.services.release import hold
from powertriangle.cycles.services.steps import (
    announce,
    member_of,
    merge_errors,
    require_stage,
    resolve_voice,
    set_hidden,
)
from powertriangle.live.publish import publish, redact
from powertriangle.projects.models import Member
from powertriangle.triangle.model import ContributionKind

FACTOR_TEXT_MAX = 500
LINK_NOTE_MAX = 1000


def factor_create(
    *,
    by: AnyUser | None,
    cycle: Cycle,
    dimension: object,
    polarity: object,
    text: object = "",
    level: object = "",
    catalogue_entry: CatalogueEntry | None = None,
    author: Member | None,
    on_behalf_of: Member | None = None,
    anonymous: bool = False,
    batched: bool = False,
) -> Factor:
    """Add a barrier or an enabler. Picked from the catalogue, the entry's words are the default
    text in the current language; own words are always allowed instead.

    `batched` (an anonymous participant's phone): held, and released to every screen with the
    others of a few seconds, shuffled (services.release)."""
    require_write(by, cycle.project)
    require_stage(cycle, ContributionKind.FACTOR)
    errors: list[ValidationError] = []
    if catalogue_entry is not None:
        dimension = dimension or catalogue_entry.dimension
        polarity = polarity or catalogue_entry.polarity
        level = level or catalogue_entry.level
        text = text or catalogue_entry.text()
    fields: dict[str, str] = {}
    for name, value, choices in (
        ("dimension", dimension, DimensionChoice.values),
        ("polarity", polarity, PolarityChoice.values),
    ):
        try:
            fields[name] = clean_choice(value, field=name, choices=list(choices))
        except ValidationError as exc:
            errors.append(exc)
    try:
        fields["level"] = (
            clean_choice(level, field="level", choices=list(LevelChoice.values)) if level else ""
        )
        fields["text"] = clean_text(text, field="text", max_length=FACTOR_TEXT_MAX)
    except ValidationError as exc:
        errors.append(exc)
    try:
        voice = resolve_voice(cycle, author=author, on_behalf_of=on_behalf_of, anonymous=anonymous)
    except ValidationError as exc:
        errors.append(exc)
    if errors:
        raise merge_errors(*errors)
    with transaction.atomic():
        factor = Factor.objects.create(
            cycle=cycle,
            catalogue_entry=catalogue_entry,
            author=voice.author,
            on_behalf_of=voice.on_behalf_of,
            anonymous=voice.anonymous,
            held=batched and voice.anonymous,
            voice_group=voice.voice_group,
            created_at=voice.created_at,
            **fields,
        )
        announce(factor, "factor.created", payloads.factor_payload(factor))
        return factor


def factor_set_hidden(*, by: AnyUser | None, factor: Factor, hidden: bool) -> Factor:
    """Hide an inappropriate factor from views (it stays in the record, marked hidden). Its
    links go out of sight with it (`selectors.LINK_SHOWN`) and their notes leave the live log,
    since a note may repeat the factor's words; shown again, the factor brings them back."""
    with transaction.atomic():
        factor = set_hidden(
            by=by, item=factor, hidden=hidden, kind="factor", payload=payloads.factor_payload
        )
        if factor.hidden:
            for link in links_of_factor(factor):
                redact(
                    cycle_id=factor.cycle_id, kind="link.hidden", data=payloads.link_payload(link)
                )
    return factor


def link_create(
    *,
    by: AnyUser | None,
    cycle: Cycle,
    factor_a: Factor,
    factor_b: Factor,
    note: object,
    author: Member | None,
    on_behalf_of: Member | None = None,
    anonymous: bool = False,
    batched: bool = False,
) -> Link:
    """Say how two factors of the cycle affect each other (`batched`: as factor_create)."""
    require_write(by, cycle.project)
    require_stage(cycle, ContributionKind.LINK)
    errors: list[ValidationError] = []
    if factor_a.cycle_id != cycle.pk or factor_b.cycle_id != cycle.pk:
        errors.append(ValidationError({"factor_b": _("Choose two factors of this cycle.")}))
    elif factor_a.pk == factor_b.pk:
        errors.append(ValidationError({"factor_b": _("Choose two different factors.")}))
    else:
        # A link to a hidden factor would be hidden with it at once: say so instead. Asked of
        # the database, not of the objects passed in (the coach may have just hidden one).
        hidden = set(
            Factor.objects.filter(pk__in=(factor_a.pk, factor_b.pk), hidden=True).values_list(
                "pk", flat=True
            )
        )
        if hidden:
            field = "factor_a" if factor_a.pk in hidden else "factor_b"
            message = _("This factor is hidden. Choose one that is shown.")
            errors.append(ValidationError({field: message}))
    try:
        clean_note = clean_text(note, field="note", max_length=LINK_NOTE_MAX)
    except ValidationError as exc:
        errors.append(exc)
    try:
        voice = resolve_voice(cycle, author=author, on_behalf_of=on_behalf_of, anonymous=anonymous)
    except ValidationError as exc:
        errors.append(exc)
    if errors:
        raise merge_errors(*errors)
    first, second = sorted((factor_a, factor_b), key=lambda f: f.pk)
    with transaction.atomic():
        if Link.everything.filter(factor_a=first, factor_b=second).exists():
            raise ValidationError(
                {"factor_b": _("These two factors are already linked.")}, code="duplicate"
            )
        link = Link.objects.create(
            cycle=cycle,
            factor_a=first,
            factor_b=second,
            note=clean_note,
            author=voice.author,
            on_behalf_of=voice.on_behalf_of,
            anonymous=voice.anonymous,
            held=batched and voice.anonymous,
            voice_group=voice.voice_group,
            created_at=voice.created_at,
        )
        announce(link, "link.created", payloads.link_payload(link))
        return link


def link_set_hidden(*, by: AnyUser | None, link: Link, hidden: bool) -> Link:
    """Hide an inappropriate link from views (it stays in the record, marked hidden)."""
    return set_hidden(by=by, item=link, hidden=hidden, kind="link", payload=payloads.link_payload)


def vote_cast(
    *,
    by: AnyUser | None,
    cycle: Cycle,
    factor: Factor,
    member: Member,
    anonymous: bool = False,
) -> Vote:
    """Put one of the member's dots on a factor, within the cycle's limit.

    `anonymous` (a participant of an anonymous workshop): the dot is stored without its voter
    and with only the day; the voter's number of dots is counted apart (VoteTally), so nothing
    ties a dot to a person, or two dots to each other."""
    require_write(by, cycle.project)
    require_stage(cycle, ContributionKind.VOTE)
    member_of(cycle, member, field="member")
    if factor.cycle_id != cycle.pk:
        raise ValidationError({"factor": _("Choose a factor of this cycle.")}, code="foreign")
    with transaction.atomic():
        # Serialise votes in this cycle so the limit holds under concurrent taps.
        # NO KEY: the foreign-key checks of other writes (key share) need not wait for it.
        Cycle.objects.select_for_update(no_key=True).filter(pk=cycle.pk).first()
        if votes_used(cycle, member, anonymous=anonymous) >= cycle.votes_per_member:
            if anonymous:
                message = _("You have used all %(n)d of your votes in this cycle.") % {
                    "n": cycle.votes_per_member
                }
            else:
                message = _("%(name)s has used all %(n)d votes in this cycle.") % {
                    "name": member.display_name,
                    "n": cycle.votes_per_member,
                }
            raise ValidationError({"factor": message}, code="limit")
        now = timezone.now()
        if anonymous:
            tally, _created = VoteTally.objects.get_or_create(cycle=cycle, member=member)
            VoteTally.objects.filter(pk=tally.pk).update(used=F("used") + 1)
            vote = Vote.objects.create(
                cycle=cycle, factor=factor, member=None, created_at=day_only(now), held=True
            )
            hold(cycle.pk)  # the new count reaches the screens with the next release
            return vote
        vote = Vote.objects.create(cycle=cycle, factor=factor, member=member, created_at=now)
        publish(
            cycle_id=cycle.pk,
            kind="vote.changed",
            data=payloads.vote_payload(factor, Vote.objects.filter(factor=factor).count()),
        )
        return vote


def vote_remove(*, by: AnyUser | None, cycle: Cycle, factor: Factor, member: Member) -> bool:
    """Take back one of the member's dots from the factor; False when there was none."""
    require_write(by, cycle.project)
    require_stage(cycle, ContributionKind.VOTE)
    with transaction.atomic():
        vote = Vote.objects.filter(cycle=cycle, factor=factor, member=member).last()
        if vote is None:
            return False
        vote.delete()
        publish(
            cycle_id=cycle.pk,
            kind="vote.changed",
            data=payloads.vote_payload(factor, Vote.objects.filter(factor=factor).count()),
        )
    return True

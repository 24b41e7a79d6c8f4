"""Forms of the cycle workspace. They only turn posted ids into this cycle's objects (an id from
elsewhere is a field error); every rule about the content lives in the services, whose
ValidationErrors are put back next to the fields by `add_service_errors`."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.forms.models import ModelChoiceIteratorValue
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from powertriangle.catalogue.models import CatalogueEntry
from powertriangle.core.choices import (
    ActionKindChoice,
    ActionStatusChoice,
    LevelChoice,
    PolarityChoice,
    RoleChoice,
)
from powertriangle.core.onetime import form_key_field
from powertriangle.cycles.models import Factor
from powertriangle.projects.models import Member


def _attributes(attrs: dict[str, Any]) -> SafeString:
    """Like Django's forms/widgets/attrs.html: ` name="value"`, True bare, False left out."""
    return mark_safe(  # noqa: S308 - every name and value goes through format_html
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class QuickSelect(forms.Select):
    """Django's select, written in Python instead of its templates (a template per option, and
    one for the whole select, cost more than anything else on a page with 200 factors in three
    selects): the same markup as Django's select.html."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attributes(widget["attrs"]))]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    str(option["value"]),
                    _attributes(option["attrs"]),
                    option["label"],
                )
                for option in group_choices
            )
            if group_name:
                parts.append(mark_safe("\n  </optgroup>"))
        parts.append(mark_safe("\n</select>"))
        return mark_safe("".join(parts))  # noqa: S308 - each part is format_html's


class MemberChoiceField(forms.ModelChoiceField[Member]):
    widget = QuickSelect

    def label_from_instance(self, obj: Member) -> str:
        return f"{obj.display_name} ({RoleChoice(obj.role).label})"


_M = TypeVar("_M", bound=Model)
ID_MAX = 2**63 - 1  # the largest id a database column can hold


def _beyond_ids(value: object) -> bool:
    try:
        number = int(str(value))
    except ValueError:
        return False  # not a number at all: Django refuses it as an invalid value
    return not 0 < number <= ID_MAX


class IdsField(forms.ModelMultipleChoiceField[_M]):
    """Several objects by id. A number no id can be is refused like an unknown id (SQLite
    cannot even compare it: `id IN (10**40)` raises OverflowError, a server error)."""

    def clean(self, value: Any) -> Any:
        for pk in value if isinstance(value, (list, tuple)) else ():
            if _beyond_ids(pk):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super().clean(value)


class MembersField(IdsField[Member]):
    def label_from_instance(self, obj: Member) -> str:
        return f"{obj.display_name} ({RoleChoice(obj.role).label})"


def factor_label(factor: Factor) -> str:
    return (
        f"{factor.get_dimension_display()} · {factor.get_polarity_display()}: {factor.shown_text}"
    )


class FactorChoiceField(forms.ModelChoiceField[Factor]):
    widget = QuickSelect

    def label_from_instance(self, obj: Factor) -> str:
        return factor_label(obj)


class FactorsField(IdsField[Factor]):
    def label_from_instance(self, obj: Factor) -> str:
        return factor_label(obj)


# The services name the allowed values ("Choose one of: barrier, enabler."); on a page people
# choose from labelled options, so these fields get a plain sentence instead.
PLAIN_CHOICE_ERRORS = {
    "polarity": _("Choose whether it is a barrier or an enabler, or pick a suggestion."),
    "kind": _("Choose whether the action handles a barrier or reinforces an enabler."),
    "level": _("Choose where it sits, or skip it."),
    "status": _("Choose a status from the list."),
}


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's errors next to the matching fields, the rest at the top of the form."""
    for field, messages in error.message_dict.items():
        if field in PLAIN_CHOICE_ERRORS and field in form.fields:
            messages = [str(PLAIN_CHOICE_ERRORS[field])]
        form.add_error(field if field in form.fields else None, messages)


def limit_choices(form: forms.Form, **querysets: QuerySet[Any]) -> None:
    """Let each named choice field (one object or several) choose only from its queryset: a
    posted id from elsewhere is then a field error."""
    for name, queryset in querysets.items():
        field = form.fields[name]
        assert isinstance(field, forms.ModelChoiceField)  # ModelMultipleChoiceField is one too
        field.queryset = queryset


class SharedChoices:
    """The members and the factors a workspace offers, read once and shared by every field that
    offers them (about ten fields; one query each before). Only what is shown comes from here:
    a posted id is still checked against the field's own queryset."""

    def __init__(self, **sources: QuerySet[Any]) -> None:
        self._sources = sources
        self._objects: dict[str, list[Any]] = {}
        self._choices: dict[tuple[object, ...], list[tuple[Any, str]]] = {}

    def offer(self, form: forms.Form, **fields: str) -> None:
        """`author="members"`: the field `author` shows the shared members as its options."""
        for name, source in fields.items():
            field = form.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            empty = None if field.empty_label is None else str(field.empty_label)
            key = (source, type(field), empty)
            if key not in self._choices:
                if source not in self._objects:
                    self._objects[source] = list(self._sources[source])
                head: list[tuple[Any, str]] = [] if empty is None else [("", empty)]
                self._choices[key] = head + [
                    (
                        ModelChoiceIteratorValue(field.prepare_value(obj), obj),
                        field.label_from_instance(obj),
                    )
                    for obj in self._objects[source]
                ]
            field.widget.choices = self._choices[key]


def own_words_field() -> forms.CharField:
    """What someone says in their own words, where a suggestion could be picked instead."""
    return forms.CharField(
        required=False,
        label=_("In your own words"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def due_field() -> forms.CharField:
    """An action's date, as text: the service checks it together with everything else."""
    return forms.CharField(
        required=False,
        label=_("By when? (optional)"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class SpeakerForm(forms.Form):
    """Who is speaking, for whom, or anonymously: shared by factors, links and actions."""

    author = MemberChoiceField(
        queryset=Member.objects.none(),
        required=False,
        label=_("Who is speaking?"),
        empty_label=_("Choose a person"),
    )
    on_behalf_of = MemberChoiceField(
        queryset=Member.objects.none(),
        required=False,
        label=_("On behalf of (optional)"),
        help_text=_("For a supporter who speaks for someone else: choose that person."),
        empty_label=_("Nobody"),
    )
    anonymous = forms.BooleanField(
        required=False,
        label=_("Say it anonymously (no name is saved)"),
    )

    def __init__(self, *args: Any, members: QuerySet[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, author=members, on_behalf_of=members)


class FactorForm(SpeakerForm):
    form_key = form_key_field()  # sent twice, it adds one
    catalogue_entry = forms.ModelChoiceField(
        queryset=CatalogueEntry.objects.none(),
        required=False,
        label=_("Choose from the suggestions"),
        widget=forms.RadioSelect,
    )
    text = own_words_field()
    polarity = forms.ChoiceField(
        required=False,
        label=_("Is it a barrier or an enabler?"),
        choices=PolarityChoice.choices,
        widget=forms.RadioSelect,
        help_text=_("A suggestion you pick already says which it is."),
    )
    level = forms.ChoiceField(
        required=False,
        label=_("Where does it sit? (optional)"),
        choices=[("", _("Not sure, skip")), *LevelChoice.choices],
        widget=QuickSelect,
    )

    def __init__(
        self,
        *args: Any,
        entries: QuerySet[CatalogueEntry],
        members: QuerySet[Member],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, members=members, **kwargs)
        limit_choices(self, catalogue_entry=entries)


class LinkForm(SpeakerForm):
    form_key = form_key_field()  # sent twice, it adds one
    factor_a = FactorChoiceField(
        queryset=Factor.objects.none(),
        required=True,
        label=_("This factor"),
        empty_label=_("Choose a factor"),
    )
    factor_b = FactorChoiceField(
        queryset=Factor.objects.none(),
        required=True,
        label=_("affects this factor"),
        empty_label=_("Choose a factor"),
    )
    note = forms.CharField(
        required=False,
        label=_("How do they affect each other?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args: Any, factors: QuerySet[Factor], members: QuerySet[Member], **kwargs: Any
    ) -> None:
        super().__init__(*args, members=members, **kwargs)
        limit_choices(self, factor_a=factors, factor_b=factors)


class VoteForm(forms.Form):
    member = MemberChoiceField(
        queryset=Member.objects.none(),
        label=_("Who is voting?"),
        empty_label=_("Choose a person"),
    )
    factor = forms.ModelChoiceField(
        queryset=Factor.objects.none(), label=_("Factor"), widget=QuickSelect
    )

    def __init__(
        self, *args: Any, factors: QuerySet[Factor], members: QuerySet[Member], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, member=members, factor=factors)


class ActionForm(SpeakerForm):
    form_key = form_key_field()  # sent twice, it adds one
    kind = forms.ChoiceField(
        required=False,
        label=_("What does the action do?"),
        choices=ActionKindChoice.choices,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(required=False, label=_("What will be done?"))
    description = forms.CharField(
        required=False,
        label=_("More about it (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    factors = FactorsField(
        queryset=Factor.objects.none(),
        required=False,
        label=_("Which factors does it answer? (optional)"),
        widget=forms.CheckboxSelectMultiple,
    )
    owners = MembersField(
        queryset=Member.objects.none(),
        required=False,
        label=_("Who takes care of it?"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose at least one person."),
    )
    due = due_field()

    def __init__(
        self, *args: Any, factors: QuerySet[Factor], members: QuerySet[Member], **kwargs: Any
    ) -> None:
        super().__init__(*args, members=members, **kwargs)
        limit_choices(self, factors=factors, owners=members)


class StatusForm(forms.Form):
    """An action's status, or a review's status and note, against the version that was read."""

    status = forms.ChoiceField(
        label=_("Status"), choices=ActionStatusChoice.choices, widget=QuickSelect
    )
    note = forms.CharField(
        required=False, label=_("How did it go?"), widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        # Only a stale or tampered page sends a bad version: say what to do about it.
        error_messages={
            "required": _("The page is out of date. Reload it and try again."),
            "invalid": _("The page is out of date. Reload it and try again."),
            "min_value": _("The page is out of date. Reload it and try again."),
        },
    )


class AttendanceForm(forms.Form):
    members = MembersField(
        queryset=Member.objects.none(),
        required=False,
        label=_("Who is here today?"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, members: QuerySet[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, members=members)


class StartForm(forms.Form):
    votes_per_member = forms.IntegerField(
        label=_("Votes per person"), initial=3, min_value=0, max_value=20
    )


class AdvanceForm(forms.Form):
    to = forms.CharField(max_length=12)
    version = forms.IntegerField(min_value=1)

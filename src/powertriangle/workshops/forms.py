"""Forms of the workshop pages. As in the cycle workspace, forms only turn posted ids into this
workshop's objects; the rules live in the services, whose errors go back next to the fields."""

from __future__ import annotations

import re
import secrets
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from powertriangle.catalogue.models import CatalogueEntry
from powertriangle.core.choices import ActionKindChoice, RoleChoice
from powertriangle.core.onetime import form_key_field
from powertriangle.cycles.forms import (
    FactorChoiceField,
    FactorsField,
    IdsField,
    add_service_errors,
    due_field,
    limit_choices,
    own_words_field,
)
from powertriangle.cycles.models import Factor
from powertriangle.cycles.services.contributions import FACTOR_TEXT_MAX, LINK_NOTE_MAX
from powertriangle.projects.models import Member

__all__ = ["add_service_errors"]


def new_key() -> str:
    """A fresh one-time key for a form, made when the form is shown."""
    return secrets.token_urlsafe(16)


def normalise_code(raw: object) -> str:
    """Digits as typed, with spaces and dashes people add to read the code taken out."""
    return re.sub(r"[\s-]", "", str(raw or ""))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=24,
        help_text=_("The nine digits on the big screen."),
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "class": "code-input",
            }
        ),
    )


class NewcomerForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        required=False,
        help_text=_("As you want others to see it, for example your first name."),
    )
    role = forms.ChoiceField(
        label=_("You take part as"),
        required=False,
        choices=[
            (RoleChoice.PERSON_IN_NEED_OF_CARE, _("Person in need of care")),
            (RoleChoice.RELATIVE, _("Relative")),
            (RoleChoice.PROFESSIONAL, _("Professional")),
            (RoleChoice.SUPPORTER, _("Supporter")),
        ],
        widget=forms.RadioSelect,
    )


class MemberNameChoice(forms.ModelChoiceField[Member]):
    def label_from_instance(self, obj: Member) -> str:
        return obj.display_name


class EntryChoice(forms.ModelChoiceField[CatalogueEntry]):
    def label_from_instance(self, obj: CatalogueEntry) -> str:
        return obj.text()


def short_factor_label(factor: Factor) -> str:
    return f"{factor.get_polarity_display()}: {factor.shown_text}"


class PhoneFactorChoice(FactorChoiceField):
    def label_from_instance(self, obj: Factor) -> str:
        return short_factor_label(obj)


class PhoneFactorsChoice(FactorsField):
    def label_from_instance(self, obj: Factor) -> str:
        return short_factor_label(obj)


def counted(field: forms.CharField, limit: int) -> forms.CharField:
    """The field, with what workshop.js needs to count its characters live as they are typed
    (nothing is cut: a text over the limit is refused by the service and given back)."""
    field.widget.attrs.update(
        {
            "data-limit": str(limit),
            # Translators: {count}, {limit} and {excess} are filled in as the person types.
            "data-count": _("{count} of {limit} characters"),
            "data-over": _("{count} characters, {excess} too many: write at most {limit}."),
        }
    )
    return field


class KeyedForm(forms.Form):
    """A form with its one-time key and, for supporters, whom they speak for."""

    submission = forms.CharField(widget=forms.HiddenInput, required=False)
    on_behalf_of = MemberNameChoice(
        queryset=Member.objects.none(),
        required=False,
        label=_("Who is this from?"),
        empty_label=_("From me"),
        help_text=_("As a supporter you can add it for someone you help. It counts as theirs."),
    )

    def __init__(self, *args: Any, represented: QuerySet[Member] | None, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("submission", new_key())
        super().__init__(*args, **kwargs)
        if represented is None:
            del self.fields["on_behalf_of"]
        else:
            limit_choices(self, on_behalf_of=represented)

    def speaks_for(self) -> Member | None:
        member = self.cleaned_data.get("on_behalf_of")
        return member if isinstance(member, Member) else None

    def fresh(self, **kwargs: Any) -> Any:
        """The same kind of form, empty, with a new key; keeps whom a supporter speaks for."""
        initial = {"on_behalf_of": self.speaks_for()}
        return type(self)(initial=initial, **kwargs)

    def explain_refusal(self) -> None:
        """Nothing was saved: reword messages that would not help here (none by default)."""


class PhoneFactorForm(KeyedForm):
    catalogue_entry = EntryChoice(
        queryset=CatalogueEntry.objects.none(),
        required=False,
        label=_("Suggestions"),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    text = counted(own_words_field(), FACTOR_TEXT_MAX)

    def __init__(self, *args: Any, entries: QuerySet[CatalogueEntry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, catalogue_entry=entries)

    def explain_refusal(self) -> None:
        # The text is only missing when no suggestion was picked either: either will do. Any
        # other message about the text (too long, say) is the real one and stays as it is.
        typed = str(self.data.get(self.add_prefix("text"), "")).strip()
        picked = self.cleaned_data.get("catalogue_entry")
        if "text" in self.errors and not typed and not picked:
            self.errors["text"] = self.error_class(
                [gettext("Write it in your own words, or pick one of the suggestions.")]
            )


class PhoneLinkForm(KeyedForm):
    factor_a = PhoneFactorChoice(
        queryset=Factor.objects.none(), label=_("This"), empty_label=_("Choose one")
    )
    factor_b = PhoneFactorChoice(
        queryset=Factor.objects.none(), label=_("affects this"), empty_label=_("Choose one")
    )
    note = counted(
        forms.CharField(required=False, label=_("How?"), widget=forms.Textarea(attrs={"rows": 3})),
        LINK_NOTE_MAX,
    )

    def __init__(self, *args: Any, factors: QuerySet[Factor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, factor_a=factors, factor_b=factors)


class OwnersField(IdsField[Member]):
    def label_from_instance(self, obj: Member) -> str:
        return obj.display_name


class PhoneActionForm(KeyedForm):
    kind = forms.ChoiceField(
        required=False,
        label=_("What does it do?"),
        choices=ActionKindChoice.choices,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(required=False, label=_("What will be done?"), max_length=300)
    factors = PhoneFactorsChoice(
        queryset=Factor.objects.none(),
        required=False,
        label=_("It answers (optional)"),
        widget=forms.CheckboxSelectMultiple,
    )
    owners = OwnersField(
        queryset=Member.objects.none(),
        required=False,
        label=_("Who takes care of it?"),
        widget=forms.CheckboxSelectMultiple,
    )
    due = due_field()

    def __init__(
        self, *args: Any, factors: QuerySet[Factor], owners: QuerySet[Member], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, factors=factors, owners=owners)


class PhoneVoteForm(KeyedForm):
    factor = forms.ModelChoiceField(queryset=Factor.objects.none(), label=_("Factor"))

    def __init__(self, *args: Any, factors: QuerySet[Factor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, factor=factors)


class TimerForm(forms.Form):
    minutes = forms.IntegerField(min_value=0, max_value=60)


class AnonymityForm(forms.Form):
    anonymous = forms.TypedChoiceField(
        label=_("Are names saved with what people write?"),
        choices=[
            ("0", _("Yes: everyone's name is shown with what they write")),
            ("1", _("No: anonymous, no name is saved with what people write")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="0",
    )
    form_key = form_key_field()  # "Prepare the workshop" sent twice prepares one

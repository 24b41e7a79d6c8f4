"""Forms that render and parse the project pages. They do not validate text: the services do,
and `apply_errors` puts the services' messages next to the fields they belong to."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from powertriangle.core.choices import RoleChoice
from powertriangle.core.onetime import form_key_field
from powertriangle.orgs.models import Organisation
from powertriangle.projects import services

ROLE_HELP: dict[str, Any] = {
    RoleChoice.PERSON_IN_NEED_OF_CARE: _(
        "The person the care is for, our “Esther”: a patient, user or resident."
    ),
    RoleChoice.RELATIVE: _("A family member or someone else close to the person."),
    RoleChoice.PROFESSIONAL: _(
        "Works in health or social care, for example as a nurse, assistant nurse or physician."
    ),
    RoleChoice.COACH: _("Facilitates the reflection and leads the sessions."),
    RoleChoice.MANAGER: _("Is responsible for resources and decisions about how the unit works."),
    RoleChoice.SUPPORTER: _(
        "Helps someone take part and can contribute on their behalf; "
        "those contributions count as that person's voice."
    ),
}


def text_field(
    label: Any, *, maxlength: int, required: bool, help_text: Any = "", rows: int = 0
) -> forms.Field:
    """A text control that passes the raw text on to the service, which decides what is valid."""
    attrs: dict[str, Any] = {"maxlength": str(maxlength)}
    if required:
        attrs["required"] = True
    widget: forms.Widget
    if rows:
        widget = forms.Textarea(attrs={**attrs, "rows": str(rows)})
    else:
        widget = forms.TextInput(attrs=attrs)
    return forms.Field(label=label, help_text=help_text, required=False, widget=widget)


def apply_errors(
    form: forms.Form, exc: ValidationError, *, reworded: dict[str, Any] | None = None
) -> None:
    """Show a service's ValidationError on the form: each message next to its field.

    `reworded` gives a field's message in the form's own words (for example "choose one of
    the roles below" instead of the list of stored codes the service names)."""
    reworded = reworded or {}
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            target = name if name in form.fields else None
            if name in reworded:
                messages = [str(reworded[name])]
            for message in messages:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class PassThroughChoiceField(forms.ChoiceField):
    """Radio buttons whose value goes to the service unchecked: it answers an unknown choice
    with a clear message of its own."""

    def validate(self, value: Any) -> None:
        return None


class ProjectFieldsForm(forms.Form):
    title = text_field(
        _("Title"),
        maxlength=services.TITLE_MAX,
        required=True,
        help_text=_("A short name the whole team recognises."),
    )
    esther_question = text_field(
        _("What is best for Esther?"),
        maxlength=services.QUESTION_MAX,
        required=True,
        rows=3,
        help_text=_(
            "Esther is a figurative person with complex care needs across several care "
            "providers. Ask what is best for Esther in this project: the question guides all "
            "the improvement work."
        ),
    )
    description = text_field(
        _("Description (optional)"),
        maxlength=services.DESCRIPTION_MAX,
        required=False,
        rows=5,
        help_text=_("Background and aims. Never write health records or medical details."),
    )


class ProjectCreateForm(ProjectFieldsForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Organisation"),
        help_text=_("The unit whose team runs the project."),
        error_messages={"invalid_choice": _("Choose one of your organisations.")},
    )
    form_key = form_key_field()  # Back and "Create project" again makes no second project
    field_order = ["organisation", "title", "esther_question", "description"]

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
        if len(organisations) == 1:
            field.empty_label = None


class ProjectEditForm(ProjectFieldsForm):
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": _("The page is out of date. Reload it and try again."),
            "invalid": _("The page is out of date. Reload it and try again."),
        },
    )


class MemberForm(forms.Form):
    display_name = text_field(
        _("Name"),
        maxlength=services.NAME_MAX,
        required=True,
        help_text=_("A first name, or what the person wants to be called here."),
    )
    role = PassThroughChoiceField(
        label=_("Role"), choices=RoleChoice.choices, widget=forms.RadioSelect, required=False
    )
    profession = text_field(
        _("Profession (optional)"),
        maxlength=services.PROFESSION_MAX,
        required=False,
        help_text=_("In your own words, for example “assistant nurse”."),
    )
    form_key = form_key_field()  # the same page submitted twice adds one member

    def role_options(self) -> list[tuple[Any, Any]]:
        """Each radio button of the role with its one-line explanation."""
        return [(radio, ROLE_HELP.get(radio.data["value"], "")) for radio in self["role"]]


ROLE_REWORDED = {"role": _("Choose one of the roles below.")}


class MemberEditForm(MemberForm):
    form_key = None  # type: ignore[assignment]  # an edit changes what is there: no key
    active = forms.BooleanField(
        label=_("Still taking part"),
        required=False,
        help_text=_(
            "Untick when the person no longer takes part. "
            "What they contributed stays, and they can be ticked again later."
        ),
    )

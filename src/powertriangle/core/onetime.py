"""One form key per create form: the same page submitted twice makes one object.

A create form carries a random hidden key (`form_key_field`); the view runs its service through
`once`, which stores the key with the object made, in the same transaction. A second submit of
that page (Back and submit again, a double click, a retry) finds the key and makes nothing: the
view shows what the first submit made. A request without a well-formed key (an old page, a
hand-made post) is served as before, without the guard. The phones have their own keys per
workshop (workshops.contributions.once)."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone

from powertriangle.core.models import FormKey

FORM_KEYS_KEPT = dt.timedelta(days=2)  # longer than a session stays idle
_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}\Z")

T = TypeVar("T")


def new_form_key() -> str:
    return secrets.token_urlsafe(24)


def form_key_field() -> forms.CharField:
    """The hidden key; a new one each time the form is shown empty."""
    return forms.CharField(widget=forms.HiddenInput, required=False, initial=new_form_key)


@dataclass(frozen=True)
class Once(Generic[T]):
    """What a create form made: `made` the new object, or on a repeat (`replayed`) None and the
    id of the first submit's object (None for an anonymous contribution, which keeps none)."""

    made: T | None
    replayed: bool
    object_id: int | None


def once(
    user: Any,
    key: object,
    kind: str,
    make: Callable[[], T],
    *,
    keep_id: Callable[[T], bool] = lambda _obj: True,
) -> Once[T]:
    """Run `make` unless this user's form key was used already. `keep_id(obj)` False: the key
    does not keep the object's id (an anonymous contribution must not be tied to whoever typed
    it). Errors of `make` (ValidationError) propagate and store no key."""
    clean = key if isinstance(key, str) and _KEY.fullmatch(key) else None
    if clean is None or not getattr(user, "is_authenticated", False):
        made = make()
        return Once(made, False, getattr(made, "pk", None))
    used = FormKey.objects.filter(user=user, key=clean).first()
    if used is not None:
        return Once(None, True, used.object_id)
    try:
        with transaction.atomic():
            made = make()
            pk = getattr(made, "pk", None)
            FormKey.objects.create(
                user=user,
                key=clean,
                kind=kind,
                object_id=pk if keep_id(made) else None,
                created_on=timezone.localdate(),
            )
    except IntegrityError:
        # The same key committed in a concurrent request first; ours was rolled back whole.
        used = FormKey.objects.filter(user=user, key=clean).first()
        if used is None:
            raise
        return Once(None, True, used.object_id)
    return Once(made, False, getattr(made, "pk", None))


def form_keys_prune(kept: dt.timedelta = FORM_KEYS_KEPT) -> int:
    """Forget keys older than `kept`; how many were removed."""
    cutoff = timezone.localdate() - kept
    deleted, _rows = FormKey.objects.filter(created_on__lt=cutoff).delete()
    return deleted

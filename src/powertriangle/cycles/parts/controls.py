"""Two small controls drawn for every item of the cycle page, built here rather than by an
included template each (an include per item cost more than the rest of the item): a factor's
count of dots, and the coach's "Hide" / "Show again". Templates draw them with the
`vote_count` and `hide_control` tags; a vote's or a "Keep it" answer with these functions."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext

from powertriangle.cycles.parts.factors import FactorItem

OOB = mark_safe(' data-hx-swap-oob="true"')


def vote_count(item: FactorItem, *, oob: bool = False) -> SafeString:
    """A factor's dots on its line in its dimension (empty without dots); by its id a vote's
    answer replaces it (`oob`)."""
    votes = int(item.votes)
    words = ngettext("%(n)s vote", "%(n)s votes", votes) % {"n": votes} if votes else ""
    return format_html(
        '<span class="vote-count" id="factor-votes-{}"{}>{}</span>',
        item.factor.pk,
        OOB if oob else "",
        f" · {words}" if words else "",
    )


def hide_control(url: str, *, hidden: bool, target: str, words: str, csrf: str = "") -> SafeString:
    """ "Hide" as a link (GET asks first: views/hide_ask.py), or for a hidden item "Show again"
    as a form (`csrf`: its token's input). `url` hides and shows; `target` is the section a
    show swaps; `words` say which item, for screen readers. The link's id is also the id of
    "Keep it", so the link gets the focus back."""
    if hidden:
        return format_html(
            '<form method="post" action="{url}" data-hx-post="{url}" data-hx-target="#{target}" '
            'data-hx-swap="outerHTML" class="factor-tools">{csrf}'
            '<input type="hidden" name="hidden" value="0">'
            '<button type="submit" class="link-button">{label}'
            '<span class="visually-hidden">: {words}</span></button></form>',
            url=url,
            target=target,
            csrf=mark_safe(csrf),  # noqa: S308 - Django's own token input
            label=gettext("Show again"),
            words=words,
        )
    return format_html(
        '<a href="{url}" id="{key}" data-hx-get="{url}" data-hx-target="this" '
        'data-hx-swap="outerHTML" class="link-button factor-tools">{label}'
        '<span class="visually-hidden">: {words}</span></a>',
        url=url,
        key=hide_link_id(url),
        label=gettext("Hide"),
        words=words,
    )


def hide_link_id(url: str) -> str:
    return "hide-" + slugify(url)

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from powertriangle.accounts.services import language_set


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("projects:list")
    return redirect("accounts:login")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language for this session (and the account, when logged in)."""
    language = request.POST.get("language", "")
    response_to = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(response_to, allowed_hosts={request.get_host()}):
        response_to = "/"
    response = HttpResponseRedirect(response_to)
    language_set(request=request, response=response, language=language)
    return response

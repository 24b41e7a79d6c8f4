"""The two visitors of the load, as a browser becomes them: the demo coach logs in through the
login page, and a phone joins the workshop with its eight-digit code."""

from __future__ import annotations

from typing import Any

from bench._pages.http import Pool, Visitor

COACH = ("coach", "esther-demo-2026")  # the demo's public login (powertriangle.ops.demo)


def _expect(answer_status: int, wanted: int, what: str) -> None:
    if answer_status != wanted:
        raise SystemExit(f"{what}: HTTP {answer_status}, expected {wanted}")


async def coach_login(pool: Pool) -> Visitor:
    coach = Visitor()
    page = await pool.request("GET", "/accounts/login/", coach)
    _expect(page.status, 200, "login page")
    form = {"username": COACH[0], "password": COACH[1], "csrfmiddlewaretoken": coach.csrf}
    answer = await pool.request("POST", "/accounts/login/", coach, form=form)
    _expect(answer.status, 302, "coach login")
    if "sessionid" not in coach.cookies:
        raise SystemExit("coach login: no session cookie")
    return coach


async def phone_join(pool: Pool, seed: dict[str, Any]) -> Visitor:
    phone = Visitor()
    _expect((await pool.request("GET", "/join", phone)).status, 200, "join page")
    form = {"code": seed["code"], "csrfmiddlewaretoken": phone.csrf}
    answer = await pool.request("POST", "/join", phone, form=form)
    _expect(answer.status, 303, "join by code")
    token_path = answer.headers["location"]
    _expect((await pool.request("GET", token_path, phone)).status, 200, "who are you page")
    form = {
        "token": token_path.rsplit("/", 1)[1],
        "member": str(seed["phone_member"]),
        "csrfmiddlewaretoken": phone.csrf,
    }
    answer = await pool.request("POST", f"/w/{seed['workshop']}/join", phone, form=form)
    _expect(answer.status, 303, "join as a member")
    _expect((await pool.request("GET", answer.headers["location"], phone)).status, 200, "phone")
    return phone

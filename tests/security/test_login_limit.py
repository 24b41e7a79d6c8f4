"""Password guessing is limited per username and address; a room behind one address is not.

After 10 failed logins for one username from one address, that username is refused from that
address (429, "Too many failed attempts...") even with the right password. Only failures count:
50 people logging in correctly from one address never trip it. Another address, or another
username from the same address, is not affected. The API's token exchange shares the counts.
"""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from powertriangle.accounts import ratelimit
from powertriangle.accounts.ratelimit import LIMIT
from powertriangle.accounts.services import user_create
from tests.conftest import PASSWORD, World

ROOM = "198.51.100.7"  # one address for a whole room (NAT)
ELSEWHERE = "203.0.113.9"
TOO_MANY = "Too many failed attempts. Try again in a few minutes."
TOKEN_URL = "/api/v1/auth/token"


def _login(username: str, password: str, address: str = ROOM) -> tuple[Client, int, str]:
    client = Client(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    return client, response.status_code, response.content.decode()


def _fail(times: int, username: str = "alice", address: str = ROOM) -> None:
    for _ in range(times):
        _client, status, body = _login(username, "not the password", address)
        assert status == 200
        assert TOO_MANY not in body


def _logged_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def test_it_refuses_even_the_right_password_after_ten_failures(world: World) -> None:
    _fail(LIMIT - 1)
    client, status, _body = _login("alice", PASSWORD)
    assert status == 302  # nine failures: still fine
    assert _logged_in(client)
    _fail(LIMIT)  # the right password above forgot the nine; ten new ones
    client, status, body = _login("alice", PASSWORD)
    assert status == 429
    assert TOO_MANY in body
    assert not _logged_in(client)
    assert 'name="username"' in body  # the form is still there, to try again later


def test_it_counts_the_username_whatever_its_case(world: World) -> None:
    _fail(LIMIT, username=" ALICE")
    _client, status, body = _login("alice", PASSWORD)
    assert status == 429
    assert TOO_MANY in body


def test_another_address_and_another_username_are_not_affected(world: World) -> None:
    _fail(LIMIT)
    client, status, _body = _login("alice", PASSWORD, address=ELSEWHERE)
    assert status == 302
    assert _logged_in(client)
    client, status, _body = _login("maria", PASSWORD)
    assert status == 302
    assert _logged_in(client)
    _client, status, _body = _login("alice", PASSWORD)
    assert status == 429


def test_a_whole_room_logging_in_from_one_address_is_never_refused(world: World) -> None:
    people = [
        user_create(username=f"person{i}", password=PASSWORD, check_password=False)
        for i in range(25)
    ]
    for round_ in range(2):  # 50 successful logins from the room's one address
        for person in people:
            client, status, body = _login(person.username, PASSWORD)
            assert status == 302, (round_, person.username, body[:200])
            assert _logged_in(client)
    # ...and a few typos in the room lock out nobody else
    _fail(3, username="person0")
    _fail(3, username="person1")
    client, status, _body = _login("person2", PASSWORD)
    assert status == 302
    assert _logged_in(client)


def test_the_message_is_translated(world: World) -> None:
    _fail(LIMIT)
    client = Client(REMOTE_ADDR=ROOM, HTTP_ACCEPT_LANGUAGE="sv")
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert response.headers["Content-Language"] == "sv"
    with translation.override("sv"):
        assert escape(str(ratelimit.TOO_MANY)) in response.content.decode()


def _token(username: str, password: str, address: str = ROOM) -> tuple[int, dict[str, object]]:
    response = Client(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en").post(
        TOKEN_URL, {"username": username, "password": password}, content_type="application/json"
    )
    body = response.json()
    assert isinstance(body, dict)
    return response.status_code, body


def test_the_api_token_exchange_shares_the_limit(world: World) -> None:
    """Guessing through the API counts with guessing on the page, and the other way round."""
    for _ in range(LIMIT // 2):
        assert _token("alice", "not the password")[0] == 401
    _fail(LIMIT - LIMIT // 2)
    assert _token("alice", PASSWORD) == (429, {"detail": TOO_MANY})
    assert _token("alice", PASSWORD, address=ELSEWHERE)[0] == 200
    assert _token("maria", PASSWORD)[0] == 200
    for _ in range(50):  # a room's scripts fetching tokens with the right password
        assert _token("maria", PASSWORD)[0] == 200


def test_it_caps_guessing_across_many_usernames_from_one_address(world: World) -> None:
    for n in range(ratelimit.ADDRESS_LIMIT):
        ratelimit.login_failed(username=f"guess-{n}", address=ROOM)
    _client, status, body = _login("alice", PASSWORD)
    assert status == 429
    assert TOO_MANY in body
    client, status, _body = _login("alice", PASSWORD, ELSEWHERE)
    assert status == 302
    assert _logged_in(client)


def test_guessing_one_account_from_many_addresses_slows_it_but_never_locks_it(
    world: World,
) -> None:
    """100 wrong passwords for one account from 10 addresses: once the account has failed 20
    times, each of those addresses waits longer after every failure of its own, so most of the
    100 are refused before any password is checked; an address that never failed still logs
    in with the right password at once."""
    attackers = [f"192.0.2.{n}" for n in range(10)]
    checked = 0
    for attempt in range(100):
        _client, status, body = _login("alice", f"guess {attempt}", attackers[attempt % 10])
        if status == 200:
            assert TOO_MANY not in body
            checked += 1
        else:
            assert status == 429
    # The first 20 are checked, then each address waits 2, 4, 8 … seconds after its next one.
    assert 20 <= checked <= 40
    client, status, _body = _login("alice", PASSWORD, ELSEWHERE)
    assert status == 302
    assert _logged_in(client)
    # An attacking address is slowed even with the right password; the account is not locked.
    assert _login("alice", PASSWORD, attackers[0])[1] == 429

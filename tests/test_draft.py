"""The draft in the browser's cookies (objection/web/draft.py), through the real app: one
limit for the history everywhere, what does not fit refused where it was typed and
nothing lost, the previous secret keys still read, a draft no key reads announced and
never shown, the cookies encrypted and `__Host-` over HTTPS."""
import base64
import datetime as dt
import json
import os
import random
import re
import time
import zlib

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from conftest import FIXTURES, TODAY, load_json, token
from objection.case import MAX_EVENTS
from objection.web import create_app
from test_web import answers, fill, hidden_case, upload

SEED = load_json(FIXTURES / "hosting_1und1.json")
SEED["notice"]["names_termination_right"] = False
_RANDOM = random.Random(21)


def wide(n: int) -> str:
    """n characters of four UTF-8 bytes each, at random: text that does not compress."""
    return "".join(chr(_RANDOM.randrange(0x20000, 0x2A6DF)) for _ in range(n))


def draft_cookies(response) -> list[str]:
    return [c for c in response.headers.getlist("Set-Cookie") if "draft" in c.split("=")[0]]


def client_on(day: str, **config):
    client = create_app({"TESTING": True, "TODAY": day, **config}).test_client()
    client.token = token(client)
    return client


# --- One limit for the history -------------------------------------------------------------

def with_bills(count: int) -> dict:
    """The seed case, its objection sent, then `count` bills of two weeks each, every
    third with the amount charged."""
    history = [{"type": "objection_sent", "date": "2026-11-25", "delivery": "registered_mail",
                "tracking": "RT 1234 5678 9DE"}]
    for i in range(count):
        first = dt.date(2027, 1, 1) + dt.timedelta(days=14 * i)
        last = first + dt.timedelta(days=13)
        bill = {"type": "bill", "date": (last + dt.timedelta(days=3)).isoformat(),
                "period_from": first.isoformat(), "period_to": last.isoformat()}
        if i % 3 == 1:
            bill["charged"] = "14.50"
        history.append(bill)
    return {**SEED, "history": history}


def test_a_saved_case_with_the_most_events_loads_whole_and_agrees_with_the_api():
    case = with_bills(MAX_EVENTS - 1)
    client = client_on("2029-06-30")
    api = client.post("/api/v1/assessment", json=case, headers={"Accept-Language": "en"})
    assert api.status_code == 200
    claimed = re.fullmatch(r"Claim the refund of (€[\d,.]+) charged above the old price\.",
                           api.json["next_step"]["message"]).group(1)
    response = upload(client, client.token, json.dumps(case).encode())
    assert response.headers["Location"] == "/next?loaded=1"
    page = client.get("/next?lang=en").get_data(as_text=True)
    assert page.count('name="action" value="remove-') == MAX_EVENTS
    assert f"Total to claim: {claimed}<" in page
    assert f"Claim the refund of {claimed} charged above the old price." in page
    # ... and the case it carries on to the letters has every event.
    assert len(json.loads(hidden_case(page))["history"]) == MAX_EVENTS


@pytest.mark.parametrize("lang, text", [
    ("de", "Dieser gespeicherte Fall verzeichnet 61 Ereignisse nach dem Widerspruch; "
           "übernehmen lassen sich höchstens 60."),
    ("en", "This saved case records 61 events after the objection; at most 60 can be kept.")])
def test_more_events_than_the_limit_are_refused_not_dropped(lang, text):
    client = client_on("2029-06-30")
    response = upload(client, client.token, json.dumps(with_bills(MAX_EVENTS)).encode(),
                      f"?lang={lang}")
    assert response.status_code == 422
    assert text in response.get_data(as_text=True)
    assert not draft_cookies(response)


# --- What does not fit is refused where it was typed ---------------------------------------

@pytest.mark.parametrize("typed", ["x" * 20_000, wide(20_000)], ids=["repeated", "random"])
def test_a_field_of_20000_characters_comes_back_with_its_text(client, csrf, telecom_case,
                                                               typed):
    fill(client, telecom_case, csrf)
    response = client.post("/step/you?lang=en", data={
        "csrf_token": csrf, "action": "continue",
        **{k: v for k, v in answers(telecom_case).items() if k.startswith("customer-")},
        "customer-name": typed})
    if response.status_code == 303:
        # It fits into the cookies (it compresses): kept, and shown with its error.
        response = client.get(response.headers["Location"])
    else:
        assert not draft_cookies(response)       # the draft stays as it was
        assert "Your answers are too long to be kept between the pages" in \
            response.get_data(as_text=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'value="{typed}"' in page
    assert "At most 100 characters." in page
    # The other steps' answers are still there.
    assert 'value="Beispiel Telekom GmbH"' in client.get("/step/provider").get_data(as_text=True)


def test_the_random_field_is_refused_in_german_too(client, csrf):
    response = client.post("/step/you", data={"csrf_token": csrf, "action": "continue",
                                              "customer-street": wide(20_000)})
    assert response.status_code == 422
    assert "Ihre Angaben sind zu lang, um sie zwischen den Seiten aufzubewahren" in \
        response.get_data(as_text=True)


def test_an_over_large_saved_case_is_refused_on_the_start_page(client, csrf, telecom_case):
    saved = {**telecom_case, wide(30_000): {"note": "?"}}
    for lang, text in (("de", "Dieser gespeicherte Fall enthält mehr, als Ihr Browser"),
                       ("en", "This saved case holds more than your browser can keep")):
        response = upload(client, csrf, json.dumps(saved).encode(), f"?lang={lang}")
        assert response.status_code == 422
        assert text in response.get_data(as_text=True)
        assert not draft_cookies(response)


def test_a_long_section_no_field_shows_is_named_not_kept(client, csrf, telecom_case):
    saved = {**telecom_case, "notes": {"text": wide(20_000)}}
    response = upload(client, csrf, json.dumps(saved).encode())
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "notes: Unbekanntes Feld" in page and "Erika Mustermann" in page


def test_an_event_that_no_longer_fits_is_refused_where_it_was_typed():
    """A case loaded with the cookies all but full (a long unknown field in the saved
    file, named on the page): recording one more event does not fit."""
    pad = wide(20_000)

    def load(padding: int):
        client = client_on("2027-03-20")
        case = {**SEED, "history": [{"type": "provider_insists", "date": "2027-01-15"}],
                pad[:padding]: {}}
        return client, upload(client, client.token, json.dumps(case).encode())
    low, high = 0, 20_000          # the most padding that still loads
    assert load(low)[1].status_code == 303 and load(high)[1].status_code == 422
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if load(middle)[1].status_code == 303 else (low, middle)
    client, _ = load(low)
    tracking = wide(40)
    response = client.post("/next?lang=en", data={
        "csrf_token": client.token, "action": "objection", "sent-date": "25.11.2026",
        "sent-delivery": "registered_mail", "sent-tracking": tracking})
    assert response.status_code == 422 and not draft_cookies(response)
    page = response.get_data(as_text=True)
    assert "your case is more than your browser can keep between the pages" in page
    assert f'value="{tracking}"' in page
    assert "The provider insists on the new price" in page        # the history as it was


# --- A draft no key can read -----------------------------------------------------------------

def tampered(value: str, at: int) -> str:
    """The cookie with one character changed: in the middle of the encrypted answers, or
    near its end, in the HMAC that authenticates them."""
    at = at % len(value.rstrip("="))
    return value[:at] + ("A" if value[at] != "A" else "B") + value[at + 1:]


@pytest.mark.parametrize("at", [60, -5], ids=["ciphertext", "hmac"])
def test_a_draft_changed_by_one_byte_shows_no_value_and_says_so(client, csrf, telecom_case,
                                                                 at):
    fill(client, telecom_case, csrf)
    assert "Erika Mustermann" in client.get("/step/you").get_data(as_text=True)
    client.set_cookie("draft0", tampered(client.get_cookie("draft0").value, at))
    response = client.get("/step/you?lang=en")
    page = response.get_data(as_text=True)
    assert "Your answers could not be read back, perhaps because the site was updated" in page
    assert "Erika Mustermann" not in page and "Musterstraße" not in page
    # The unreadable cookie is replaced: the next page still says so, then the answers
    # typed from now on are kept.
    assert draft_cookies(response)
    assert "could not be read back" in client.get("/step/notice?lang=en").get_data(as_text=True)


def test_the_notice_follows_a_post_to_the_next_page(client, csrf, telecom_case):
    fill(client, telecom_case, csrf)
    client.set_cookie("draft0", "gAAAAAB-not-a-token")
    response = client.post("/step/you?lang=en", data={"csrf_token": csrf, "action": "continue",
                                                      "customer-name": "Erika Mustermann"})
    assert response.status_code == 303
    page = client.get("/step/wishes?lang=en").get_data(as_text=True)
    assert "could not be read back" in page
    # ... once: the next answer sent, it is gone, and what was typed since is kept.
    client.post("/step/wishes", data={"csrf_token": csrf, "action": "continue"})
    assert "could not be read back" not in client.get("/step/sending?lang=en").get_data(
        as_text=True)
    assert 'value="Erika Mustermann"' in client.get("/step/you").get_data(as_text=True)


def test_the_start_page_says_so_too(client):
    client.set_cookie("draft0", "eyJ2YWx1ZXMiOnt9fQ.forged")      # the signed format of old
    page = client.get("/?lang=de").get_data(as_text=True)
    assert "Ihre bisherigen Angaben ließen sich nicht mehr lesen" in page


# --- Forged drafts ----------------------------------------------------------------------------
# Someone who can set the browser's cookies (a shared computer, a script on a sibling
# site over plain http) but does not hold the secret key tries to plant answers. Every
# forgery carries a value the page must never show; the page starts fresh and says so.

SECRET = "the app's own secret key"
FORGED_NAME = "Mallory Forged"
FORGED = {"values": {"customer-name": FORGED_NAME, "provider-name": "Forged Telecom AG"},
          "errors_for": None, "notices": [], "read": {}, "read_notes": [], "history": [],
          "signature": ""}


def draft_key(secret: str) -> bytes:
    """The draft's Fernet key as the app derives it from its secret key (HKDF-SHA256,
    RFC 5869, see objection/web/draft.py): 16 bytes that sign, then 16 that encrypt.
    test_the_forging_itself_is_sound holds this to the app's own derivation."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"objection/web/draft: Fernet key of the draft cookies, v1"
                ).derive(secret.encode())


def split(key: bytes) -> tuple[bytes, bytes]:
    return key[:16], key[16:]


def compressed(draft: dict) -> bytes:
    """The draft as the app encrypts it: compact JSON, deflated."""
    return zlib.compress(json.dumps(draft, separators=(",", ":")).encode())


def fernet(signing: bytes, encryption: bytes, data: bytes) -> str:
    return Fernet(base64.urlsafe_b64encode(signing + encryption)).encrypt(data).decode()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode()


def unencrypted_frame(data: bytes) -> str:
    """Fernet's framing (version 0x80, time, IV, padded blocks, HMAC) around the plain
    payload: the shape of a token with neither encryption nor a valid signature."""
    padded = data + bytes([16 - len(data) % 16]) * (16 - len(data) % 16)
    return b64(b"\x80" + int(time.time()).to_bytes(8, "big") + bytes(16) + padded + bytes(32))


def the_session_signature(app) -> str:
    """The forged draft signed with the app's own secret key, as Flask signs its session
    cookie (itsdangerous): a valid signature, made for another purpose."""
    return app.session_interface.get_signing_serializer(app).dumps(FORGED)


FORGERIES = {
    "plain JSON": lambda app: json.dumps(FORGED),
    "base64 JSON": lambda app: b64(json.dumps(FORGED).encode()),
    "base64 deflated JSON": lambda app: b64(compressed(FORGED)),
    "Fernet frame, unencrypted": lambda app: unencrypted_frame(compressed(FORGED)),
    # Encrypted with the app's own encryption key, signed with another: only the
    # signature (the HMAC) tells it from a draft the app wrote.
    "signed with another key": lambda app: fernet(
        os.urandom(16), draft_key(SECRET)[16:], compressed(FORGED)),
    "another app's secret key": lambda app: fernet(
        *split(draft_key("another app's secret key")), compressed(FORGED)),
    "the session's signature": the_session_signature,
}


def forged_client(forgery: str):
    app = create_app({"TESTING": True, "TODAY": TODAY, "SECRET_KEY": SECRET})
    client = app.test_client()
    client.set_cookie("draft0", FORGERIES[forgery](app))
    return client


def test_the_forging_itself_is_sound():
    """The same payload under the app's own key, signed with it: read and shown. So the
    forgeries below are refused for what is forged in them, not for a mistake of the
    test's own making."""
    app = create_app({"TESTING": True, "TODAY": TODAY, "SECRET_KEY": SECRET})
    client = app.test_client()
    client.set_cookie("draft0", fernet(*split(draft_key(SECRET)), compressed(FORGED)))
    assert f'value="{FORGED_NAME}"' in client.get("/step/you").get_data(as_text=True)


@pytest.mark.parametrize("forgery", FORGERIES)
def test_a_forged_draft_shows_none_of_its_values_and_the_page_starts_afresh(forgery):
    client = forged_client(forgery)
    response = client.get("/step/you?lang=en")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert FORGED_NAME not in page
    assert "Your answers could not be read back" in page
    assert draft_cookies(response)                        # replaced by an empty draft
    # From now on the draft is empty: nothing forged on any page, the check page sends
    # the user back to the first step.
    assert client.get("/check").status_code == 303
    for path in ("/step/notice", "/step/provider", "/step/you", "/step/sending"):
        body = client.get(path).get_data(as_text=True)
        assert FORGED_NAME not in body and "Forged Telecom AG" not in body


@pytest.mark.parametrize("forgery", ["plain JSON", "signed with another key"])
def test_after_a_forged_draft_only_what_is_typed_is_kept(forgery):
    client = forged_client(forgery)
    client.get("/step/you")
    response = client.post("/step/you", data={"csrf_token": token(client),
                                              "action": "continue",
                                              "customer-name": "Erika Mustermann"})
    assert response.status_code == 303
    page = client.get("/step/you").get_data(as_text=True)
    assert 'value="Erika Mustermann"' in page and FORGED_NAME not in page
    assert "Forged Telecom AG" not in client.get("/step/provider").get_data(as_text=True)


# --- Key rotation -----------------------------------------------------------------------------

def test_a_new_secret_key_still_reads_the_drafts_of_the_previous_one(telecom_case):
    old = create_app({"TESTING": True, "TODAY": TODAY, "SECRET_KEY": "old"}).test_client()
    fill(old, telecom_case, token(old))
    cookie = old.get_cookie("draft0").value
    rotated = create_app({"TESTING": True, "TODAY": TODAY, "SECRET_KEY": "new",
                          "SECRET_KEY_FALLBACKS": ["old"]}).test_client()
    rotated.set_cookie("draft0", cookie)
    assert 'value="Erika Mustermann"' in rotated.get("/step/you").get_data(as_text=True)
    # The next answer is written with the new key, which alone reads it then.
    rotated.set_cookie("session", old.get_cookie("session").value)
    assert rotated.post("/step/you", data={"csrf_token": token(rotated),
                                           "action": "continue"}).status_code == 303
    new_only = create_app({"TESTING": True, "TODAY": TODAY, "SECRET_KEY": "new"}).test_client()
    new_only.set_cookie("draft0", rotated.get_cookie("draft0").value)
    assert 'value="Erika Mustermann"' in new_only.get("/step/you").get_data(as_text=True)
    # Without the old key among the fallbacks, its drafts are lost, and the page says so.
    new_only.set_cookie("draft0", cookie)
    page = new_only.get("/step/you?lang=en").get_data(as_text=True)
    assert "could not be read back" in page and "Erika Mustermann" not in page


def test_the_fallbacks_come_from_the_environment_as_a_json_list(monkeypatch):
    monkeypatch.setenv("OBJECTION_SECRET_KEY", "new")
    monkeypatch.setenv("OBJECTION_SECRET_KEY_FALLBACKS", '["old", "older"]')
    assert create_app({}).config["SECRET_KEY_FALLBACKS"] == ["old", "older"]
    # A plain string would be read letter by letter, each letter a key.
    monkeypatch.setenv("OBJECTION_SECRET_KEY_FALLBACKS", "old")
    with pytest.raises(RuntimeError, match="must be a JSON list of keys"):
        create_app({})


# --- Encrypted, and __Host- over HTTPS --------------------------------------------------------

def test_the_cookies_hold_nothing_readable(client, csrf, telecom_case):
    fill(client, telecom_case, csrf)
    value = "".join(client.get_cookie(f"draft{i}").value for i in range(8)
                    if client.get_cookie(f"draft{i}"))
    assert "Erika" not in value
    # Neither as base64 nor compressed (a signed cookie of itsdangerous is both).
    for part in value.split("."):
        raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        assert b"Erika" not in raw
        with pytest.raises(zlib.error):
            zlib.decompress(raw)


def https(client, method: str, path: str, **kwargs):
    return client.open(path, method=method, base_url="https://localhost",
                       headers={"Referer": "https://localhost/"}, **kwargs)


def test_over_https_the_cookies_are_host_prefixed_and_only_those_are_read(client,
                                                                          telecom_case):
    csrf = re.search(r'name="csrf_token" value="([^"]+)"',
                     https(client, "GET", "/").get_data(as_text=True)).group(1)
    response = https(client, "POST", "/step/you", data={
        "csrf_token": csrf, "action": "continue", "customer-name": "Erika Mustermann"})
    [cookie] = draft_cookies(response)
    assert cookie.startswith("__Host-draft0=")
    attributes = {a.strip().split("=")[0] for a in cookie.split(";")[1:]}
    assert {"Secure", "HttpOnly", "Path"} <= attributes and "Domain" not in attributes
    value = cookie.split(";")[0].split("=", 1)[1]
    assert 'value="Erika Mustermann"' in https(client, "GET", "/step/you").get_data(
        as_text=True)
    # Over HTTPS a plain name is never read, only cleared; over http the reverse.
    secure_only = create_app({"TESTING": True, "TODAY": TODAY}).test_client()
    secure_only.set_cookie("draft0", value)
    response = https(secure_only, "GET", "/step/you")
    assert "Erika Mustermann" not in response.get_data(as_text=True)
    assert any(c.startswith("draft0=;") for c in draft_cookies(response))
    plain = create_app({"TESTING": True, "TODAY": TODAY}).test_client()
    plain.set_cookie("__Host-draft0", value)
    assert "Erika Mustermann" not in plain.get("/step/you").get_data(as_text=True)

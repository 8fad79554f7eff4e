"""What an attack on the deployed app found, each as a test: inputs that gave a 500,
characters that reached the address window, an unbounded error list, a key that died
with the process, cookies and caches over HTTPS, and the Host header."""
import io
import json
import os
import re
import stat

import pytest

from conftest import FIXTURES, load_json
from objection.web import create_app

CASE = load_json(FIXTURES / "telecom.json")
TEXT_FIELDS = [("customer", "name"), ("customer", "street"), ("customer", "city"),
               ("customer", "customer_number"), ("provider", "name"), ("provider", "street"),
               ("contract", "tariff"), ("letter", "place")]


@pytest.fixture
def live(tmp_path):
    """The app as deployed: errors are handled, not raised into the test."""
    app = create_app({"TODAY": "2026-09-05"}, instance_path=str(tmp_path / "instance"))
    return app.test_client()


def token(client, base="") -> str:
    page = client.get(base + "/").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def upload(client, payload: bytes):
    return client.post("/load", content_type="multipart/form-data",
                       data={"csrf_token": token(client),
                             "case_file": (io.BytesIO(payload), "case.json")})


def with_field(section: str, key: str, value) -> dict:
    data = json.loads(json.dumps(CASE))
    data[section][key] = value
    return data


# --- No 500 on any input ------------------------------------------------------------------

@pytest.mark.parametrize("section, key", TEXT_FIELDS)
def test_a_lone_surrogate_is_refused_everywhere(live, section, key):
    body = json.dumps(with_field(section, key, "XMARKX")).replace("XMARKX", "\\ud800")
    api = live.post("/api/v1/letter", data=body, content_type="application/json")
    assert api.status_code == 422 and api.mimetype == "application/problem+json"
    assert [e["pointer"] for e in api.json["errors"]] == [f"/{section}/{key}"]
    for response in (live.post("/review", data={"csrf_token": token(live), "case": body}),
                     live.post("/letter.pdf", data={"csrf_token": token(live), "case": body}),
                     upload(live, body.encode())):
        # The case lands on the answers, the broken character marked, the letter withheld.
        assert response.status_code == 303 and response.headers["Location"].startswith("/check")
        page = live.get("/check").get_data(as_text=True)
        assert "\ufffd" in page and "kein Text" in page
        assert live.get("/result").status_code == 303


@pytest.mark.parametrize("section, key", [("notice", "objection_period"),
                                          ("notice", "date")])
def test_a_lone_surrogate_in_a_field_the_steps_split_is_no_500(live, section, key):
    # Found by the long fuzz run: the period went into the draft cookie unencoded.
    body = json.dumps(with_field(section, key, "XMARKX")).replace("XMARKX", "\\ud800")
    for path in ("/case.json", "/review", "/letter.pdf"):
        response = live.post(path, data={"csrf_token": token(live), "case": body})
        assert response.status_code == 303, path
        assert live.get("/check").status_code == 200


@pytest.mark.parametrize("send", ["api", "review", "upload"])
def test_deeply_nested_json_is_not_json(live, send):
    deep = "[" * 100_000
    if send == "api":
        response = live.post("/api/v1/assessment", data=deep, content_type="application/json")
        assert response.status_code == 400 and response.json["title"] == "Kein JSON"
    elif send == "review":
        response = live.post("/review", data={"csrf_token": token(live), "case": deep})
        assert response.status_code == 303 and response.headers["Location"] == "/check"
    else:
        response = upload(live, deep.encode())
        assert response.status_code == 422
        assert "kein gespeicherter Fall" in response.get_data(as_text=True)


def test_a_saved_case_without_its_optional_sections(live):
    partial = {k: v for k, v in CASE.items() if k not in ("letter", "options", "signature")}
    response = upload(live, json.dumps(partial).encode())
    assert response.status_code == 303
    assert "Erika Mustermann" in live.get("/check").get_data(as_text=True)
    review = live.post("/review", data={"csrf_token": token(live), "case": json.dumps(partial)})
    assert review.status_code == 303 and review.headers["Location"] == "/result"
    assert live.get("/result").status_code == 200


def test_a_saved_period_with_a_lone_surrogate(live):
    # Found by tests/test_fuzz.py: the note that the form cannot show the saved period
    # quoted it as it came, and the draft cookie could not encode it (500).
    body = json.dumps(with_field("notice", "objection_period", "XMARKX")).replace(
        "XMARKX", "\\ud800")
    response = upload(live, body.encode())
    assert response.status_code == 303 and response.headers["Location"].startswith("/check")
    assert "\ufffd" in live.get("/check").get_data(as_text=True)


def test_a_field_in_the_wrong_section(live):
    wrong = json.loads(json.dumps(CASE))
    wrong["notice"]["tariff"] = wrong["contract"].pop("tariff")
    for response in (upload(live, json.dumps(wrong).encode()),
                     live.post("/review", data={"csrf_token": token(live),
                                                "case": json.dumps(wrong)})):
        assert response.status_code == 303
        page = live.get("/check").get_data(as_text=True)
        assert "notice.tariff" in page and "&#39;tariff&#39;" in page


@pytest.mark.parametrize("today", ["9999-12-31", "0001-01-01", "2026-02-30"])
def test_today_out_of_range_is_a_bad_parameter(live, today):
    for path in ("/api/v1/assessment", "/api/v1/letter"):
        response = live.post(f"{path}?today={today}", json=CASE)
        assert response.status_code == 400 and response.json["errors"][0]["parameter"] == "today"


# --- Format characters never reach the letter ---------------------------------------------

@pytest.mark.parametrize("character", ["\u2028", "\u2029", "\u200e", "\u202e", "\x85"])
def test_line_and_format_characters_are_refused(live, character):
    response = live.post("/api/v1/assessment",
                         json=with_field("provider", "street", f"Postfach{character}10 20 30"))
    assert response.status_code == 422
    assert response.json["errors"][0]["pointer"] == "/provider/street"


def test_invisible_characters_from_copying_are_dropped(live):
    pasted = with_field("customer", "name", "Eri\u00adka\u200b Muster\ufeffmann")
    response = live.post("/api/v1/letter?today=2026-09-05&records_sheet=0", json=pasted)
    assert response.status_code == 200
    from conftest import pdf_text
    assert "Erika Mustermann" in pdf_text(response.data)


# --- A bounded error list ---------------------------------------------------------------------

def test_ninety_thousand_unknown_keys_give_twenty_errors_and_a_count(live):
    data = json.loads(json.dumps(CASE))
    data["customer"].update({f"k{i}": 1 for i in range(90_000)})
    body = json.dumps(data, separators=(",", ":"))
    assert len(body) < 1024 * 1024
    response = live.post("/api/v1/assessment", data=body, content_type="application/json",
                         headers={"Accept-Language": "en"})
    assert response.status_code == 422
    errors = response.json["errors"]
    assert len(errors) == 21 and errors[-1]["message"] == "… and 89980 more problems."
    assert len(response.data) < 10_000


# --- The secret key survives a restart ------------------------------------------------------

def test_the_key_is_made_once_and_kept(tmp_path):
    folder = tmp_path / "instance"
    first = create_app({"TESTING": True}, instance_path=str(folder))
    again = create_app({"TESTING": True}, instance_path=str(folder))
    assert first.config["SECRET_KEY"] == again.config["SECRET_KEY"]
    assert stat.S_IMODE(os.stat(folder / "secret_key").st_mode) == 0o600
    # A page served before the restart can still be sent after it.
    client = first.test_client()
    form = token(client)
    cookie = client.get_cookie("session")
    restarted = again.test_client()
    restarted.set_cookie("session", cookie.value)
    response = restarted.post("/review", data={"csrf_token": form, "case": json.dumps(CASE)})
    assert response.status_code == 303 and response.headers["Location"] == "/result"
    # ... and the answers kept in the browser survive the next restart too.
    draft = restarted.get_cookie("draft0").value
    third = create_app({"TESTING": True}, instance_path=str(folder)).test_client()
    third.set_cookie("draft0", draft)
    assert "Erika Mustermann" in third.get("/check").get_data(as_text=True)


def test_a_read_only_deployment_starts(tmp_path, caplog):
    # A folder that cannot be made (its parent is a file) stands for a read-only disk,
    # also for root, whom file modes do not stop.
    blocker = tmp_path / "read-only"
    blocker.write_text("")
    app = create_app({"TESTING": True}, instance_path=str(blocker / "instance"))
    assert len(app.config["SECRET_KEY"]) == 64
    assert "set OBJECTION_SECRET_KEY" in caplog.text


def test_the_key_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("OBJECTION_SECRET_KEY", "from-the-environment")
    app = create_app({}, instance_path=str(tmp_path / "instance"))
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "instance" / "secret_key").exists()


# --- Cookies, caches and hosts ---------------------------------------------------------------

def test_cookies_are_secure_over_https_only(live):
    over_https = live.get("/?lang=en", base_url="https://localhost")
    cookies = over_https.headers.getlist("Set-Cookie")
    assert cookies and all("Secure" in c for c in cookies)
    over_http = live.get("/?lang=de", base_url="http://localhost")
    assert not any("Secure" in c for c in over_http.headers.getlist("Set-Cookie"))


def test_nothing_personal_is_cached(live):
    csrf = token(live)
    responses = [live.post("/review", data={"csrf_token": csrf, "case": json.dumps(CASE)}),
                 live.post("/letter.pdf", data={"csrf_token": csrf, "case": json.dumps(CASE)}),
                 live.post("/reminder.ics", data={"csrf_token": csrf, "case": json.dumps(CASE)}),
                 live.post("/case.json", data={"csrf_token": csrf, "case": json.dumps(CASE)}),
                 live.post("/review", data={"csrf_token": csrf, "customer-name": "Erika"}),
                 live.post("/api/v1/assessment", json=CASE),
                 live.post("/api/v1/letter", json=CASE),
                 live.get("/check"), live.get("/result"), live.get("/step/you")]
    for response in responses:
        assert response.headers["Cache-Control"] == "no-store", response.request.path


def test_an_unknown_host_is_refused(live):
    assert live.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert live.get("/", headers={"Host": "127.0.0.1:5000"}).status_code == 200

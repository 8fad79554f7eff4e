"""Fuzzing the case JSON (API), the saved-case upload, the form and every page that
takes the case back: whatever comes in, no 5xx, no crash; what is accepted is a valid
assessment or a real PDF."""
import copy
import io
import json
import re

from hypothesis import given, settings, strategies as st
from jsonschema import Draft202012Validator

from conftest import FIXTURES, load_json
from objection.fields import is_text
from objection.vocabulary import EVENTS, keys
from objection.web import create_app

EVENT_TYPES = list(keys(EVENTS))

APP = create_app({"TESTING": True, "TODAY": "2026-09-05"})
BASE = load_json(FIXTURES / "telecom.json")
SPEC = APP.test_client().get("/api/v1/openapi.json").json
ASSESSMENT = Draft202012Validator({**SPEC["components"]["schemas"]["Assessment"]})
FIELDS = [(section, key) for section, values in BASE.items() for key in values] + [
    ("notice", "objection_period"), ("letter", "state"), ("signature", "image"),
    ("contract", "basic_supply"), ("provider", "fax")]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False)
    | st.text(max_size=200),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10),
                                                                      children, max_size=4),
    max_leaves=10)
hostile_text = st.one_of(
    st.text(max_size=120),
    st.sampled_from(["<b>x</b>", "{{ 7*7 }}", "{% raw %}", "\u202eevil\u202c", "file:///etc/passwd",
                     "<img src=http://127.0.0.1:9/x>", "url(file:///etc/hostname)",
                     "../../../../etc/passwd", "<svg><image href='file:///etc/passwd'/></svg>",
                     "ş ő ł ß 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀", "\x00", " " * 50, "2026-02-29", "P0D", "-0", "1e309",
                     "\ud800", "a\udfffb", "Post\u2028fach", "\u200b\u00ad\ufeff", "9999-12-31"]))


@st.composite
def mutated_cases(draw, values=json_values):
    case = copy.deepcopy(BASE)
    for section, key in draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=6)):
        case.setdefault(section, {})
        if isinstance(case[section], dict):
            case[section][key] = draw(values | hostile_text)
    if draw(st.booleans()):
        case[draw(st.sampled_from([*BASE, "extra"]))] = draw(json_values)
    if draw(st.booleans()):     # what happened after the objection
        case["history"] = draw(st.lists(st.fixed_dictionaries(
            {"type": st.sampled_from(EVENT_TYPES) | hostile_text,
             "date": st.sampled_from(["2026-09-04", "2026-09-05", "2027-01-01"]) | hostile_text},
            optional={name: values | hostile_text for name in
                      ("delivery", "tracking", "period_from", "period_to", "charged", "kwh",
                       "kwh_new", "paid")}),
            max_size=4) | json_values)
    return case


# Example counts follow the profile (conftest.py): the letter renders a PDF per
# example, so it gets a fifth of the others.
EXAMPLES = settings.default.max_examples


@given(st.one_of(mutated_cases(), json_values))
def test_assessment_never_fails(data):
    response = APP.test_client().post("/api/v1/assessment", data=json.dumps(data),
                                      content_type="application/json")
    assert response.status_code in (200, 422), response.status_code
    if response.status_code == 200:
        ASSESSMENT.validate(response.json)
    else:
        assert response.mimetype == "application/problem+json"
        assert all(e["pointer"].startswith("/") or e["pointer"] == ""
                   for e in response.json["errors"])


@settings(max_examples=max(20, EXAMPLES // 5))
@given(mutated_cases(values=hostile_text))
def test_letter_never_fails_and_loads_nothing(data):
    response = APP.test_client().post("/api/v1/letter?records_sheet=0", json=data)
    assert response.status_code in (200, 422), response.status_code
    if response.status_code == 200:
        assert response.data.startswith(b"%PDF-")
        assert b"/Subtype /Image" not in response.data     # no image unless signed
        assert b"/EmbeddedFile" not in response.data


# What a browser can send: no NUL, no lone surrogates (they cannot be encoded).
form_text = st.one_of(hostile_text.filter(lambda s: "\x00" not in s and is_text(s)),
                      st.just(""))


@settings(max_examples=EXAMPLES // 2)
@given(st.dictionaries(
    st.sampled_from([f"{s}-{k}" for s, k in FIELDS] + [
        "notice-period_kind", "notice-period_number", "notice-period_date",
        "contract-consumer", "options-wish", "action", "return", "case"]),
    form_text, max_size=12),
    st.sampled_from(["/step/notice", "/step/provider", "/step/you", "/step/wishes",
                     "/step/sending", "/review", "/case.json", "/reminder.ics"]))
def test_form_never_fails(fields, path):
    client = APP.test_client()
    response = client.post(path, data={**fields, "csrf_token": _token(client)})
    assert response.status_code in (200, 303, 422), (path, response.status_code)
    # Whatever was posted, every page of the flow shows it as text, never as markup.
    for page in ("/check", "/step/notice", "/step/you", "/result"):
        shown = client.get(page)
        assert shown.status_code in (200, 303, 422), (page, shown.status_code)
        body = shown.get_data(as_text=True)
        for markup in ("<b>x</b>", "<img src=http", "<svg><image"):
            assert markup not in body


def _token(client) -> str:
    page = client.get("/").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


@settings(max_examples=EXAMPLES // 2)
@given(st.one_of(mutated_cases(), json_values))
def test_saved_case_upload_never_fails(data):
    client = APP.test_client()
    response = client.post("/load", content_type="multipart/form-data", data={
        "csrf_token": _token(client),
        "case_file": (io.BytesIO(json.dumps(data).encode()), "case.json")})
    assert response.status_code in (303, 422), response.status_code
    for page in ("/check", "/result"):
        assert client.get(page).status_code in (200, 303)


@settings(max_examples=EXAMPLES // 2)
@given(st.one_of(mutated_cases(), json_values, st.text(max_size=50)),
       st.sampled_from(["/review", "/case.json", "/reminder.ics", "/letter.pdf",
                        "/records.pdf", "/advance-copy.pdf"]))
def test_pages_that_take_the_case_back_never_fail(data, path):
    # The result page carries the case as hidden JSON; a forged or broken one goes back
    # to the answers with its errors, never to a 500.
    client = APP.test_client()
    case = data if isinstance(data, str) else json.dumps(data)
    response = client.post(path, data={"csrf_token": _token(client), "case": case,
                                       "signature-mode": "handwritten"})
    assert response.status_code in (200, 303), (path, response.status_code)
    for page in ("/check", "/result"):
        assert client.get(page).status_code in (200, 303)


NOTICES = sorted((FIXTURES / "notices" / "shared").glob("*.[tpe][xdm][tfl]"))   # txt pdf eml


@st.composite
def mutated_notices(draw):
    """A sample notice (text, e-mail or PDF) with bytes flipped, cut or inserted, under
    its own name or another."""
    path = draw(st.sampled_from(NOTICES))
    data = bytearray(path.read_bytes())
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, max(0, len(data) - 1)))
        action = draw(st.sampled_from(["flip", "cut", "insert"]))
        if action == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif action == "cut":
            del data[at:at + draw(st.integers(1, 2000))]
        else:
            data[at:at] = draw(st.binary(max_size=64) | st.sampled_from(
                [b"/JavaScript", b"/Encrypt", b"\x00" * 8, b"%PDF-", b"=?utf-8?b?", b"\r\n\r\n"]))
    name = draw(st.sampled_from([path.name, "notice.txt", "notice.pdf", "x", ""]))
    return bytes(data), name


@settings(max_examples=max(20, EXAMPLES // 4))
@given(mutated_notices())
def test_reading_a_notice_never_fails(notice):
    data, name = notice
    client = APP.test_client()
    response = client.post("/read", content_type="multipart/form-data", data={
        "csrf_token": _token(client), "notice_file": (io.BytesIO(data), name)})
    assert response.status_code in (303, 422), response.status_code
    for page in ("/step/notice", "/step/provider", "/check"):
        assert client.get(page).status_code in (200, 303, 422)
    response = client.post("/api/v1/notice", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(data), name)})
    assert response.status_code in (200, 422), response.status_code
    if response.status_code == 422:
        assert response.mimetype == "application/problem+json"

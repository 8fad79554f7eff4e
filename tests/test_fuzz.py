"""Fuzzing the case JSON (API), the saved-case upload, the form and every page that
takes the case back: whatever comes in, no 5xx, no crash; what is accepted is a valid
assessment or a real PDF.

The letters are fuzzed with cases that are valid most of the time (`nearly_valid_cases`:
any sector, dates, prices, options and texts that a notice can carry, and now and then
one field broken), so that most examples get through the checks and reach the letter
itself; the other tests throw what is mostly garbage at the same doors. Each test notes
its outcomes as Hypothesis events; to see the shares:

    .venv/bin/python -m pytest tests/test_fuzz.py -p no:cacheprovider --hypothesis-show-statistics
"""
import base64
import copy
import datetime as dt
import io
import json
import re

import pytest
from hypothesis import event, given, settings, strategies as st
from jsonschema import Draft202012Validator

from conftest import CASES, FIXTURES, TODAY, load_json
from objection.deadlines import STATES
from objection.fields import is_text
from objection.vocabulary import DELIVERIES, DIRECT_DEBIT, EVENTS, FORMS, SECTORS, keys
from objection.web import create_app

pytestmark = pytest.mark.slow

EVENT_TYPES = list(keys(EVENTS))

APP = create_app({"TESTING": True, "TODAY": TODAY})
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


# --- Cases that are valid most of the time ---------------------------------------------

# Five real cases to start from (their addresses, tariffs and places), of which
# everything the rules turn on is drawn anew.
BASES = [load_json(path) for path in (
    FIXTURES / "telecom.json", FIXTURES / "hosting_1und1.json", CASES / "energy.json",
    CASES / "insurance.json", CASES / "streaming.json")]
# Valid texts that a template or the PDF could take for something else.
AWKWARD = ["<b>x</b>", "{{ 7*7 }}", "{% raw %}", "file:///etc/passwd",
           "<img src=http://127.0.0.1:9/x>", "url(file:///etc/hostname)", "O'Brien & Söhne",
           "ş ő ł ß 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀", "Müller-Lüdenscheidt", "Straße 1a\u00a0b", "x" * 60]
TEXT_FIELDS = [("customer", "name", 100), ("customer", "street", 100), ("customer", "city", 60),
               ("provider", "name", 100), ("provider", "street", 100),
               ("contract", "tariff", 100), ("letter", "place", 60)]
NOW = dt.date.fromisoformat(TODAY)
# A signature drawn on the result page, as the browser sends it.
SIGNATURE = "data:image/png;base64," + base64.b64encode(
    (FIXTURES / "signature.png").read_bytes()).decode()


def printable(max_size: int) -> st.SearchStrategy[str]:
    """Letters, digits, punctuation, symbols and spaces of any script: what the case
    takes as a name or an address."""
    return st.sampled_from(AWKWARD) | st.text(
        st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]),
        min_size=1, max_size=max_size).filter(lambda s: s.strip() != "" and is_text(s))


def amounts(largest: int, places: int = 2) -> st.SearchStrategy[str]:
    return st.integers(1, largest * 10 ** places).map(
        lambda n: f"{n / 10 ** places:.{places}f}")


def days(first: int, last: int) -> st.SearchStrategy[dt.timedelta]:
    return st.integers(first, last).map(lambda n: dt.timedelta(days=n))


@st.composite
def valid_cases(draw):
    """A case as the steps would collect it: any sector, consumer or business, a notice
    received within the last weeks (today is conftest.TODAY), its prices up or down,
    every choice of what to do and how to send, the letter dated today or on receipt."""
    case = copy.deepcopy(draw(st.sampled_from(BASES)))
    for section, key, size in TEXT_FIELDS:
        if draw(st.booleans()):
            case[section][key] = draw(printable(size))
    sector = draw(st.sampled_from(list(keys(SECTORS))))
    case["contract"].update(sector=sector, consumer=draw(st.booleans()))
    received = NOW - draw(days(0, 45))
    per_kwh = sector == "energy" and draw(st.booleans())
    prices = amounts(1, places=4) if per_kwh else amounts(300)
    case["notice"] = {
        "date": (received - draw(days(0, 5))).isoformat(), "received": received.isoformat(),
        "effective": (received + draw(days(10, 150))).isoformat(),
        "old_price": draw(prices), "new_price": draw(prices), "currency": "EUR",
        "price_unit": "kWh" if per_kwh else draw(st.sampled_from(["month", "quarter", "year"])),
        "required_form": draw(st.sampled_from(list(keys(FORMS)))),
        "names_termination_right": draw(st.booleans())}
    period = draw(st.sampled_from(["P4W", "P6W", "P1M", "P2M", "P30D", None]))
    if period:
        case["notice"]["objection_period"] = period
    wish = draw(st.sampled_from([(True, False), (True, True), (False, True)]))
    case["options"] = {
        "object": wish[0], "terminate_fallback": wish[1],
        "confirmation_days": draw(st.integers(7, 60)), "reserve_refund": draw(st.booleans()),
        "delivery": draw(st.sampled_from(list(keys(DELIVERIES)))),
        "direct_debit": draw(st.sampled_from(list(keys(DIRECT_DEBIT))))}
    case["letter"].update(language=draw(st.sampled_from(["de", "en"])),
                          date=draw(st.sampled_from([NOW, received])).isoformat(),
                          state=draw(st.sampled_from(STATES)))
    case["signature"] = {"mode": "handwritten"}
    return case


@st.composite
def nearly_valid_cases(draw, values=json_values | hostile_text):
    """A valid case, and in one example of eight one of its fields broken: the letter's
    own checks are fuzzed too, most examples reach the letter."""
    case = draw(valid_cases())
    if draw(st.sampled_from([False] * 7 + [True])):
        section, key = draw(st.sampled_from(FIELDS))
        case.setdefault(section, {})[key] = draw(values)
    return case


def mostly(usual: st.SearchStrategy, other: st.SearchStrategy) -> st.SearchStrategy:
    """`usual` in four examples of five, `other` in the fifth (st.one_of draws its
    branches about evenly)."""
    return st.sampled_from([True] * 4 + [False]).flatmap(lambda u: usual if u else other)


def outcome(response) -> str:
    """The example's outcome as a Hypothesis event (--hypothesis-show-statistics)."""
    kind = ("PDF" if response.data.startswith(b"%PDF-") else
            response.mimetype if response.status_code == 200 else str(response.status_code))
    event(f"outcome: {kind}")
    return kind


# Example counts follow the profile (conftest.py): the letter renders a PDF in most
# examples, so it gets a fifth of the others.
EXAMPLES = settings.default.max_examples


@given(st.one_of(nearly_valid_cases(), mutated_cases(), json_values))
def test_assessment_never_fails(data):
    response = APP.test_client().post("/api/v1/assessment", data=json.dumps(data),
                                      content_type="application/json")
    assert response.status_code in (200, 422), response.status_code
    outcome(response)
    if response.status_code == 200:
        ASSESSMENT.validate(response.json)
    else:
        assert response.mimetype == "application/problem+json"
        assert all(e["pointer"].startswith("/") or e["pointer"] == ""
                   for e in response.json["errors"])


@settings(max_examples=max(20, EXAMPLES // 5))
@given(nearly_valid_cases(values=hostile_text))
def test_letter_never_fails_and_loads_nothing(data):
    response = APP.test_client().post("/api/v1/letter?records_sheet=0", json=data)
    assert response.status_code in (200, 422), response.status_code
    outcome(response)
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
@given(st.one_of(nearly_valid_cases(), mutated_cases(), json_values))
def test_saved_case_upload_never_fails(data):
    client = APP.test_client()
    response = client.post("/load", content_type="multipart/form-data", data={
        "csrf_token": _token(client),
        "case_file": (io.BytesIO(json.dumps(data).encode()), "case.json")})
    assert response.status_code in (303, 422), response.status_code
    for page in ("/check", "/result"):
        assert client.get(page).status_code in (200, 303)


# Most examples render a PDF, a calendar or a case file: a quarter of the examples.
@settings(max_examples=EXAMPLES // 4)
@given(mostly(nearly_valid_cases(), st.one_of(mutated_cases(), json_values,
                                               st.text(max_size=50))),
       st.sampled_from(["/letter.pdf", "/records.pdf", "/advance-copy.pdf", "/review",
                        "/case.json", "/reminder.ics"]),
       st.sampled_from([{"signature-mode": "handwritten"},
                        {"signature-mode": "image", "signature-image": SIGNATURE}]))
def test_pages_that_take_the_case_back_never_fail(data, path, signature):
    # The result page carries the case as hidden JSON; a forged or broken one goes back
    # to the answers with its errors, never to a 500.
    client = APP.test_client()
    case = data if isinstance(data, str) else json.dumps(data)
    response = client.post(path, data={"csrf_token": _token(client), "case": case,
                                       **signature})
    assert response.status_code in (200, 303), (path, response.status_code)
    event(f"{path}: {outcome(response)}")
    if response.status_code == 200 and path.endswith(".pdf"):
        assert response.data.startswith(b"%PDF-")
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

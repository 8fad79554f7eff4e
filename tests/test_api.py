"""The JSON API: assessment and letter, problem+json errors with pointers, and an
OpenAPI document that the API's real answers are held to."""
import copy
import json
import subprocess
import sys

import pytest
from jsonschema import Draft202012Validator

from conftest import CASES, FIXTURES, ROOT, load_json, page_count, pdf_text


@pytest.fixture(scope="module")
def spec():
    from objection.web import create_app
    return create_app({"TESTING": True}).test_client().get("/api/v1/openapi.json").json


def schema(spec, name):
    """A component schema with its $refs resolvable."""
    return Draft202012Validator({**spec["components"]["schemas"][name],
                                 "$defs": spec["components"]["schemas"]},
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_openapi_document(spec):
    assert spec["openapi"] == "3.1.0"
    Draft202012Validator.check_schema(spec["components"]["schemas"]["Case"])
    assert set(spec["paths"]) == {"/api/v1/assessment", "/api/v1/letter", "/api/v1/notice",
                                  "/api/v1/openapi.json", "/healthz"}


def test_the_openapi_document_is_valid_openapi_3_1(spec):
    """The whole document against the OpenAPI 3.1 schema (openapi-spec-validator, with
    the schemas it ships: nothing is fetched)."""
    from openapi_spec_validator import OpenAPIV31SpecValidator
    assert [error.message for error in OpenAPIV31SpecValidator(spec).iter_errors()] == []


def test_the_openapi_check_can_fail(spec):
    from openapi_spec_validator import OpenAPIV31SpecValidator
    broken = copy.deepcopy(spec)
    del broken["paths"]["/api/v1/letter"]["post"]["responses"]["200"]["description"]
    broken["paths"]["/api/v1/assessment"]["post"]["parameters"][0]["in"] = "body"
    assert len(list(OpenAPIV31SpecValidator(broken).iter_errors())) >= 2


@pytest.mark.parametrize("path", [FIXTURES / "telecom.json", FIXTURES / "hosting_1und1.json",
                                  FIXTURES / "long_energy.json",
                                  *sorted(CASES.glob("*.json"))])
def test_examples_match_the_case_schema_and_the_api(client, spec, path):
    case = load_json(path)
    schema(spec, "Case").validate(case)
    # Counted from the day the example's letter is dated (its receipt lies before it).
    response = client.post(f"/api/v1/assessment?today={case['letter']['date']}", json=case)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    schema(spec, "Assessment").validate(response.json)


def test_assessment_equals_the_cli(client, telecom_case):
    api = client.post("/api/v1/assessment?today=2026-09-05", json=telecom_case,
                      headers={"Accept-Language": "en"}).json
    cli = subprocess.run([sys.executable, "-m", "objection", "check", "-", "--json",
                          "--today", "2026-09-05", "--lang", "en"], cwd=ROOT,
                         input=json.dumps(telecom_case), capture_output=True, text=True,
                         check=True)
    assert api == json.loads(cli.stdout)
    assert api["objection_deadline"] == "2026-10-01"


def test_messages_follow_accept_language(client, telecom_case):
    telecom_case["notice"]["received"] = "2026-13-01"
    de = client.post("/api/v1/assessment", json=telecom_case,
                     headers={"Accept-Language": "de"}).json
    en = client.post("/api/v1/assessment", json=telecom_case,
                     headers={"Accept-Language": "en"}).json
    assert de["errors"][0]["message"].startswith("Kein gültiges Datum")
    assert en["errors"][0]["message"].startswith("Not a valid date")


def test_letter(client, telecom_case):
    response = client.post("/api/v1/letter", json=telecom_case)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert page_count(response.data) == 1                   # the letter alone by default
    assert "Für Ihre Unterlagen" not in pdf_text(response.data)
    english = client.post("/api/v1/letter?lang=en&records_sheet=0", json=telecom_case)
    assert page_count(english.data) == 1
    assert "Translation for your understanding only" in pdf_text(english.data)


def test_letter_with_the_records_sheet_on_request(client, telecom_case, spec):
    response = client.post("/api/v1/letter?records_sheet=1", json=telecom_case,
                           headers={"Accept-Language": "en"})
    assert response.status_code == 200 and page_count(response.data) == 2
    assert "widerspreche ich hiermit" in pdf_text(response.data, 1, 1)
    assert "For your records" in pdf_text(response.data, 2, 2)    # the reader's language
    # The OpenAPI document states the default the API keeps.
    parameters = spec["paths"]["/api/v1/letter"]["post"]["parameters"]
    records = next(p for p in parameters if p.get("name") == "records_sheet")
    assert records["schema"]["default"] == "0"


def _mutations(spec):
    """For every field of the case schema, a value the schema forbids."""
    props = spec["components"]["schemas"]["Case"]["properties"]
    for section, sub in props.items():
        for name, rule in sub.get("items", sub)["properties"].items():
            rule = rule.get("anyOf", [rule])[0]     # optional: the value, "" or null
            if "enum" in rule:
                bad = "not-a-choice"
            elif rule.get("type") == "boolean":
                bad = "yes"
            elif rule.get("type") == "integer":
                bad = rule["maximum"] + 1
            elif rule.get("format") == "date":
                bad = "2026-02-30"
            elif "maxLength" in rule:
                bad = "x" * (rule["maxLength"] + 1)
            elif "oneOf" in rule:       # money
                bad = "-1"
            else:
                bad = "§§§ not valid §§§"
            yield section, name, bad


def test_every_field_the_schema_forbids_is_refused_with_its_pointer(client, spec,
                                                                    telecom_case):
    validator = schema(spec, "Case")
    count = 0
    for section, name, bad in _mutations(spec):
        case = copy.deepcopy(telecom_case)
        if section == "history":        # a list: one event, valid but for this field
            case["history"] = [{"type": "objection_sent", "date": "2026-09-04",
                                "delivery": "letter", name: bad}]
            pointer = f"/history/0/{name}"
        else:
            case.setdefault(section, {})[name] = bad
            pointer = f"/{section}/{name}"
        assert not validator.is_valid(case), (section, name)
        response = client.post("/api/v1/assessment", json=case)
        assert response.status_code == 422, (section, name, bad)
        assert response.mimetype == "application/problem+json"
        body = response.json
        schema(spec, "Problem").validate(body)
        assert pointer in [e["pointer"] for e in body["errors"]], body
        count += 1
    assert count >= 40


@pytest.mark.parametrize("mutate, pointer", [
    (lambda c: c.update(unknown=1), "/unknown"),
    (lambda c: c["notice"].update(recieved="2026-09-03"), "/notice/recieved"),
    (lambda c: c["notice"].update(old_price=-5), "/notice/old_price"),
    (lambda c: c["notice"].update(new_price=1e12), "/notice/new_price"),
    (lambda c: c["notice"].update(received="2026-02-29"), "/notice/received"),
    (lambda c: c["contract"].update(sector="gas"), "/contract/sector"),
    (lambda c: c["letter"].update(state="Bavaria"), "/letter/state"),
    (lambda c: c.update(notice=[]), "/notice"),
    (lambda c: c["customer"].pop("name"), "/customer/name"),
])
def test_bad_cases(client, telecom_case, mutate, pointer):
    mutate(telecom_case)
    response = client.post("/api/v1/letter", json=telecom_case)
    assert response.status_code == 422
    assert pointer in [e["pointer"] for e in response.json["errors"]]


@pytest.mark.parametrize("body, content_type, status", [
    (b"{not json", "application/json", 400),
    (b"\xff\xfe", "application/json", 400),
    (b"", "application/json", 400),
    (b"[1, 2]", "application/json", 422),
    (b"null", "application/json", 422),
    (b"customer=x", "application/x-www-form-urlencoded", 415),
    (b"{}", "text/plain", 415),
])
def test_bad_bodies(client, spec, body, content_type, status):
    response = client.post("/api/v1/assessment", data=body, content_type=content_type)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    schema(spec, "Problem").validate(response.json)


@pytest.mark.parametrize("query, parameter", [
    ("lang=fr", "lang"), ("records_sheet=2", "records_sheet"), ("today=tomorrow", "today")])
def test_bad_query_parameters(client, telecom_case, query, parameter):
    response = client.post(f"/api/v1/letter?{query}", json=telecom_case)
    assert response.status_code == 400
    assert response.json["errors"][0]["parameter"] == parameter


def test_too_large(client, spec):
    response = client.post("/api/v1/assessment", data=b"x" * (1024 * 1024 + 10),
                           content_type="application/json")
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    schema(spec, "Problem").validate(response.json)


def test_unknown_route_and_method(client, spec):
    missing = client.get("/api/v1/nothing")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    wrong = client.get("/api/v1/letter")
    assert wrong.status_code == 405 and "POST" in wrong.headers["Allow"]
    schema(spec, "Problem").validate(wrong.json)


def test_no_csrf_needed_and_headers_present(client, telecom_case):
    response = client.post("/api/v1/assessment", json=telecom_case)
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_signature_bomb_refused(client, telecom_case):
    import base64
    import io
    from PIL import Image
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, format="PNG", optimize=True)
    telecom_case["signature"] = {"mode": "image", "image": "data:image/png;base64,"
                                 + base64.b64encode(out.getvalue()).decode()}
    response = client.post("/api/v1/letter", json=telecom_case,
                           headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert response.json["errors"][0]["pointer"] == "/signature/image"
    assert "too many pixels" in response.json["errors"][0]["message"]

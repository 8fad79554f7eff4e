"""The pages speak the person's way: state names instead of codes."""
import re

import pytest

from conftest import FIXTURES, load_json, token
from objection.web import create_app
from objection.web.steps import STEPS
from test_assess import make
from test_web import answers, errors_on, fill

SEED = make(load_json(FIXTURES / "hosting_1und1.json"),
            **{"notice.names_termination_right": True})
SEED_TODAY = "2026-11-25"           # the seed's letter is dated that day


@pytest.fixture
def seed_client():
    return create_app({"TESTING": True, "TODAY": SEED_TODAY}).test_client()


def shown(page: str) -> str:
    """What a page says to a person: without the hidden case JSON, scripts, and what was
    typed into its fields (shown as typed)."""
    page = re.sub(r'<input type="hidden"[^>]*>|\svalue="[^"]*"', "", page)
    return re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.S)


# --- State names, file names ---------------------------------------------------------------

@pytest.mark.parametrize("lang, name", [("de", "Rheinland-Pfalz"),
                                        ("en", "Rhineland-Palatinate")])
def test_the_result_names_the_state(seed_client, lang, name):
    fill(seed_client, SEED, token(seed_client), f"?lang={lang}")
    page = shown(seed_client.get(f"/result?lang={lang}").get_data(as_text=True))
    assert name in page and not re.search(r"\bRP\b", page)


@pytest.mark.parametrize("lang, message", [
    ("de", "die Postleitzahl 14467 verrät es nicht sicher: Berlin, Brandenburg."),
    ("en", "the postal code 14467 does not tell it for sure: Berlin, Brandenburg.")])
def test_an_unclear_state_is_asked_by_name(client, telecom_case, csrf, lang, message):
    values = answers(make(telecom_case, **{"provider.postal_code": "14467"}))
    provider = next(step for step in STEPS if step.key == "provider")
    client.post(f"/step/provider?lang={lang}", data={
        "csrf_token": csrf, "action": "continue", **{
            k: v for k, v in values.items() if k in provider.fields}, "letter-state": ""})
    errors = errors_on(client.get(f"/step/provider?lang={lang}"))
    assert any(e.endswith(message) for e in errors), errors

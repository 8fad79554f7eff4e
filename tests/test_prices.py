"""Every price the notice changes (issue 24, points 5 and 6): the case holds a list of
prices, each with its unit; the legacy triple old_price/new_price/price_unit is one of
them and is still read and written; the letters name each price, the refund counts
each, the form takes several rows, and every page shows prices in its own language."""
import datetime as dt
import io
import json
import re
from decimal import Decimal

import pytest
from jsonschema import Draft202012Validator

from conftest import FIXTURES, load_json, pdf_text, token
from objection.assess import assess
from objection.case import CaseError, case_schema, from_dict
from objection.pdf import render_pdf
from objection.refund import refund
from objection.web.steps import STEPS
from test_web import answers, fill, hidden_case
from test_web_input import invalid, shown
from test_web_reader import field_value, marked, read, upload

D = dt.date.fromisoformat
ENERGY_PRICES = [{"name": "Arbeitspreis", "old": "0.2876", "new": "0.3120", "unit": "kWh"},
                 {"name": "Grundpreis", "old": "119.40", "new": "143.40", "unit": "year"}]


def with_prices(prices: list[dict], **contract) -> dict:
    """The telecom fixture with the notice's prices as a list (energy by default)."""
    data = load_json(FIXTURES / "telecom.json")
    for key in ("old_price", "new_price", "price_unit"):
        data["notice"].pop(key)
    data["notice"]["prices"] = prices
    data["contract"].update(contract or {"sector": "energy", "commodity": "electricity",
                                         "tariff": "Strom Treue 24"})
    return data


ENERGY = with_prices(ENERGY_PRICES)


def errors_of(data: dict) -> dict[str, str]:
    with pytest.raises(CaseError) as exc:
        from_dict(data)
    return {e.pointer: e.render("en") for e in exc.value.errors}


# --- The case JSON -----------------------------------------------------------------------

def test_a_legacy_file_loads_as_one_price_and_is_written_as_before(telecom_case):
    case = from_dict(telecom_case)
    [price] = case.notice.prices
    assert (price.name, price.old, price.new, price.unit) == ("", Decimal("19.99"),
                                                              Decimal("29.99"), "month")
    written = case.to_dict()["notice"]
    assert (written["old_price"], written["new_price"], written["price_unit"]) == \
        ("19.99", "29.99", "month")
    assert "prices" not in written
    assert from_dict(case.to_dict()) == case


def test_several_prices_are_written_as_the_list_and_read_back():
    case = from_dict(ENERGY)
    written = case.to_dict()["notice"]
    assert written["prices"] == ENERGY_PRICES
    # the first price where the one price always stood, for older readers of the file
    assert (written["old_price"], written["new_price"], written["price_unit"]) == \
        (ENERGY_PRICES[0]["old"], ENERGY_PRICES[0]["new"], ENERGY_PRICES[0]["unit"])
    assert from_dict(json.loads(json.dumps(case.to_dict()))) == case
    schema = Draft202012Validator(case_schema())
    assert list(schema.iter_errors(case.to_dict())) == []


def test_one_named_price_is_written_as_the_list():
    case = from_dict(with_prices([{"name": "Grundgebühr", "old": "19.99", "new": "24.99"}],
                                 sector="telecom"))
    assert case.to_dict()["notice"]["prices"] == [
        {"name": "Grundgebühr", "old": "19.99", "new": "24.99", "unit": "month"}]


def test_the_triple_beside_the_list_must_repeat_its_first_price():
    data = json.loads(json.dumps(ENERGY))
    data["notice"].update(old_price="0.2876", new_price="0.3120", price_unit="kWh")
    assert from_dict(data) == from_dict(ENERGY)
    data["notice"]["old_price"] = "19.99"
    errors = errors_of(data)
    assert "differ" in errors["/notice/prices"] and "old_price" in errors["/notice/prices"]


@pytest.mark.parametrize("prices, pointer, text", [
    ([{**ENERGY_PRICES[0]}, {**ENERGY_PRICES[1], "old": "abc"}], "/notice/prices/1/old",
     "Not a valid amount"),
    ([{**ENERGY_PRICES[0]}, {"name": "Grundpreis", "old": "119.40"}], "/notice/prices/1/new",
     "Enter the price after the increase."),
    ([{**ENERGY_PRICES[0]}, {**ENERGY_PRICES[1], "name": ""}], "/notice/prices/1/name",
     "Name each price"),
    ([{**ENERGY_PRICES[0], "unit": "week"}], "/notice/prices/0/unit", "Must be one of"),
    ([{**ENERGY_PRICES[0], "colour": "red"}], "/notice/prices/0/colour", "Unknown field"),
    ([], "/notice/prices", "Enter the prices the notice changes."),
    ("0.30", "/notice/prices", "Expected a list of prices"),
    ([ENERGY_PRICES[0]] * 5, "/notice/prices", "At most 4 prices"),
])
def test_bad_prices_are_named_at_their_pointer(prices, pointer, text):
    errors = errors_of(with_prices(prices))
    assert text in errors[pointer], errors


def test_the_api_answers_bad_prices_with_a_problem_at_the_pointer(client):
    data = with_prices([ENERGY_PRICES[0], {**ENERGY_PRICES[1], "new": "-1"}])
    for path in ("/api/v1/assessment", "/api/v1/letter"):
        response = client.post(path + "?today=2026-09-05", json=data,
                               headers={"Accept-Language": "de"})
        assert response.status_code == 422 and \
            response.mimetype == "application/problem+json"
        [error] = response.json["errors"]
        assert error["pointer"] == "/notice/prices/1/new"
        assert "negativ" in error["message"]


def test_the_assessment_gives_the_prices_and_for_one_price_the_pair_as_before(client,
                                                                             telecom_case):
    single = client.post("/api/v1/assessment?today=2026-09-05", json=telecom_case).json
    assert (single["old_price"], single["new_price"], single["price_unit"]) == \
        ("19.99", "29.99", "month")
    assert single["prices"] == [{"name": "", "old": "19.99", "new": "29.99", "unit": "month"}]
    several = client.post("/api/v1/assessment?today=2026-09-05", json=ENERGY).json
    assert several["prices"] == ENERGY_PRICES and "old_price" not in several


# --- The assessment: the increase as a whole ----------------------------------------------

def codes(data: dict) -> list[str]:
    return assess(from_dict(data), D("2026-09-05")).codes


def test_no_warning_when_every_price_rises():
    assert not {"not_an_increase", "price_component_falls"} & set(codes(ENERGY))


def test_a_warning_only_when_no_price_rises():
    lower = [{**p, "new": p["old"]} for p in ENERGY_PRICES]
    assert "not_an_increase" in codes(with_prices(lower))
    falling = [ENERGY_PRICES[0], {**ENERGY_PRICES[1], "new": "99.00"}]
    assert "not_an_increase" not in codes(with_prices(falling))
    [note] = [w for w in assess(from_dict(with_prices(falling)), D("2026-09-05")).warnings
              if w.code == "price_component_falls"]
    assert note.severity == "info" and "Grundpreis" in note.message.render("en")


# --- The letters --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def energy_pdfs() -> dict[str, str]:
    case = from_dict(ENERGY)
    a = assess(case, D("2026-09-05"))
    return {lang: " ".join(pdf_text(render_pdf(case, a, lang=lang, records=False)).split())
            for lang in ("de", "en")}


def test_the_letter_objects_to_the_increase_as_a_whole_and_names_each_price(energy_pdfs):
    de, en = energy_pdfs["de"], energy_pdfs["en"]
    assert ("den Preis für meinen Tarif „Strom Treue 24“ zum 1. November 2026 zu erhöhen: "
            "Arbeitspreis von 28,76 ct/kWh auf 31,20 ct/kWh und Grundpreis von 119,40 € "
            "jährlich auf 143,40 € jährlich.") in de
    assert "Dieser Preiserhöhung widerspreche ich hiermit." in de
    assert ("den bisherigen Preis von 28,76 ct/kWh (Arbeitspreis) und 119,40 € jährlich "
            "(Grundpreis)") in de
    assert ("will rise as of 1 November 2026: Arbeitspreis from 28.76 ct/kWh to 31.20 "
            "ct/kWh and Grundpreis from €119.40 per year to €143.40 per year.") in en
    assert "0,2876" not in de and "0.2876" not in en    # per kWh in cents


def test_a_reminder_quotes_each_price():
    case = from_dict({**ENERGY, "history": [
        {"type": "objection_sent", "date": "2026-09-05", "delivery": "registered_mail"}]},
        D("2026-10-20"))
    a = assess(case, D("2026-10-20"))
    text = " ".join(pdf_text(render_pdf(case, a, lang="de", today=D("2026-10-20"),
                                        kind="reminder")).split())
    assert ("(zum 1. November 2026: Arbeitspreis von 28,76 ct/kWh auf 31,20 ct/kWh und "
            "Grundpreis von 119,40 € jährlich auf 143,40 € jährlich)") in text


def test_a_single_price_reads_as_before(telecom_case):
    case = from_dict(telecom_case)
    text = " ".join(pdf_text(render_pdf(case, assess(case, D("2026-09-05")),
                                        records=False)).split())
    assert "„DSL 100“ zum 1. November 2026 von 19,99 € monatlich auf 29,99 € monatlich zu " \
        "erhöhen." in text


# --- The refund counts each price ---------------------------------------------------------

def test_the_refund_counts_each_price_by_its_unit():
    # November 2026, all at the new prices: 300 kWh x (0.3120 - 0.2876) = 7.32, and a
    # twelfth of (143.40 - 119.40) = 2.00; owed 300 x 0.2876 + 119.40 / 12 = 96.23.
    case = from_dict({**ENERGY, "history": [
        {"type": "objection_sent", "date": "2026-09-05", "delivery": "registered_mail"},
        {"type": "bill", "date": "2026-12-03", "period_from": "2026-11-01",
         "period_to": "2026-11-30", "kwh": "300"}]}, D("2026-12-10"))
    [item] = refund(case, D("2026-12-10")).items
    assert item.owed == Decimal("96.23") and item.charged == Decimal("105.55")
    assert item.excess == Decimal("9.32")
    assert item.per_kwh and item.per_period and item.kwh == 300
    text = " ".join(pdf_text(render_pdf(case, assess(case, D("2026-12-10")), lang="de",
                                        today=D("2026-12-10"), kind="refund")).split())
    assert "bisherige Preis von 28,76 ct/kWh (Arbeitspreis) für jede abgerechnete kWh" in text
    assert "bisherige Preis von 119,40 € jährlich (Grundpreis) für jedes volle Jahr" in text
    assert "(1 Monat; 300 kWh): 105,55 €* − 96,23 € = 9,32 €" in text


def test_a_bill_half_before_the_change_splits_each_price_by_days():
    # 15 of 30 days at the new prices: 7.32 / 2 + 2.00 / 2 = 4.66.
    case = from_dict({**ENERGY, "notice": {**ENERGY["notice"], "effective": "2026-11-16"},
                      "history": [
        {"type": "objection_sent", "date": "2026-09-05", "delivery": "registered_mail"},
        {"type": "bill", "date": "2026-12-03", "period_from": "2026-11-01",
         "period_to": "2026-11-30", "kwh": "300"}]}, D("2026-12-10"))
    [item] = refund(case, D("2026-12-10")).items
    assert item.excess == Decimal("4.66") and item.split_by_days


# --- The form -----------------------------------------------------------------------------

def notice_values(case: dict) -> dict[str, str]:
    return {k: v for k, v in answers(case).items() if k in STEPS[0].fields}


def post_notice(client, lang: str, values: dict) -> str:
    client.post(f"/step/notice?lang={lang}", data={"csrf_token": token(client),
                                                  "action": "continue", **values})
    return client.get(f"/step/notice?lang={lang}").get_data(as_text=True)


def test_the_form_takes_several_rows_and_leaves_empty_ones_out(client):
    fill(client, ENERGY, token(client))
    values = notice_values(ENERGY)
    # The standing charge typed in the third row, the second left empty (a browser
    # sends its empty fields).
    for part in ("name", "old", "new", "unit"):
        values[f"notice-price_2_{part}"] = values[f"notice-price_1_{part}"]
        values[f"notice-price_1_{part}"] = "" if part != "unit" else "month"
    values.update({"notice-price_0_old": "0,2876", "notice-price_0_new": "0,312",
                   "notice-price_2_old": "119,40", "notice-price_2_new": "143,40"})
    page = post_notice(client, "de", values)
    assert not re.search(r'class="error"', page)
    case = from_dict(json.loads(hidden_case(client.get("/result").get_data(as_text=True))))
    assert [(p.name, p.old, p.new, p.unit) for p in case.notice.prices] == [
        ("Arbeitspreis", Decimal("0.2876"), Decimal("0.312"), "kWh"),
        ("Grundpreis", Decimal("119.40"), Decimal("143.40"), "year")]
    # Emptying a row removes its price.
    for part in ("name", "old", "new"):
        values[f"notice-price_2_{part}"] = ""
    values["notice-price_0_name"] = ""
    post_notice(client, "de", values)
    case = from_dict(json.loads(hidden_case(client.get("/result").get_data(as_text=True))))
    assert [(p.name, p.unit) for p in case.notice.prices] == [("", "kWh")]


@pytest.mark.parametrize("lang, message", [
    ("de", "Bitte als Zahl angeben"), ("en", "Write it as a number")])
def test_an_error_is_tied_to_its_row_and_keeps_everything_typed(client, lang, message):
    values = notice_values(ENERGY)
    for part in ("name", "old", "new", "unit"):
        values[f"notice-price_3_{part}"] = values.pop(f"notice-price_1_{part}")
    values.update({"notice-price_3_new": "viel", "notice-price_0_name": ""})
    page = post_notice(client, lang, values)
    assert invalid(page, "notice-price_3_new")
    assert invalid(page, "notice-price_0_name")           # several prices: each named
    assert not invalid(page, "notice-price_3_old")
    error = re.search(r'id="notice-price_3_new-error"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert message in error
    assert field_value(page, "notice-price_3_new") == "viel"
    assert field_value(page, "notice-price_3_name") == "Grundpreis"
    assert field_value(page, "notice-price_3_old") == ("119,40" if lang == "de" else "119.40")
    assert "<details class=\"more-prices\" open>" in page


# --- Every page in its language (point 6) ---------------------------------------------

DOT_AMOUNT = re.compile(r"(?<![\d.,])\d{1,7}\.\d{2,4}(?![\d.,]?\d)")


def load(client, data: dict) -> None:
    response = client.post("/load", content_type="multipart/form-data",
                           data={"csrf_token": token(client), "case_file": (
                               io.BytesIO(json.dumps(data).encode()), "case.json")})
    assert response.status_code == 303


@pytest.mark.parametrize("data", [ENERGY, load_json(FIXTURES / "telecom.json")],
                         ids=["energy", "telecom"])
def test_a_german_page_never_shows_a_dot_amount(client, data):
    load(client, data)
    for path in ("/step/notice", "/check", "/result"):
        page = client.get(path + "?lang=de").get_data(as_text=True)
        visible = re.sub(r'<input type="hidden"[^>]*>|<script[^>]*>.*?</script>', "", page,
                         flags=re.S)
        assert not DOT_AMOUNT.search(visible), (path, DOT_AMOUNT.findall(visible))


def test_german_and_english_pages_show_each_price_their_way(client):
    load(client, ENERGY)
    notice = client.get("/step/notice?lang=de").get_data(as_text=True)
    assert field_value(notice, "notice-price_0_old") == "0,2876"
    assert field_value(notice, "notice-price_1_new") == "143,40"
    check = shown(client.get("/check?lang=de").get_data(as_text=True))
    assert "<dt>Arbeitspreis</dt><dd>von 28,76\u00a0ct/kWh auf 31,20\u00a0ct/kWh" in check
    assert "<dt>Grundpreis</dt><dd>von 119,40\u00a0€ jährlich auf 143,40\u00a0€ jährlich" \
        in check
    result = client.get("/result?lang=de").get_data(as_text=True)
    assert "Grundpreis: von 119,40\u00a0€ jährlich auf 143,40\u00a0€ jährlich" in result
    english = client.get("/result?lang=en").get_data(as_text=True)
    assert "Arbeitspreis: from 28.76\u00a0ct/kWh to 31.20\u00a0ct/kWh" in english
    assert field_value(client.get("/step/notice?lang=en").get_data(as_text=True),
                       "notice-price_1_old") == "119.40"


def test_the_reader_fills_both_energy_prices_into_the_form(client, csrf):
    read(client, csrf, notice_file=upload(FIXTURES / "notices" / "shared" /
                                          "beispieltal-strom.pdf"))
    page = client.get("/step/notice?lang=de").get_data(as_text=True)
    assert [field_value(page, f"notice-price_{row}_{part}") for row in (0, 1)
            for part in ("name", "old", "new")] == \
        ["Arbeitspreis", "0,2876", "0,3011", "Grundpreis", "119,40", "137,40"]
    assert {"notice-price_0_old", "notice-price_1_new"} <= set(marked(page))
    visible = re.sub(r'<input type="hidden"[^>]*>|<script[^>]*>.*?</script>', "", page,
                     flags=re.S)
    assert not DOT_AMOUNT.search(visible)

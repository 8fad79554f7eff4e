"""What happened next? in the web app: recording the objection, the provider's answer,
the bills and the letters sent, with every error at its field and what was typed kept;
the next step, the refund, the later letters, the calendar and the saved case."""
import io
import json
import re

import pytest
from icalendar import Calendar

from conftest import FIXTURES, pdf_text
from objection.web import create_app
from test_web import hidden_case

SEED = json.loads((FIXTURES / "hosting_1und1.json").read_text(encoding="utf-8"))
SEED["notice"]["names_termination_right"] = False


@pytest.fixture
def later():
    """A client on 20 March 2027 with the seed case (objection of 25.11.2026) loaded."""
    client = create_app({"TESTING": True, "TODAY": "2027-03-20"}).test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get("/").get_data(as_text=True)).group(1)
    client.post("/load", content_type="multipart/form-data", data={
        "csrf_token": token, "case_file": (io.BytesIO(json.dumps(SEED).encode()), "c.json")})
    client.token = token
    return client


def record(client, action, lang="en", **fields):
    return client.post(f"/next?lang={lang}", data={"csrf_token": client.token,
                                                   "action": action, **fields})


def page(client, lang="en") -> str:
    return client.get(f"/next?lang={lang}").get_data(as_text=True)


BILLS = {"bill-0-date": "05.01.2027", "bill-0-from": "01.01.2027", "bill-0-to": "31.01.2027",
         "bill-1-date": "05.02.2027", "bill-1-from": "01.02.2027", "bill-1-to": "28.02.2027",
         "bill-1-charged": "29,99",
         "bill-2-date": "05.03.2027", "bill-2-from": "01.03.2027", "bill-2-to": "31.03.2027"}


def later_letter(client, text: str, kind: str):
    """The letter of that kind, downloaded with the case the page carries."""
    return client.post("/letter.pdf", data={"csrf_token": client.token,
                                            "case": hidden_case(text),
                                            "signature-mode": "handwritten",
                                            "letter_type": kind})


def test_the_result_page_leads_there(later):
    result = later.get("/result?lang=en").get_data(as_text=True)
    assert 'href="/next"' in result and "What happened next?" in result


def test_first_the_objection_is_recorded(later):
    assert "Record first when and how you sent your objection." in page(later)
    assert 'value="25.11.2026"' in page(later)       # the letter's date, offered
    response = record(later, "objection", **{"sent-date": "25.11.2026",
                                              "sent-delivery": "registered_mail",
                                              "sent-tracking": "RT 1234 5678 9DE"})
    assert response.status_code == 303
    text = page(later)
    assert "I sent my objection" in text and "RT 1234 5678 9DE" in text
    assert "No answer by Wed, 9 Dec 2026: send the reminder." in text


def test_three_bills_give_the_refund_and_its_letter(later):
    record(later, "objection", **{"sent-date": "25.11.2026",
                                   "sent-delivery": "registered_mail"})
    assert record(later, "bills", **BILLS).status_code == 303
    text = page(later)
    assert "Total to claim: €30.00" in text
    assert text.count("difference €10.00") == 3
    assert "Claim the refund of €30.00 charged above the old price." in text
    pdf = later_letter(later, text, "refund")
    assert pdf.status_code == 200
    assert pdf.headers["Content-Disposition"].endswith("refund-claim.pdf")      # English page
    letter = " ".join(pdf_text(pdf.data).split())
    assert "Gesamtbetrag: 30,00 €" in letter and letter.count("− 19,99 € = 10,00 €") == 3
    # The saved case keeps the history; loaded again it opens here.
    saved = later.post("/case.json", data={"csrf_token": later.token,
                                           "case": hidden_case(text)}).json
    assert [e["type"] for e in saved["history"]] == ["objection_sent", "bill", "bill", "bill"]
    assert saved["history"][2]["charged"] == "29.99"
    response = later.post("/load", content_type="multipart/form-data", data={
        "csrf_token": later.token,
        "case_file": (io.BytesIO(json.dumps(saved).encode()), "case.json")})
    assert response.headers["Location"] == "/next?loaded=1"


def test_errors_are_tied_to_their_field_and_the_input_kept(later):
    record(later, "objection", **{"sent-date": "25.11.2026",
                                   "sent-delivery": "registered_mail"})
    bills = {**BILLS, "bill-1-to": "31.01.2027", "bill-2-date": "05.04.2027",
             "bill-0-from": "32.01.2027"}
    response = record(later, "bills", **bills)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    errors = dict(re.findall(r'<li><a href="#([^"]+)">([^<]+)</a>', text))
    assert errors == {
        "bill-0-from": "Enter a real date as day, month and year, for example 23.11.2026."}
    # Every value typed is still in its field.
    for name, value in bills.items():
        assert re.search(rf'name="{name}" value="{re.escape(value)}"', text), name
    response = record(later, "bills", **{**bills, "bill-0-from": "01.01.2027"})
    errors = dict(re.findall(r'<li><a href="#([^"]+)">([^<]+)</a>',
                             response.get_data(as_text=True)))
    assert errors == {
        "bill-1-to": "The last day the bill covers cannot be before its first day.",
        "bill-2-date": "This day cannot be in the future (today is Sat, 20 Mar 2027)."}
    assert "A bill charged the higher price" not in page(later)     # nothing recorded
    german = record(later, "bills", lang="de", **{**bills, "bill-0-from": "01.01.2027"})
    assert "Dieser Tag kann nicht in der Zukunft liegen" in german.get_data(as_text=True)


def test_the_providers_answer_then_the_reply_and_removing_an_event(later):
    record(later, "objection", **{"sent-date": "25.11.2026",
                                   "sent-delivery": "registered_mail"})
    record(later, "answer", **{"answer-date": "15.01.2027"})
    text = page(later)
    assert "Reply to the provider&#39;s letter of Fri, 15 Jan 2027." in text
    assert 'name="letter_type" value="reply"' in text
    pdf = later_letter(later, text, "reply")
    assert "Ich halte an meinem Widerspruch vom 25. November 2026 fest" in \
        " ".join(pdf_text(pdf.data).split())
    record(later, "letter", **{"letter-event": "reply_sent", "letter-date": "18.01.2027"})
    assert "No satisfactory answer by" in page(later)
    assert record(later, "remove-1").status_code == 303        # the answer
    text = page(later)
    assert "The provider insists on the new price</td>" not in text
    assert 'name="letter_type" value="reply"' not in text


def errors_of(response) -> dict[str, str]:
    return dict(re.findall(r'<li><a href="#([^"]+)">([^<]+)</a>',
                           response.get_data(as_text=True)))


def test_a_threat_to_block_then_its_reply_and_the_providers_termination(later):
    record(later, "objection", **{"sent-date": "25.11.2026",
                                   "sent-delivery": "registered_mail"})
    # Errors at their fields, in the user's language, with what was typed kept.
    response = record(later, "demand", **{"demand-date": "", "demand-demand": "block",
                                          "demand-amount": "30,00"})
    assert response.status_code == 422
    assert errors_of(response) == {"demand-date": "Enter the date."}
    text = response.get_data(as_text=True)
    assert 'name="demand-amount" value="30,00"' in text
    assert '<option value="block" selected>' in text
    assert record(later, "demand", **{"demand-date": "10.03.2027", "demand-demand": "block",
                                      "demand-amount": "30,00"}).status_code == 303
    text = page(later)
    assert "A threat to block the line or service, €30.00" in text
    assert "Reply at once to the provider&#39;s letter of Wed, 10 Mar 2027" in text
    pdf = later_letter(later, text, "demand")
    assert pdf.headers["Content-Disposition"].endswith("reply-to-dunning-letter.pdf")
    letter = " ".join(pdf_text(pdf.data).split())
    assert "Sie fordern darin 30,00 €." in letter and "(§ 320 BGB)" in letter
    record(later, "letter", **{"letter-event": "demand_reply_sent",
                               "letter-date": "11.03.2027"})
    assert "Reply at once" not in page(later)

    response = record(later, "termination", lang="de", **{
        "termination-date": "15.03.2027", "termination-ends": "14.03.2027"})
    assert errors_of(response) == {
        "termination-ends": "Der Vertrag kann nicht enden, bevor Ihnen die Kündigung "
                            "zugegangen ist."}
    assert 'name="termination-date" value="15.03.2027"' in response.get_data(as_text=True)
    record(later, "termination", **{"termination-date": "15.03.2027",
                                    "termination-ends": "30.04.2027"})
    text = page(later)
    # Hosting: no statutory limit; the facts for switching, and no letter to contest.
    assert "your contract ends on Fri, 30 Apr 2027" in text
    assert "ask for the auth codes now" in text
    assert 'name="letter_type" value="termination"' not in text


def test_what_a_form_lacks_is_asked_at_its_input_in_the_pages_language(later):
    """The page's own questions (no bill filled in, no letter chosen) at the input that
    answers them, in the page's language, with the rest typed kept; nothing recorded."""
    record(later, "objection", **{"sent-date": "25.11.2026",
                                   "sent-delivery": "registered_mail"})
    response = record(later, "bills", lang="de", **{"bill-1-paid": " "})
    assert response.status_code == 422
    assert errors_of(response) == {"bill-0-date": "Füllen Sie mindestens eine Zeile aus."}
    response = record(later, "letter", lang="de", **{"letter-event": "nonsense",
                                                      "letter-date": "31.02.2027"})
    errors = errors_of(response)
    assert errors["letter-event"] == "Wählen Sie, welches Schreiben Sie geschickt haben."
    assert list(errors) == ["letter-event", "letter-date"]
    assert 'name="letter-date" value="31.02.2027"' in response.get_data(as_text=True)
    response = record(later, "nothing-of-the-page")
    assert response.status_code == 422
    assert "<li>Choose what to record.</li>" in response.get_data(as_text=True)
    assert page(later).count('value="remove-') == 1        # the objection only


def test_a_letter_that_cannot_be_written_yet_is_refused(later):
    record(later, "objection", **{"sent-date": "25.11.2026",
                                   "sent-delivery": "registered_mail"})
    text = page(later)
    response = later_letter(later, text, "refund")
    assert response.status_code == 303 and response.headers["Location"] == "/next"
    assert "Record the bills that charged the higher price." in page(later)


def test_the_calendar_has_the_next_step_and_the_limitation(later):
    record(later, "objection", **{"sent-date": "25.11.2026",
                                   "sent-delivery": "registered_mail"})
    record(later, "bills", **BILLS)
    ics = later.post("/reminder.ics?lang=en", data={"csrf_token": later.token,
                                                    "case": hidden_case(page(later))})
    events = {str(e["summary"]): e for e in Calendar.from_ical(ics.data).walk("VEVENT")}
    step = events["Next step with Beispiel Internet SE"]
    assert step.decoded("dtstart").isoformat() == "2027-03-20"
    limit = events["Refund claims against Beispiel Internet SE become time-barred tonight"]
    assert limit.decoded("dtstart").isoformat() == "2030-12-31"


def test_without_a_complete_case_the_page_sends_to_the_answers():
    client = create_app({"TESTING": True}).test_client()
    assert client.get("/next").headers["Location"] == "/check"


def _overdue(year: int) -> dict:
    """The seed case a year earlier or as it is: the refund of one month claimed on the
    first Monday of February, with a payment date two weeks on."""
    shift = {2026: ("2025-11-18", "2025-11-20", "2026-01-01", "2025-11-25", "2026-02-02"),
             2027: ("2026-11-18", "2026-11-20", "2027-01-01", "2026-11-25", "2027-02-01")}
    notice, received, effective, sent, claimed = shift[year]
    case = json.loads(json.dumps(SEED))
    case["notice"].update(date=notice, received=received, effective=effective)
    case["letter"]["date"] = sent
    case["history"] = [
        {"type": "objection_sent", "date": sent, "delivery": "registered_mail"},
        {"type": "bill", "date": f"{year}-01-05", "period_from": f"{year}-01-01",
         "period_to": f"{year}-01-31"},
        {"type": "refund_claimed", "date": claimed}]
    return case


@pytest.mark.parametrize("year, today, expected", [
    # Claimed Mon 2.2.2026, due Mon 16.2.; default from 17.2. to 20.5.2026: 93 days at
    # 1.27 + 5 = 6.27 % on 10.00: 10 x 0.0627 x 93/365 = 0.1598 -> 0.16.
    (2026, "2026-05-20", "Default interest from Tue, 17 Feb 2026 to today: €0.16"),
    # Claimed Mon 1.2.2027, due Mon 15.2.; the base rate from 1 January 2027 is not in the
    # table: the interest is named, not computed.
    (2027, "2027-03-20", "Default interest runs from Tue, 16 Feb 2027"),
])
def test_an_overdue_refund_shows_the_default_interest(year, today, expected):
    client = create_app({"TESTING": True, "TODAY": today}).test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get("/").get_data(as_text=True)).group(1)
    client.post("/load", content_type="multipart/form-data", data={
        "csrf_token": token,
        "case_file": (io.BytesIO(json.dumps(_overdue(year)).encode()), "c.json")})
    text = client.get("/next?lang=en").get_data(as_text=True)
    assert expected in text
    assert "The refund was due by" in text


def test_amounts_and_dates_typed_the_pages_way(later):
    """An amount by the rules of the page's language, an ambiguous one or an ambiguous
    date asked at its field, with what was typed kept."""
    response = record(later, "objection", **{"sent-date": "11/12/2026",
                                              "sent-delivery": "registered_mail"})
    assert errors_of(response) == {"sent-date": "“11/12/2026” could be Fri, 11 Dec 2026 or "
                                                "Thu, 12 Nov 2026. Please write the date with "
                                                "dots, day first, such as 11.12.2026."}
    record(later, "objection", **{"sent-date": "25.11.2026", "sent-delivery": "registered_mail"})
    demand = {"demand-date": "10.03.2027", "demand-demand": "dunning"}
    response = record(later, "demand", lang="de", **demand, **{"demand-amount": "1,234"})
    assert response.status_code == 422
    assert errors_of(response)["demand-amount"].startswith("„1,234“ ist nicht eindeutig")
    assert 'name="demand-amount" value="1,234"' in response.get_data(as_text=True)
    assert record(later, "demand", lang="de", **demand,
                  **{"demand-amount": "1.234,56 €"}).status_code == 303
    assert "A dunning letter, €1,234.56" in page(later)

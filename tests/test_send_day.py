"""Every date agrees: the result page asks the day the user will send the letter (today
by default, never after the last day to send), the letter is dated that day, and the
answer it asks for, the calendar and the saved case follow from it; the command line
does the same for a letter dated long ago.

The telecom case (tests/fixtures/telecom.json): received Thu 3 Sept 2026, four weeks,
deadline Thu 1 Oct 2026, by Einwurf-Einschreiben the last day to send Sat 26 Sept 2026;
today is Sat 5 Sept 2026 (conftest.TODAY).
"""
import datetime as dt
import io
import json
import re
import subprocess
import sys

import pytest
from icalendar import Calendar

from conftest import ROOT, pdf_text
from objection.web import create_app
from test_assess import make
from test_web import download, hidden_case, result_page


def send_on(client, csrf, day: str, lang: str = "de"):
    return client.post(f"/result/date?lang={lang}",
                       data={"csrf_token": csrf, "letter-date": day})


def events(ics: bytes) -> dict[str, dt.date]:
    return {str(e["UID"]).split("-")[0]: e["DTSTART"].dt
            for e in Calendar.from_ical(ics).walk("VEVENT")}


def test_the_chosen_day_dates_the_letter_and_every_date_follows(client, telecom_case, csrf):
    result_page(client, telecom_case, csrf)
    response = send_on(client, csrf, "14.09.2026")
    assert response.status_code == 303 and response.headers["Location"].endswith("#send-day")
    page = client.get("/result").get_data(as_text=True).replace("\xa0", " ")
    assert re.search(r'id="letter-date"[^>]*value="14.09.2026"', page)
    assert json.loads(hidden_case(page))["letter"]["date"] == "2026-09-14"
    # Mon 14.09. + 14 days = Mon 28.09.; arrival after four postal days Fri 18.09. + a
    # week = 25.09.: the later day. The page's to-do list says the same.
    assert "bis zum 28. September 2026 in Textform" in page
    assert "Schicken Sie es am Mo., 14. Sept. 2026, dem Datum des Schreibens" in page
    letter = pdf_text(download(client, "/letter.pdf", page, csrf).data, 1, 1)
    assert ", 14.09.2026" in letter and "bis zum 28. September 2026 in Textform" in letter
    calendar = events(download(client, "/reminder.ics", page, csrf).data)
    assert calendar["send"] == dt.date(2026, 9, 14)
    assert calendar["answer"] == dt.date(2026, 9, 29)           # the day after it
    assert calendar["send"] < calendar["answer"] and calendar["deadline"] == dt.date(2026, 10, 1)
    saved = json.loads(download(client, "/case.json", page, csrf).data)
    assert saved["letter"]["date"] == "2026-09-14"


@pytest.mark.parametrize("lang, day, message", [
    ("de", "28.09.2026", "Schicken Sie es spätestens am Sa., 26. Sept. 2026 ab"),
    ("en", "28.09.2026", "Send it by Sat, 26 Sept 2026 at the latest"),
    ("de", "04.09.2026", "heute (Sa., 5. Sept. 2026) oder einen späteren Tag"),
    ("en", "04.09.2026", "today (Sat, 5 Sept 2026) or a later day"),
    ("en", "01.09.2026", "cannot be dated before you received the notice"),
    ("de", "31.02.2026", "gültiges Datum"),
    ("en", "next week", "Enter a real date"),
])
def test_a_day_that_cannot_be_used_is_explained_and_kept(client, telecom_case, csrf, lang,
                                                         day, message):
    result_page(client, telecom_case, csrf)
    response = send_on(client, csrf, day, lang)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(r'<p class="error" id="letter-date-error"[^>]*>(.*?)</p>', page, re.S)
    assert error and message in error.group(1)
    assert re.search(rf'id="letter-date"[^>]*value="{re.escape(day)}"[^>]*aria-invalid="true"',
                     page)
    # Nothing was saved: the page still offers today.
    assert 'value="05.09.2026"' in client.get("/result").get_data(as_text=True)


def test_the_downloads_use_the_day_in_the_field(client, telecom_case, csrf):
    page = result_page(client, telecom_case, csrf)
    letter = download(client, "/letter.pdf", page, csrf, **{"letter-date": "21.09.2026"})
    assert ", 21.09.2026" in pdf_text(letter.data, 1, 1)
    calendar = events(download(client, "/reminder.ics", page, csrf,
                               **{"letter-date": "21.09.2026"}).data)
    assert calendar["send"] == dt.date(2026, 9, 21)
    refused = download(client, "/letter.pdf", page, csrf, **{"letter-date": "30.09.2026"})
    assert refused.status_code == 422 and refused.mimetype == "text/html"
    assert 'value="30.09.2026"' in refused.get_data(as_text=True)


@pytest.mark.parametrize("today, text", [
    ("2026-09-05", "Noch 21 Tage bis zum Absenden."),
    ("2026-09-25", "Noch 1 Tag bis zum Absenden."),
    ("2026-09-26", "Heute ist der letzte Tag, um es abzusenden."),
])
def test_the_days_left_count_to_the_day_to_send(telecom_case, today, text):
    client = create_app({"TESTING": True, "TODAY": today}).test_client()
    page = client.get("/").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    page = result_page(client, telecom_case, csrf)
    status = re.search(r'<div class="status[^"]*"[^>]*>(.*?)</div>', page, re.S).group(1)
    assert text in re.sub(r"\s+", " ", status)


def test_the_answer_date_is_never_a_sunday_or_holiday(client, telecom_case, csrf):
    """Sent on Sat 19.09.: + 14 days is Sat 03.10., German Unity Day as well; § 193 BGB
    moves it to Mon 05.10."""
    result_page(client, telecom_case, csrf)
    send_on(client, csrf, "19.09.2026")
    page = client.get("/result").get_data(as_text=True).replace("\xa0", " ")
    assert "bis zum 5. Oktober 2026 in Textform" in page


def test_the_command_line_dates_everything_from_the_letter(tmp_path, telecom_case):
    """A case whose letter is dated 20.08.2009: every date in the letter follows from
    that day, none from the day it is rendered."""
    case = dict(telecom_case)
    case["notice"] = {**case["notice"], "date": "2009-08-03", "received": "2009-08-05",
                      "effective": "2009-10-01"}
    case["letter"] = {**case["letter"], "date": "2009-08-20"}
    (tmp_path / "case.json").write_text(json.dumps(case), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "objection", "render", "case.json", "-o", "-",
                          "--no-records-sheet"], cwd=tmp_path, capture_output=True,
                         check=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    text = pdf_text(out.stdout)
    years = set(re.findall(r"\b(?:19|20)\d\d\b", text)) - {"2007"}   # a BGH ruling's year
    assert years == {"2009"}, years
    assert "20.08.2009" in text
    # 20.08. + 14 days = Thu 03.09.2009; arrival Tue 25.08. + a week is earlier.
    assert "bis zum 3. September 2009 in Textform" in text


# --- "I have sent it" -------------------------------------------------------------------

def test_i_have_sent_it_is_recorded_on_the_result_page_and_the_case_carries_it(
        client, telecom_case, csrf):
    result_page(client, telecom_case, csrf)
    send_on(client, csrf, "08.09.2026")
    page = client.get("/result?lang=en").get_data(as_text=True)
    form = re.search(r'<section aria-labelledby="sent-title">.*?</section>', page, re.S).group(0)
    assert "I have sent it" in form and 'action="/next"' in form
    # The day chosen is still to come: "sent" offers today, never a day in the future.
    assert re.search(r'id="sent-date"[^>]*value="05.09.2026"', form)
    assert re.search(r'<option value="registered_mail" selected>', form)
    # Sent after all today (a day in the future would be refused there).
    response = client.post("/next", data={"csrf_token": csrf, "action": "objection",
                                          "sent-date": "05.09.2026",
                                          "sent-delivery": "registered_mail",
                                          "sent-tracking": "RT 1234 5678 9DE"})
    assert response.status_code == 303 and "/next" in response.headers["Location"]
    page = client.get("/result?lang=en").get_data(as_text=True)
    assert "You sent your letter on Sat, 5 Sept 2026 (Einwurf-Einschreiben" in page
    assert 'id="letter-date"' not in page and 'id="sent-title"' not in page
    saved = json.loads(download(client, "/case.json", page, csrf).data)
    assert saved["letter"]["date"] == "2026-09-05"
    assert saved["history"] == [{"type": "objection_sent", "date": "2026-09-05",
                                 "delivery": "registered_mail",
                                 "tracking": "RT 1234 5678 9DE"}]
    # The calendar now holds what comes next, not "send today".
    calendar = events(download(client, "/reminder.ics", page, csrf).data)
    assert "send" not in calendar and "deadline" not in calendar


def test_a_saved_case_sent_months_ago_lands_on_what_happened_next(telecom_case):
    """Saved after sending on 8.9.2026, loaded on 5.12.2026: "What happened next?", not
    a red "the deadline has passed" with a send-by day in the past."""
    case = {**telecom_case, "letter": {**telecom_case["letter"], "date": "2026-09-08"},
            "history": [{"type": "objection_sent", "date": "2026-09-08",
                         "delivery": "registered_mail"}]}
    client = create_app({"TESTING": True, "TODAY": "2026-12-05"}).test_client()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"',
                     client.get("/").get_data(as_text=True)).group(1)
    response = client.post("/load?lang=en", content_type="multipart/form-data", data={
        "csrf_token": csrf, "case_file": (io.BytesIO(json.dumps(case).encode()), "case.json")})
    assert response.status_code == 303 and "/next" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "What happened next?" in page and "deadline has passed" not in page
    result = client.get("/result?lang=en").get_data(as_text=True)
    assert "You sent your letter on Tue, 8 Sept 2026" in result
    assert "The deadline has passed" not in result and "status-missed" not in result


@pytest.mark.parametrize("wish, text", [
    ({"options.object": True}, "haben Sie unter Vorbehalt gezahlt"),
    ({"options.object": False, "options.terminate_fallback": True},
     "Bewahren Sie die Rechnung auf."),
    ({"options.reserve_refund": False}, "Bewahren Sie die Rechnung auf."),
])
def test_the_calendar_speaks_of_a_reservation_only_where_the_letter_made_one(
        client, telecom_case, csrf, wish, text):
    page = result_page(client, make(telecom_case, **wish), csrf)
    bill = [e for e in Calendar.from_ical(download(client, "/reminder.ics", page, csrf).data)
            .walk("VEVENT") if str(e["UID"]).startswith("first-bill")][0]
    description = str(bill["DESCRIPTION"])
    assert text in description
    assert ("Vorbehalt" in description) == (text != "Bewahren Sie die Rechnung auf.")

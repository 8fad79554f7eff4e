"""The day the letter asks the provider to answer by, where a termination in the
alternative hangs on that answer: never after the last day of the special termination
right it uses, or the termination would be declared for a day the right has passed.

The energy case: notice received Thu 3 Sept 2026, the new price from Thu 15 Oct 2026,
so the special termination right runs to Wed 14 Oct 2026 (§ 41 Abs. 5 EnWG: up to
the change); the letter is dated Fri 25 Sept 2026 and arrives Wed 30 Sept 2026.
Asked for an answer within 21 days: Fri 16 Oct 2026, after the right's last day.

Through the public outputs (the letter from the API, the calendar); the rule itself is
letters.dates.confirm_by today.
"""
import datetime as dt

import pytest
from icalendar import Calendar

from conftest import FIXTURES, load_json, pdf_text
from objection.assess import assess
from objection.case import from_dict
from objection.ics import reminder_ics
from objection.web import create_app
from test_assess import make

D = dt.date.fromisoformat
LETTER_DATE = "2026-09-25"
LAST_DAY_OF_THE_RIGHT = D("2026-10-14")


def energy_case(terminate_fallback: bool, confirmation_days: int) -> dict:
    return make(load_json(FIXTURES / "telecom.json"), **{
        "contract.sector": "energy", "notice.effective": "2026-10-15",
        "options.terminate_fallback": terminate_fallback,
        "options.confirmation_days": confirmation_days, "letter.date": LETTER_DATE})


def answer_asked_for(data: dict) -> dt.date:
    """The day the calendar's reminder says the letter asked an answer by (the event
    itself is the day after)."""
    case = from_dict(data, D(LETTER_DATE))
    a = assess(case, D(LETTER_DATE))
    assert a.termination.date == LAST_DAY_OF_THE_RIGHT       # the case is the one above
    [event] = [e for e in Calendar.from_ical(reminder_ics(case, a, "en")).walk("VEVENT")
               if str(e["UID"]).startswith("answer-")]
    return event["DTSTART"].dt - dt.timedelta(days=1)


def letter_text(data: dict) -> str:
    client = create_app({"TESTING": True, "TODAY": LETTER_DATE}).test_client()
    response = client.post("/api/v1/letter?records_sheet=0", json=data)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return pdf_text(response.data)


@pytest.mark.parametrize("terminate_fallback, days, expected", [
    # 21 days would pass the right's last day: the letter asks for that day instead.
    (True, 21, LAST_DAY_OF_THE_RIGHT),
    # Without a termination in the alternative nothing hangs on the answer.
    (False, 21, D("2026-10-16")),
    # 14 days end before the right does: the days chosen (Fri 9 Oct 2026).
    (True, 14, D("2026-10-09")),
], ids=["capped", "no-termination", "within-the-right"])
def test_the_calendar_asks_for_the_answer_by_the_rights_last_day_at_the_latest(
        terminate_fallback, days, expected):
    assert answer_asked_for(energy_case(terminate_fallback, days)) == expected


def test_the_letter_makes_its_termination_hang_on_an_answer_within_the_right():
    text = letter_text(energy_case(True, 21))
    assert "Sollten Sie mir nicht bis zum 14. Oktober 2026 in Textform bestätigen" in text
    assert "16. Oktober 2026" not in text
    # ... and asks for the answer itself by that day too.
    assert "Bitte bestätigen Sie mir bis zum 14. Oktober 2026 in Textform" in text

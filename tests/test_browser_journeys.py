"""Real-browser journeys over weeks and months, in German and English, desktop and phone
(issue 23): the seed case sent three days after the result page, recorded as sent and
loaded again three months later; a bank termination; a private health insurance
termination. Debian's Chromium through Playwright, the app under gunicorn."""
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from conftest import pdf_text
from test_browser import (axe_check, choose, go_on, heading, label, new_page, serve,
                          step_provider, step_you, t)

pytestmark = pytest.mark.browser

TODAY = "2026-11-25"


def load(page, server: str, lang: str, saved: Path) -> None:
    page.goto(f"{server}/?lang={lang}")
    page.get_by_label(label(lang, "Saved case file (case.json)")).set_input_files(str(saved))
    page.get_by_role("button", name=t(lang, "Load the case")).click()


def download(page, lang: str, button: str, to: Path | None = None) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=t(lang, button), exact=True).click()
    if to:
        info.value.save_as(to)
    return Path(info.value.path()).read_bytes()


def notice(page, lang: str, sector: str, old: str, new: str) -> None:
    """A notice of 18.11.2026, received 20.11.2026, the change on 01.01.2027."""
    choose(page, lang, "What kind of contract?", sector)
    page.get_by_label(label(lang, "Date printed on the notice")).fill("18.11.2026")
    page.get_by_label(label(lang, "Day you received it")).fill("20.11.2026")
    page.get_by_label(label(lang, "Old price in €")).fill(old)
    page.get_by_label(label(lang, "New price in €")).fill(new)
    page.get_by_label(label(lang, "New price from")).fill("01.01.2027")


def seed_notice(page, lang: str) -> None:
    notice(page, lang, "Web hosting", "19,99", "29,99")
    page.get_by_label(label(lang, "Objection period")).select_option("weeks")
    page.get_by_label(label(lang, "Number of weeks, days or months")).fill("4")
    page.get_by_label(label(lang, "How must you object, says the notice?")).select_option(
        "written")
    choose(page, lang, "Does the notice say that you may terminate the contract?", "No")


def to_result(page, lang: str, first_step, wishes=None) -> None:
    page.get_by_role("link", name=t(lang, "Start now")).click()
    for fill in (first_step, step_provider, step_you):
        fill(page, lang)
        go_on(page, lang)
    heading(page, lang, "What you want")
    if wishes:
        wishes(page, lang)
    go_on(page, lang)
    page.get_by_role("button", name=t(lang, "Save and check your answers")).click()
    page.get_by_role("link", name=t(lang, "Continue to your deadlines and your letter")).click()
    heading(page, lang, "Your deadlines and your letter")


@pytest.mark.parametrize("lang, size", [("de", "desktop"), ("en", "phone")])
def test_the_seed_case_sent_three_days_later_and_loaded_three_months_after(
        browser, tmp_path, lang, size):
    """Wed 25.11.2026: the result page, the letter to go on Sat 28.11.; that day it is
    recorded as sent; on 28.02.2027 the saved case lands on "What happened next?"."""
    planned, sent = tmp_path / "planned.json", tmp_path / "sent.json"
    with serve(TODAY) as server:
        context, page = new_page(browser, size)
        try:
            page.goto(f"{server}/?lang={lang}")
            to_result(page, lang, seed_notice)
            day = page.get_by_label(label(lang, "Day you will send it"))
            expect(day).to_have_value("25.11.2026")
            day.fill("28.11.2026")
            page.get_by_role("button", name=t(lang, "Date the letter")).click()
            expect(page.get_by_label(label(lang, "Day you will send it"))).to_have_value(
                "28.11.2026")
            axe_check(page)
            letter = pdf_text(download(page, lang, "Download the letter (PDF)"), 1, 1)
            # Sat 28.11. + 14 days = Sat 12.12., moved to Mon 14.12. (§ 193 BGB); the
            # arrival after four postal days, Thu 03.12., + a week is earlier.
            assert "Koblenz, 28.11.2026" in letter
            assert "bis zum 14. Dezember 2026 in Textform" in letter
            calendar = Calendar.from_ical(download(page, lang, "Calendar reminder (.ics)"))
            days = sorted(e["DTSTART"].dt for e in calendar.walk("VEVENT"))
            first = {str(e["UID"]).split("-")[0]: e["DTSTART"].dt
                     for e in calendar.walk("VEVENT")}
            assert days[0] == first["send"] == dt.date(2026, 11, 28)
            assert first["answer"] == dt.date(2026, 12, 15)
            download(page, lang, "Save the case (JSON)", planned)
            assert json.loads(planned.read_text())["letter"]["date"] == "2026-11-28"
        finally:
            context.close()
    with serve("2026-11-28") as server:
        context, page = new_page(browser, size)
        try:
            load(page, server, lang, planned)
            page.get_by_role("link", name=t(lang, "Continue to your deadlines and your "
                                                  "letter")).click()
            expect(page.get_by_label(label(lang, "Day you will send it"))).to_have_value(
                "28.11.2026")
            expect(page.get_by_label(label(lang, "Day you sent it"))).to_have_value(
                "28.11.2026")
            page.get_by_label(label(lang, "Number of the posting receipt (optional)")).fill(
                "RT 1234 5678 9DE")
            page.get_by_role("button", name=t(lang, "Record"), exact=True).click()
            heading(page, lang, "What happened next?")
            axe_check(page)
            download(page, lang, "Save the case (JSON)", sent)
        finally:
            context.close()
    saved = json.loads(sent.read_text())
    assert saved["history"][0] == {"type": "objection_sent", "date": "2026-11-28",
                                   "delivery": "registered_mail",
                                   "tracking": "RT 1234 5678 9DE"}
    with serve("2027-02-28") as server:
        context, page = new_page(browser, size)
        try:
            load(page, server, lang, sent)
            heading(page, lang, "What happened next?")
            expect(page.locator("main")).not_to_contain_text(
                t(lang, "The deadline has passed (%(date)s).").split("(")[0].strip())
            page.goto(f"{server}/result?lang={lang}")
            expect(page.locator(".status .big")).to_contain_text(
                {"de": "am Sa., 28. Nov. 2026", "en": "on Sat, 28 Nov 2026"}[lang])
            expect(page.locator(".status-missed")).to_have_count(0)
            axe_check(page)
        finally:
            context.close()


@pytest.mark.parametrize("lang, size", [("de", "desktop"), ("en", "phone")])
def test_a_bank_termination_asks_only_what_applies(browser, lang, size):
    def bank(page, lang):
        notice(page, lang, "Bank or payment account", "4,90", "6,90")
        page.get_by_label(label(lang, "Objection period")).select_option("none")
        choose(page, lang, "Does the notice say that you may terminate the contract?", "Yes")

    def terminate(page, lang):
        reservation = page.get_by_label(label(lang, "Pay only under reservation and reserve "
                                                    "refunds"))
        iban = page.get_by_label(label(lang, "IBAN for the balance (optional)"))
        expect(reservation).to_be_visible()
        expect(iban).to_be_hidden()
        choose(page, lang, "What should the letter do?", "Terminate the contract")
        expect(reservation).to_be_hidden()
        expect(iban).to_be_visible()
        expect(page.locator("main")).to_contain_text("§§ 20 ff. ZKG")
        axe_check(page)
        iban.fill("DE89 3704 0044 0532 0130 01")         # one digit wrong
        go_on(page, lang)
        expect(page.get_by_role("alert")).to_contain_text(t(
            lang, "Not a valid IBAN: check it against your bank statement (e.g. "
                  "DE89 3704 0044 0532 0130 00)."))
        field = page.get_by_label(label(lang, "IBAN for the balance (optional)"))
        expect(field).to_have_value("DE89 3704 0044 0532 0130 01")
        field.fill("de89370400440532013000")

    with serve(TODAY) as server:
        context, page = new_page(browser, size)
        try:
            page.goto(f"{server}/?lang={lang}")
            to_result(page, lang, bank, terminate)
            letter = pdf_text(download(page, lang, "Download the letter (PDF)"))
            records = pdf_text(download(page, lang, "Sheet for your records (PDF)"))
            assert "auf mein Konto IBAN DE89 3704 0044 0532 0130 00" in letter
            assert "Vorbehalt" not in letter and "§§ 20 ff. ZKG" in records
            assert "verjähren" not in records and "time-barred" not in records
        finally:
            context.close()


@pytest.mark.parametrize("lang, size", [("en", "desktop"), ("de", "phone")])
def test_a_health_insurance_termination_says_what_it_costs_when_chosen(browser, lang,
                                                                        size):
    def health(page, lang):
        notice(page, lang, "Private health insurance", "512,40", "588,10")
        for question in ("Objection period", "How must you object, says the notice?"):
            expect(page.get_by_label(label(lang, question))).to_be_hidden()
        choose(page, lang, "Does the notice say that you may terminate the contract?", "Yes")

    def terminate(page, lang):
        hint = page.locator("#options-wish-hint")
        expect(hint).to_contain_text("§ 205 Abs. 6 VVG")
        expect(hint).to_contain_text("§ 204 VVG")
        choose(page, lang, "What should the letter do?", "Terminate the insurance")
        axe_check(page)

    with serve(TODAY) as server:
        context, page = new_page(browser, size)
        try:
            page.goto(f"{server}/?lang={lang}")
            to_result(page, lang, health, terminate)
            letter = pdf_text(download(page, lang, "Download the letter (PDF)"), 1, 1)
            assert "§ 205 Abs. 6 VVG" in letter
            assert re.search(r"Kündigung", letter)
        finally:
            context.close()

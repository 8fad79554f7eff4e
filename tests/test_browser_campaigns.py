"""A campaign link opened on a phone (issue 27): the notice's answers come filled in and
marked, the user adds their name and the day the notice reached them, and downloads
the letter. Debian's Chromium through Playwright, the app under gunicorn."""
from pathlib import Path

from playwright.sync_api import expect

from conftest import FIXTURES, load_json, pdf_text
from objection.campaign import check, encode, facts_of
from test_browser import axe_check, choose, go_on, heading, label, serve, step_you, t
from test_browser_journeys import download

PHONE = {"width": 390, "height": 844}


def test_a_campaign_link_on_a_phone_to_the_letter(browser, tmp_path):
    seed = load_json(FIXTURES / "hosting_1und1.json")
    lang = "en"
    with serve("2026-11-25") as server:
        context = browser.new_context(accept_downloads=True, locale="en-US", viewport=PHONE,
                                      has_touch=True, is_mobile=True)
        page = context.new_page()
        try:
            page.goto(f"{server}/s/{encode(check(facts_of(seed)))}?lang={lang}")
            heading(page, lang, "A shared notice")
            expect(page.get_by_text("Beispiel Internet SE").first).to_be_visible()
            axe_check(page)
            page.screenshot(path=str(Path(tmp_path) / "landing.png"), full_page=True)
            page.get_by_role("button", name=t(lang, "Start with these answers")).click()
            heading(page, lang, "The notice")
            marks = page.get_by_text(t(lang, "From a shared link: check against your own "
                                               "notice."))
            expect(marks.first).to_be_visible()
            assert marks.count() >= 6
            expect(page.get_by_label(label(lang, "Old price in €"))).to_have_value("19.99")
            page.screenshot(path=str(Path(tmp_path) / "notice.png"), full_page=True)
            axe_check(page)
            page.get_by_label(label(lang, "Day you received it")).fill("20.11.2026")
            choose(page, lang, "Does the notice say that you may terminate the contract?",
                   "No")
            go_on(page, lang)
            heading(page, lang, "The provider")
            expect(page.get_by_label(label(lang, "Company name"))).to_have_value(
                "Beispiel Internet SE")
            go_on(page, lang)
            heading(page, lang, "You")
            step_you(page, lang)
            go_on(page, lang)
            heading(page, lang, "What you want")
            go_on(page, lang)
            page.get_by_role("button", name=t(lang, "Save and check your answers")).click()
            page.get_by_role("link", name=t(lang, "Continue to your deadlines and your "
                                                  "letter")).click()
            heading(page, lang, "Your deadlines and your letter")
            letter = pdf_text(download(page, lang, "Download the letter (PDF)"), 1, 1)
            for words in ("Beispiel Internet SE", "Jörg Łukasz Meißner", "Business Pro 5.0",
                          "19,99", "29,99"):
                assert words in letter, words
        finally:
            context.close()

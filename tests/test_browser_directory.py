"""The provider directory as a combobox on the company name (issue 27, point 6), on a
phone: typed, picked with the keyboard, the address filled in with its source; an
address given already is kept and shown beside the directory's. Debian's Chromium
through Playwright, the app under gunicorn, axe-core on the way."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from test_browser import axe_check, go_on, heading, label, serve, t

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def server():
    with serve("2026-11-25") as url:
        yield url


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="en-US", viewport=PHONE, has_touch=True,
                                  is_mobile=True)
    yield context.new_page()
    context.close()


def text(lang: str, msgid: str, **params: str) -> str:
    return t(lang, msgid) % params


@pytest.mark.parametrize("lang, checked_on", [("en", "6 December 2026"),
                                              ("de", "6. Dezember 2026")])
def test_type_pick_with_the_keyboard_and_the_address_is_filled(server, phone, lang,
                                                               checked_on, tmp_path):
    page = phone
    page.goto(f"{server}/step/provider?lang={lang}")
    name = page.get_by_role("combobox", name=label(lang, "Company name"))
    expect(name).to_have_attribute("aria-expanded", "false")
    name.press_sequentially("Vatt")
    listbox = page.get_by_role("listbox", name=t(lang, "Entries in the provider directory"))
    option = listbox.get_by_role("option", name=re.compile("^Vattenfall Europe Sales GmbH"))
    expect(option).to_be_visible()
    expect(page.get_by_label(label(lang, "Company name"))).to_have_count(1)   # the field
    expect(name).to_have_attribute("aria-expanded", "true")
    expect(name).to_have_attribute("aria-controls", listbox.get_attribute("id"))
    # The count is announced in a live region (role=status).
    count = listbox.get_by_role("option").count()
    status = page.locator("#directory-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_text(t(lang, "One entry in the provider directory. Choose it with "
                                        "the down arrow and Enter.") if count == 1 else
                                text(lang, "%(num)s entries in the provider directory. Choose "
                                           "one with the up and down arrows and Enter.",
                                     num=str(count)))
    axe_check(page)
    page.keyboard.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(name).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    page.screenshot(path=str(Path(tmp_path) / f"open-{lang}.png"))
    page.keyboard.press("Enter")                    # takes the entry, sends nothing
    heading(page, lang, "The provider")
    expect(listbox).to_be_hidden()
    expect(name).to_have_attribute("aria-expanded", "false")
    expect(name).to_have_value("Vattenfall Europe Sales GmbH")
    expect(page.get_by_label(label(lang, "Street and number, or PO box"))).to_have_value(
        "Überseering 12")
    expect(page.get_by_label(label(lang, "Postal code"))).to_have_value("22297")
    expect(page.get_by_label(label(lang, "Town or city"))).to_have_value("Hamburg")
    note = page.locator("#directory-note")
    expect(note).to_have_text(text(lang, "From the provider directory, checked on %(date)s:",
                                   date=checked_on) + " www.vattenfall.de")
    expect(note.get_by_role("link", name="www.vattenfall.de")).to_have_attribute(
        "href", "https://www.vattenfall.de/datenschutz")
    expect(status).to_have_text(t(lang, "The address from the provider directory is "
                                        "filled in."))
    # The holiday state's hint heard of the postal code.
    expect(page.locator("#state-guess")).not_to_be_empty()
    axe_check(page)
    page.screenshot(path=str(Path(tmp_path) / f"chosen-{lang}.png"), full_page=True)
    # 22297 is in Hamburg and Schleswig-Holstein's postal region: the state is asked.
    page.get_by_label(label(lang, "State whose public holidays count")).select_option("HH")
    go_on(page, lang)
    heading(page, lang, "You")


@pytest.mark.parametrize("lang", ["en", "de"])
def test_escape_closes_and_an_address_given_is_kept_beside_the_directorys(server, phone,
                                                                         lang, tmp_path):
    page = phone
    page.goto(f"{server}/step/provider?lang={lang}")
    street = page.get_by_label(label(lang, "Street and number, or PO box"))
    street.fill("Chausseestraße 23")
    page.get_by_label(label(lang, "Postal code")).fill("10115")
    page.get_by_label(label(lang, "Town or city")).fill("Berlin")
    name = page.get_by_role("combobox", name=label(lang, "Company name"))
    name.press_sequentially("Vattenf")
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(name).to_have_value("Vattenf")
    page.keyboard.press("ArrowDown")                # opens the list again, on the first
    expect(listbox).to_be_visible()
    page.keyboard.press("Enter")
    expect(street).to_have_value("Chausseestraße 23")     # the user's address stays
    note = page.locator("#directory-note")
    expect(note.get_by_text(t(lang, "Your answer"), exact=True)).to_be_visible()
    expect(note.get_by_text(t(lang, "The directory says"), exact=True)).to_be_visible()
    expect(note).to_contain_text("Überseering 12")
    axe_check(page)
    page.screenshot(path=str(Path(tmp_path) / f"compare-{lang}.png"), full_page=True)
    note.get_by_role("button", name=t(lang, "Use the directory’s address")).click()
    heading(page, lang, "The provider")
    expect(street).to_have_value("Überseering 12")
    expect(page.get_by_label(label(lang, "Town or city"))).to_have_value("Hamburg")
    expect(page.locator("#directory-note")).to_contain_text("www.vattenfall.de")


def test_an_address_given_that_agrees_is_left_as_typed(server, phone):
    page, lang = phone, "en"
    page.goto(f"{server}/step/provider?lang={lang}")
    street = page.get_by_label(label(lang, "Street and number, or PO box"))
    street.fill("Ueberseering 12")
    page.get_by_label(label(lang, "Postal code")).fill("22297")
    page.get_by_label(label(lang, "Town or city")).fill("Hamburg")
    name = page.get_by_role("combobox", name=label(lang, "Company name"))
    name.press_sequentially("Vatt")
    expect(page.get_by_role("listbox")).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#directory-note")).to_have_text(
        text(lang, "The provider directory has the same address, checked on %(date)s:",
             date="6 December 2026") + " www.vattenfall.de")
    expect(street).to_have_value("Ueberseering 12")

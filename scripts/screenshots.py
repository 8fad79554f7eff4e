"""Screenshots for the README: docs/screenshots/{form,errors,review}-{de,en}-{desktop,phone}.png

    .venv/bin/python scripts/screenshots.py      (the app must run on 127.0.0.1:5000,
                                                  e.g. OBJECTION_TODAY=2026-09-05 ./scripts/run)
"""
import json
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000"
CASE = json.loads((ROOT / "tests/fixtures/telecom.json").read_text())
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}


def fill(page) -> None:
    for section in ("customer", "provider"):
        for key, value in CASE[section].items():
            if key != "country":
                page.fill(f"#{section}-{key}", value)
    page.fill("#contract-tariff", CASE["contract"]["tariff"])
    for key in ("date", "received", "effective"):
        page.fill(f"#notice-{key}", CASE["notice"][key])
    page.fill("#notice-old_price", "19,99")
    page.fill("#notice-new_price", "29,99")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu",
                                          "--disable-background-networking"])
        for lang in ("de", "en"):
            for size, viewport in SIZES.items():
                page = browser.new_page(viewport=viewport, locale="en-US")
                page.goto(f"{BASE}/?lang={lang}")
                page.screenshot(path=OUT / f"form-{lang}-{size}.png")
                page.fill("#customer-name", CASE["customer"]["name"])
                page.fill("#notice-new_price", "zwanzig")
                page.click("button.primary")
                page.screenshot(path=OUT / f"errors-{lang}-{size}.png")
                fill(page)
                page.click("button.primary")
                page.screenshot(path=OUT / f"review-{lang}-{size}.png", full_page=True)
                page.close()
        browser.close()


if __name__ == "__main__":
    main()

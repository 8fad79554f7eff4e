"""Screenshots of every page of the flow for the README, and the figures that go with
them (page height, tab stops, fields to type) for the seed case.

    OBJECTION_TODAY=2026-11-25 ./scripts/run &        # the app on 127.0.0.1:5000
    .venv/bin/python scripts/screenshots.py [BASE_URL]

writes docs/screenshots/{start,notice,provider,you,wishes,sending,check,result,next,errors,read}-
{de,en}-{desktop,phone}.png and prints one line per page and size.
"""
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from conftest import ARGS, CHROMIUM  # noqa: E402
from test_browser import (PHOTO, VIEWPORTS, go_on, label, step_notice,  # noqa: E402
                          step_provider, step_you, t)

OUT = ROOT / "docs" / "screenshots"
BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000"
# Radio groups are one tab stop: the checked button, or the first when none is.
TAB_STOPS = ("[...document.querySelectorAll('a[href],button,input:not([type=hidden]),"
             "select,textarea,summary,[tabindex]')].filter(e => e.tabIndex >= 0 && "
             "!e.disabled && e.offsetParent !== null && !(e.type === 'radio' && "
             "(e.checked ? false : document.querySelector("
             "`input[name=\"${e.name}\"]:checked`) !== null || "
             "document.querySelector(`input[name=\"${e.name}\"]`) !== e))).length")
FIELDS = ("[...document.querySelectorAll('main input:not([type=hidden]),main select,"
          "main textarea')].filter(e => e.offsetParent !== null).length")


def shot(page, name: str, lang: str, size: str) -> None:
    path = OUT / f"{name}-{lang}-{size}.png"
    page.screenshot(path=path, full_page=True)
    small(path)
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"{name:9} {lang} {size:7} height {height:5} px  tab stops "
          f"{page.evaluate(TAB_STOPS):3}  fields {page.evaluate(FIELDS):3}")


def small(path: Path) -> None:
    """128 colours are plenty for a form and keep the repository light (about 2.5x)."""
    with Image.open(path) as image:
        image = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    image.save(path, optimize=True)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for lang in ("de", "en"):
            for size, viewport in VIEWPORTS.items():
                context = browser.new_context(viewport=viewport, locale="en-US")
                page = context.new_page()
                page.goto(f"{BASE}/?lang={lang}")
                shot(page, "start", lang, size)
                page.get_by_role("link", name=t(lang, "Start now")).click()
                shot(page, "notice", lang, size)
                go_on(page, lang)
                shot(page, "errors", lang, size)
                for name, fill in (("notice", step_notice), ("provider", step_provider),
                                   ("you", step_you)):
                    if name != "notice":
                        shot(page, name, lang, size)
                    fill(page, lang)
                    go_on(page, lang)
                shot(page, "wishes", lang, size)
                go_on(page, lang)
                shot(page, "sending", lang, size)
                page.get_by_role("button", name=t(lang, "Save and check your answers")).click()
                shot(page, "check", lang, size)
                page.get_by_role("link", name=t(lang, "Continue to your deadlines and your "
                                                      "letter")).click()
                shot(page, "result", lang, size)
                # After the first letter: the objection recorded as sent.
                page.get_by_role("link", name=t(lang, "What happened next?")).click()
                page.get_by_role("button", name=t(lang, "Record"), exact=True).click()
                shot(page, "next", lang, size)
                # Read my notice: a phone photo fills the first step, marked.
                page.goto(f"{BASE}/?lang={lang}")
                page.get_by_label(label(lang, "The notice as a file")).set_input_files(
                    str(PHOTO))
                page.get_by_role("button", name=t(lang, "Read the notice")).click()
                shot(page, "read", lang, size)
                context.close()
        browser.close()


if __name__ == "__main__":
    main()

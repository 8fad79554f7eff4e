"""Real WeasyPrint PDFs, read back with poppler and pypdf: text, layout, images,
metadata, and a renderer that loads nothing but the letter's own files."""
import base64
import datetime as dt
import gc
import io
import json
import re
import logging
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pypdf
import pytest
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from conftest import (FIXTURES, ROOT, CASES, load_json, page_count, page_images, pdf_text,
                      pdf_words)
from objection import pdf as pdf_mod
from objection.assess import assess
from objection.letters import compose_records
from objection.case import from_dict
from objection.pdf import FETCHER, RefusedURL, render_pdf
from test_assess import make

D = dt.date.fromisoformat


def render(data, today="2026-09-05", **kw) -> bytes:
    case = from_dict(data)
    return render_pdf(case, assess(case, D(today)), **kw)


def signature_data_uri() -> str:
    raw = (FIXTURES / "signature.png").read_bytes()
    return "data:image/png;base64," + base64.b64encode(raw).decode()


@pytest.fixture(scope="module")
def telecom_pdf():
    return render(load_json(FIXTURES / "telecom.json"))


def test_letter_text_german(telecom_pdf):
    text = pdf_text(telecom_pdf, 1, 1)
    assert "Widerspruch gegen die Preiserhöhung zum 1. November 2026 – DSL 100" in text
    assert "Dieser Preiserhöhung widerspreche ich hiermit." in text
    assert "von 19,99 € monatlich auf 29,99 € monatlich" in text
    assert "Mit freundlichen Grüßen" in text and "Erika Mustermann" in text


def test_one_page_letter_and_records_sheet(telecom_pdf):
    assert page_count(telecom_pdf) == 2
    records = pdf_text(telecom_pdf, 2, 2)
    assert "Für Ihre Unterlagen" in records and "nicht mitschicken" in records
    assert "Ihr Widerspruch muss eingegangen sein bis: 1. Oktober 2026" in records
    assert "§ 187 Abs. 1 BGB" in records


def test_no_records_sheet(telecom_case):
    data = render(telecom_case, records=False)
    assert page_count(data) == 1
    assert "Für Ihre Unterlagen" not in pdf_text(data)


def test_address_sits_in_the_window(telecom_pdf):
    # DL envelope: window 90 x 45 mm, 20 mm from the left, 15 mm from the bottom. The
    # folded sheet (210 x 105 mm) can slide up to 10 mm sideways and 5 mm down in the
    # 220 x 110 mm envelope; the address must show in every position: x 20-100, y 50-90.
    words = pdf_words(telecom_pdf)
    lines = ["Beispiel", "Telekom", "GmbH", "Postfach", "10115", "Berlin"]
    address = [w for w in words if w.text in lines and w.x0 < 105]
    assert len(address) == len(lines)
    for w in address:
        assert 20 <= w.x0 and w.x1 <= 100 and 50 <= w.y0 and w.y1 <= 90, w
    # The return line and the postal note sit in the top zone (45-62.7 mm), above it.
    note = [w for w in words if w.text == "Einwurf-Einschreiben"][0]
    assert 45 <= note.y0 and note.y1 <= 62.7
    assert min(w.y0 for w in address) >= 62.7


def test_information_block_and_subject_position(telecom_pdf):
    words = pdf_words(telecom_pdf)
    label = [w for w in words if w.text == "Kundennummer"][0]
    assert abs(label.x0 - 125) < 0.5 and 50 <= label.y0 < 52
    subject = [w for w in words if w.text == "Widerspruch"][0]
    assert abs(subject.x0 - 25) < 0.5 and subject.y0 >= 98     # two blank lines below 90 mm
    assert max(w.y1 for w in words) <= 257                      # last line (DIN 676)


def test_information_block_values_stand_in_one_column_and_wrap_under_it(telecom_case):
    # The block is a paragraph per row with its label hung out and a tab stop after it
    # (letter.html): every value starts at the same place, 3 mm or more after the widest
    # label, and a long value's second line starts there too, not under the label.
    long_number = "KD-2026-000123456789 Abrechnungskonto Hauptanschluss Nord"
    data = make(telecom_case, **{"customer.customer_number": long_number})
    words = pdf_words(render(data, records=False))
    # Each label's first word, and how many words it has ("Ihr Schreiben vom").
    labels = {"Kundennummer": 1, "Vertragsnummer": 1, "Ihr": 3, "Eingegangen": 2,
              "Datum": 1}
    label_words = [w for w in words if w.text in labels and abs(w.x0 - 125) < 0.5]
    assert len(label_words) == len(labels)
    rows = [sorted((w for w in words if abs(w.y0 - label.y0) < 0.5), key=lambda w: w.x0)
            for label in label_words]
    values = [row[labels[row[0].text]] for row in rows]
    widest_label = max(row[labels[row[0].text] - 1].x1 for row in rows)
    assert values[0].x0 - widest_label >= 3 - 0.2
    # To the hundredth of a millimetre (pdftotext gives where each word's first glyph is
    # placed): a tab drawn too wide after a short label would show here.
    assert max(v.x0 for v in values) - min(v.x0 for v in values) < 0.01
    wrapped = [w for w in words if w.text == "Hauptanschluss"][0]
    assert abs(wrapped.x0 - values[0].x0) < 0.01 and wrapped.y0 > values[0].y0 + 2


def test_english_translation(telecom_case):
    text = pdf_text(render(telecom_case, lang="en"), 1, 1)
    assert "Translation for your understanding only" in text
    assert "from €19.99 per month to €29.99 per month as of 1 November 2026" in text
    assert "Yours faithfully" in text


@pytest.mark.parametrize("name", ["energy", "insurance", "streaming"])
def test_example_cases_render_on_one_page(name):
    data = load_json(CASES / f"{name}.json")
    pdf = render(data, today=data["letter"]["date"], records=False)
    assert page_count(pdf) == 1
    text = pdf_text(pdf)
    expected = {"energy": "32,50 ct/kWh auf 37,90 ct/kWh",
                "insurance": "Hiermit kündige ich den Vertrag gemäß § 40 Abs. 1 VVG",
                "streaming": "I hereby object to this price increase"}[name]
    assert expected in text


def test_seed_case_hosting_four_weeks_in_writing():
    # The 1&1 case behind this project: hosting 19.99 -> 29.99 EUR, four weeks, in writing.
    data = load_json(FIXTURES / "hosting_1und1.json")
    pdf = render(data, today="2026-11-25")
    letter, records = pdf_text(pdf, 1, 1), pdf_text(pdf, 2, 2)
    assert page_count(pdf) == 2
    assert "Tarif „Business Pro 5.0“ zum 1. Januar 2027 von 19,99 € monatlich auf " \
           "29,99 € monatlich zu erhöhen" in letter
    assert "TKG" not in letter
    assert "Beispiel Internet SE" in letter and "56410 Montabaur" in letter
    assert "Ihr Widerspruch muss eingegangen sein bis: 18. Dezember 2026" in records
    assert "eigenhändig mit Tinte" in records


def test_long_names_and_non_latin_1_characters():
    data = load_json(FIXTURES / "long_energy.json")
    pdf = render(data, today="2026-12-06")
    text = pdf_text(pdf, 1)
    for name in ("Ayşe", "Gülşen", "Őrsi-Wałęsa", "Großenhain-Schönebeck", "ÖkoStrom"):
        assert name in text
    words = pdf_words(pdf)
    recipient = [w for w in words if 62.7 <= w.y0 and w.y1 <= 90 and w.x1 <= 105]
    assert {"Mitteldeutsche", "(Saale)"} <= {w.text for w in recipient}
    assert all(w.x1 <= 100 for w in recipient)


def test_second_page_carries_page_number_and_sender():
    from objection.letters import content as letter_mod
    data = load_json(FIXTURES / "long_energy.json")
    case = from_dict(data)
    a = assess(case, D("2026-12-06"))
    content = letter_mod.compose(case, a)
    # A body twice as long as any real letter: it cannot fit one page at any size.
    long = letter_mod.LetterContent(**{**content.__dict__,
                                       "paragraphs": content.paragraphs * 2})
    pdf = pdf_mod.render_letter(long, compose_records(case, a, "de"))
    assert page_count(pdf) >= 3          # two letter pages, then the records sheet
    page2 = pdf_text(pdf, 2, 2)
    assert "Seite 2 von 2" in page2 and "Dr. Ayşe Gülşen Őrsi-Wałęsa" in page2
    assert "Seite 1" not in pdf_text(pdf, 1, 1)
    records = pdf_text(pdf, 3, 3)
    assert records.startswith("Für Ihre Unterlagen")
    assert not re.search(r"Seite \d+ von \d+", records)


def test_records_sheet_in_the_users_language(telecom_case):
    case = from_dict(telecom_case)
    pdf = render_pdf(case, assess(case, D("2026-09-05")), records_lang="en")
    assert "widerspreche ich hiermit" in pdf_text(pdf, 1, 1)
    assert "For your records" in pdf_text(pdf, 2, 2)


def test_signature_image_is_embedded_only_when_signed(telecom_case, telecom_pdf):
    # Text form suffices (the notice asks no more): the picture may sign the letter.
    signed = render(make(telecom_case, **{"signature.mode": "image",
                                          "notice.required_form": "text",
                                          "signature.image": signature_data_uri()}))
    reader = pypdf.PdfReader(io.BytesIO(signed))
    images = reader.pages[0].images
    assert len(images) == 1 and images[0].image.size[0] > 100
    assert "(Kopie der Unterschrift)" in pdf_text(signed, 1, 1)
    assert "Kopie Ihrer Unterschrift" in pdf_text(signed, 2, 2)
    assert not pypdf.PdfReader(io.BytesIO(telecom_pdf)).pages[0].images


def test_metadata(telecom_pdf):
    reader = pypdf.PdfReader(io.BytesIO(telecom_pdf))
    assert reader.metadata.title.startswith("Widerspruch gegen die Preiserhöhung")
    assert reader.metadata.author == "Erika Mustermann"
    assert reader.trailer["/Root"]["/Lang"] == "de"
    assert "/StructTreeRoot" in reader.trailer["/Root"]      # tagged PDF


# --- The locked-down renderer ----------------------------------------------------------

@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "file:///etc/hostname", "http://127.0.0.1:9/x.png",
    "https://example.com/font.ttf", "ftp://example.com/x", "data:text/html,<b>x</b>",
    f"file://{ROOT}/objection/pdf.py", f"file://{ROOT}/templates/letter/../../README.md",
    "file://evil.example/etc/passwd",
])
def test_fetcher_refuses(url):
    with pytest.raises(RefusedURL):
        FETCHER.fetch(url)


def test_fetcher_serves_the_letters_own_assets():
    font = FETCHER.fetch((ROOT / "static/fonts/LiberationSans-Regular.ttf").as_uri())
    assert font.read(4) == b"\x00\x01\x00\x00"
    png = FETCHER.fetch(signature_data_uri())
    assert png.read(4) == b"\x89PNG"


def test_hostile_html_loads_nothing(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    html = f"""<html><head>
      <link rel="attachment" href="{secret.as_uri()}">
      <link rel="stylesheet" href="{secret.as_uri()}">
      <style>@import url("{secret.as_uri()}");
             body {{ background: url(http://127.0.0.1:9/x) }}</style>
      </head><body><img src="{secret.as_uri()}"><img src="http://127.0.0.1:9/y.png">
      <svg><image href="{secret.as_uri()}"/></svg><p>Hello</p></body></html>"""
    pdf = HTML(string=html, base_url=pdf_mod.BASE_URL, url_fetcher=FETCHER).write_pdf()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert b"TOP SECRET" not in pdf
    assert not reader.attachments
    assert not reader.pages[0].images
    assert "Hello" in pdf_text(pdf)


def test_user_text_stays_text(telecom_case):
    data = make(telecom_case, **{"customer.name": "<img src='file:///etc/passwd'> {{ 7*7 }}",
                                 "contract.tariff": "<b>bold</b> &amp; &lt;"})
    pdf = render(data)
    text = pdf_text(pdf, 1, 1)
    assert "<img src='file:///etc/passwd'> {{ 7*7 }}" in text
    assert "<b>bold</b> &amp; &lt;" in text
    assert not pypdf.PdfReader(io.BytesIO(pdf)).pages[0].images


@pytest.mark.slow
def test_cli_render(tmp_path):
    out = tmp_path / "letter.pdf"
    run = subprocess.run([sys.executable, "-m", "objection", "render",
                          str(FIXTURES / "telecom.json"), "-o", str(out), "--lang", "en",
                          "--no-records-sheet", "--today", "2026-09-05"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    data = out.read_bytes()
    assert page_count(data) == 1 and "Yours faithfully" in pdf_text(data)


def render_cli(*args: str) -> None:
    run = subprocess.run([sys.executable, "-m", "objection", "render", *args], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr


class OnlyUnder(URLFetcher):
    """Serves the files under one folder, nothing else."""

    def __init__(self, folder: Path):
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.folder = folder.resolve()

    def fetch(self, url, headers=None):
        if not Path(unquote(urlsplit(url).path)).resolve().is_relative_to(self.folder):
            raise RefusedURL(url)
        return super().fetch(url, headers)


@pytest.mark.slow
@pytest.mark.parametrize("records", [True, False])
def test_cli_render_html_is_the_document_of_the_pdf(tmp_path, records):
    seed = [str(FIXTURES / "hosting_1und1.json"), "--today", "2026-11-25"] + (
        [] if records else ["--no-records-sheet"])
    out = tmp_path / "out" / "letter.html"
    render_cli(*seed, "--html", "-o", str(out))
    render_cli(*seed, "-o", str(tmp_path / "letter.pdf"))
    files = sorted(str(p.relative_to(out.parent)) for p in out.parent.rglob("*") if p.is_file())
    assert files == ["fonts.css", "fonts/LiberationSans-Bold.ttf",
                     "fonts/LiberationSans-Regular.ttf", "letter.css", "letter.html"]
    html = out.read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="fonts.css"/>' in html
    assert '<link rel="stylesheet" href="letter.css"/>' in html
    assert ('id="records"' in html) == records
    css = [(out.parent / name).read_text() for name in ("fonts.css", "letter.css")]
    for text in (html, *css):
        assert "file:" not in text and "static/" not in text and 'url("/' not in text
    # WeasyPrint given the written files alone, nothing else to fetch, draws the PDF that
    # `render` writes, to the last pixel: the same document.
    from_files = HTML(filename=str(out), url_fetcher=OnlyUnder(out.parent)).write_pdf()
    pdf = (tmp_path / "letter.pdf").read_bytes()
    assert page_count(pdf) == (2 if records else 1)
    assert page_images(from_files) == page_images(pdf)


@pytest.mark.slow
def test_cli_render_html_carries_the_signature_as_a_data_uri(tmp_path, telecom_case):
    case = tmp_path / "case.json"
    case.write_text(json.dumps(make(telecom_case, **{
        "signature.mode": "image", "notice.required_form": "text",
        "signature.image": signature_data_uri()})))
    out = tmp_path / "letter.html"
    render_cli(str(case), "--html", "-o", str(out), "--today", "2026-09-05")
    assert re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt=""/>',
                     out.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_cli_render_bad_case(tmp_path):
    bad = tmp_path / "case.json"
    bad.write_text(json.dumps({"customer": {}}))
    run = subprocess.run([sys.executable, "-m", "objection", "render", str(bad), "-o",
                          str(tmp_path / "x.pdf")], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 2 and "customer.name" in run.stderr
    assert not (tmp_path / "x.pdf").exists()


PLANTED = ["<img src='file:///etc/passwd'>", "http://127.0.0.1:9/x.png",
           "url(file:///etc/hostname)", "../../../../etc/passwd",
           "<svg><image href='file:///etc/passwd'/></svg>", "{{ 7*7 }}",
           "<link rel=attachment href=file:///etc/passwd>"]


def test_references_planted_in_every_text_field_load_nothing(telecom_case, caplog):
    case = make(telecom_case)
    text_fields = [("customer", k) for k in ("name", "street", "city", "customer_number",
                                             "contract_number")] + \
                  [("provider", k) for k in ("name", "street", "city")] + \
                  [("contract", "tariff"), ("letter", "place")]
    for i, (section, key) in enumerate(text_fields):
        case[section][key] = PLANTED[i % len(PLANTED)]
    with caplog.at_level("DEBUG", logger="weasyprint"):
        pdf = render(case)
    problems = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert problems == []
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert not reader.attachments and not reader.pages[0].images
    text = pdf_text(pdf).replace(" ", "")     # long values wrap inside the lines
    for planted in PLANTED:
        assert planted.replace(" ", "") in text
    assert b"root:x:0" not in pdf


def test_the_log_would_show_a_refused_fetch(caplog):
    # The check above is only worth something if a refused fetch shows in the log.
    with caplog.at_level("DEBUG", logger="weasyprint"):
        HTML(string="<img src='file:///etc/passwd'>", base_url=pdf_mod.BASE_URL,
             url_fetcher=FETCHER).write_pdf()
    assert any(r.levelno >= logging.WARNING and "file:///etc/passwd" in r.getMessage()
               for r in caplog.records)


@pytest.mark.parametrize("path", [FIXTURES / "telecom.json", FIXTURES / "hosting_1und1.json",
                                  FIXTURES / "long_energy.json",
                                  *sorted(CASES.glob("*.json"))])
def test_starting_size_is_never_smaller_than_needed(path):
    # The first size tried must not skip a larger one that fits (the guess only saves
    # layouts); checked against real layouts, with the text shortened and lengthened
    # paragraph by paragraph.
    from objection.letters import content as letter_mod, layout
    case = from_dict(load_json(path))
    content = letter_mod.compose(case, assess(case, D("2026-09-05")))
    checked = 0
    for extra in range(-3, 4):
        paragraphs = (content.paragraphs * 2)[:max(1, len(content.paragraphs) + extra)]
        longer = letter_mod.LetterContent(**{**content.__dict__, "paragraphs": paragraphs})
        fitting = [size for size in layout.SIZES
                   if len(pdf_mod._document(layout.render_html(longer, None, size)).pages)
                   == 1]
        if fitting:
            assert layout.starting_size(longer) <= fitting[0], (path.name, extra)
            checked += 1
    assert checked, f"{path.name}: no length of the letter fits one page at any size"


@pytest.mark.parametrize("path", [FIXTURES / "telecom.json", FIXTURES / "hosting_1und1.json",
                                  FIXTURES / "long_energy.json",
                                  *sorted(CASES.glob("*.json"))])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_fixture_letter_is_laid_out_once(path, lang):
    # The first guess is right: the size tried first is the largest that fits one page,
    # and a letter that fits at none is expected on as many pages as it takes at the
    # smallest (pdf._laid_out then lays it out once, page count included).
    from objection.letters import layout as letter_mod
    from objection.letters.content import compose
    case = from_dict(load_json(path))
    content = compose(case, assess(case, D("2026-09-05")), lang)
    pages = {size: len(pdf_mod._document(letter_mod.render_html(content, None, size)).pages)
             for size in letter_mod.SIZES}
    fitting = [size for size, count in pages.items() if count == 1]
    if fitting:
        assert letter_mod.starting_size(content) == fitting[0]
        assert letter_mod.expected_pages(content) == 1
    else:
        assert letter_mod.starting_size(content) == letter_mod.SIZES[-1]
        assert letter_mod.expected_pages(content) == pages[letter_mod.SIZES[-1]]


def test_written_form_keeps_the_picture_off_the_posted_letter(telecom_case):
    # Written form may be demanded (a 2015 contract, "schriftlich"): the posted letter
    # gets a line to sign in ink; the picture goes on the advance copy, marked as such.
    case = from_dict(make(telecom_case, **{"signature.mode": "image",
                                           "signature.image": signature_data_uri()}))
    a = assess(case, D("2026-09-05"))
    letter = pdf_mod.render_pdf(case, a, records=False)
    assert not pypdf.PdfReader(io.BytesIO(letter)).pages[0].images
    copy = pdf_mod.render_pdf(case, a, records=False, advance_copy=True)
    assert len(pypdf.PdfReader(io.BytesIO(copy)).pages[0].images) == 1
    assert "Vorab per Fax oder E-Mail. Das eigenhändig unterschriebene Original folgt per " \
           "Post." in pdf_text(copy)


def _collections_inside_weasyprint(render) -> int:
    """How often the garbage collector starts while WeasyPrint's code is on the stack."""
    inside = []

    def watch(phase, info):
        frame = sys._getframe(1)
        while phase == "start" and frame is not None:
            if "/weasyprint/" in frame.f_code.co_filename:
                inside.append(info["generation"])
                return
            frame = frame.f_back

    gc.callbacks.append(watch)
    try:
        render()
    finally:
        gc.callbacks.remove(watch)
    return len(inside)


def test_no_garbage_collection_during_a_render(telecom_case):
    from objection.letters import compose
    from objection.letters.layout import render_html
    case = from_dict(telecom_case)
    a = assess(case, D("2026-09-05"))
    html = render_html(compose(case, a))
    # The same work without pdf.py's guard: the collector runs midway, often.
    assert _collections_inside_weasyprint(
        lambda: [HTML(string=html, base_url=pdf_mod.BASE_URL, url_fetcher=FETCHER).write_pdf()
                 for _ in range(5)]) > 0
    assert _collections_inside_weasyprint(
        lambda: [render_pdf(case, a) for _ in range(5)]) == 0
    assert gc.isenabled()


@pytest.mark.slow
def test_wsgi_renders_a_letter_and_freezes_what_it_loaded():
    # gunicorn --preload imports wsgi.py in its master: what the first letter loads is
    # then shared with the workers and out of the collector's reach.
    run = subprocess.run([sys.executable, "-c", "import gc, wsgi; print(gc.get_freeze_count())"],
                         cwd=ROOT, capture_output=True,
                         text=True, timeout=120,
                         env={**os.environ, "OBJECTION_SECRET_KEY": "test"})
    assert run.returncode == 0, run.stderr
    assert int(run.stdout) > 50_000


def test_the_letters_own_user_agent_stylesheet_gives_the_same_pages(telecom_case):
    """pdf.LetterHTML's ua.css is WeasyPrint's html5_ua.css cut to the elements of the
    letter's templates: every fixture letter with its records sheet, in both languages,
    a signed one, a refund claim with its list of bills and the records sheet alone come
    out as with WeasyPrint's whole stylesheet (the same bytes, or else the same pages)."""
    from objection.letters import compose
    from objection.letters.layout import render_html, render_records_html
    day = D("2026-09-05")
    signed = make(telecom_case, **{"notice.required_form": "text"})
    signed["signature"] = {"mode": "image", "image": signature_data_uri()}
    cases = [load_json(path) for path in (FIXTURES / "telecom.json",
             FIXTURES / "hosting_1und1.json", FIXTURES / "long_energy.json",
             *sorted(CASES.glob("*.json")))] + [signed]
    documents = []
    for data in cases:
        case = from_dict(data)
        a = assess(case, day)
        for lang in ("de", "en"):
            documents.append(render_html(compose(case, a, lang, day),
                                         compose_records(case, a, lang)))
    documents.append(render_records_html(compose_records(case, a, "de")))
    bills = [{"type": "bill", "date": f"2027-0{m + 1}-05", "period_from": f"2027-0{m}-01",
              "period_to": f"2027-0{m}-28"} for m in range(1, 5)]
    later = from_dict({**load_json(FIXTURES / "hosting_1und1.json"), "history": [
        {"type": "objection_sent", "date": "2026-11-25", "delivery": "registered_mail"},
        *bills]}, D("2027-06-01"))
    refund_claim = compose(later, assess(later, D("2027-06-01")), "de", D("2027-06-01"),
                           False, "refund")
    assert len(refund_claim.paragraphs[2].items) == 4
    documents.append(render_html(refund_claim))
    for html in documents:
        ours = pdf_mod._document(html).write_pdf()
        stock = HTML(string=html, base_url=pdf_mod.BASE_URL, url_fetcher=FETCHER).render(
            stylesheets=list(pdf_mod.STYLESHEETS), font_config=pdf_mod.FONT_CONFIG).write_pdf()
        assert ours == stock or page_images(ours) == page_images(stock)


def test_a_document_xml_cannot_read_goes_to_weasyprints_own_parser(telecom_case):
    # U+FFFE passes the case's checks but is no XML character: ElementTree refuses the
    # document, and pdf.LetterHTML hands it to WeasyPrint's HTML5 parser instead.
    from xml.etree import ElementTree
    from objection.letters import compose
    from objection.letters.layout import render_html
    data = make(telecom_case, **{"customer.name": "Erika\ufffeMustermann"})
    case = from_dict(data)
    a = assess(case, D("2026-09-05"))
    with pytest.raises(ElementTree.ParseError):
        ElementTree.fromstring(render_html(compose(case, a)))
    text = pdf_text(render_pdf(case, a, records=False))
    assert "Erika" in text and "Mustermann" in text and "Widerspruch" in text

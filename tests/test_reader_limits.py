"""The notice reader cannot take the service down: hostile files are refused from their
structure before any work is spent on them, every reading runs in a process of its own
under limits of time and memory, at most so many run at once on the machine, and the
API takes no posts that pages of other sites make in a browser. The same files go to
the app as deployed in tests/test_production.py; bench/reader_attack.py measures them."""
import fcntl
import io
import os
import threading
from pathlib import Path

import pytest
from PIL import Image

from conftest import FIXTURES, TODAY
from hostile_files import (HOSTILE, eml_encoded_subject, eml_many_parts,
                           eml_many_recipients, jpeg_many_scans, pdf, png_tall)
from objection.reader import ReaderError, ocr, sandbox, sources
from objection.web import create_app

PHOTO = FIXTURES / "notices/own/train/t18-kabel-de.jpg"
TEXT = "Preisanpassung: ab dem 01.01.2027 kostet Ihr Tarif 29,99 € statt 19,99 € im Monat."
REFUSED = {
    "eml_encoded_subject": "eml_too_complex",
    "eml_many_parts": "eml_too_complex",
    "eml_many_recipients": "eml_too_complex",
    "jpeg_many_scans": "image_too_complex",
    "pdf_empty_operators": "pdf_too_complex",
    "pdf_huge_image": "pdf_image_too_large",
}
HELVETICA = b"/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>"
TEXT_LAYER = (b"BT /F1 12 Tf 72 720 Td (Ihr neuer Preis ab 01.01.2027: 12,00 EUR statt "
              b"10,00 EUR im Monat.) Tj ET")


def code_of(call) -> str:
    with pytest.raises(ReaderError) as info:
        call()
    return info.value.code


# --- Refused from their structure ---------------------------------------------------------

@pytest.mark.parametrize("name", sorted(REFUSED))
def test_each_hostile_file_of_the_attack_is_refused_for_what_it_is(name):
    filename, data = HOSTILE[name](1.0)
    assert code_of(lambda: sandbox.read_bytes(data, filename)) == REFUSED[name]


def test_the_refusals_come_before_the_work():
    """In this process, without the sandbox's limits: each refusal is made from the
    file's structure, so the decoders and parsers never start (a regression here would
    cost seconds and gigabytes, which the sandbox then would have to stop)."""
    for name, code in REFUSED.items():
        filename, data = HOSTILE[name](1.0)
        assert code_of(lambda: sources.to_text(data, filename)) == code, name  # noqa: B023 (called at once)


@pytest.mark.parametrize("make, fits, too_many", [
    (eml_many_parts, 100 / 100_000, 101 / 100_000),
    (eml_many_recipients, 100 / 200_000, 101 / 200_000),
    (eml_encoded_subject, 1000 / 18_750, 1001 / 18_750),
])
def test_mail_limits_at_their_edge(make, fits, too_many):
    assert sources.eml_text(make(fits)[1]).kind == "eml"
    assert code_of(lambda: sources.eml_text(make(too_many)[1])) == "eml_too_complex"


def test_a_long_header_block_is_refused_in_a_part_too():
    body = ("From: a@example.org\r\nSubject: Preis\r\nContent-Type: multipart/mixed; "
            "boundary=b\r\n\r\n--b\r\nX-Long: " + "x" * 40_000 + "\r\n\r\nHallo\r\n--b--\r\n")
    assert code_of(lambda: sources.eml_text(body.encode())) == "eml_too_complex"
    short = body.replace("x" * 40_000, "x" * 100)
    assert "Hallo" in sources.eml_text(short.encode()).text


def test_jpeg_scans_in_a_photo():
    assert code_of(lambda: ocr.open_image(jpeg_many_scans(1.0)[1])) == "image_too_complex"
    out = io.BytesIO()
    Image.new("L", (1200, 800), 255).save(out, "JPEG", progressive=True)
    assert ocr.open_image(out.getvalue()).size == (1200, 800)    # ten scans: a photo


def test_pixels_after_scaling_stay_within_the_budget():
    # The narrow, tall PNG was scaled up four times (198 megapixels).
    factor = ocr.scale_factor(620, 20_000)
    assert 1.0 < factor < 4.0
    assert 620 * 20_000 * factor ** 2 <= ocr.MAX_WORK_PIXELS * 1.001
    prepared = ocr.prepare(ocr.open_image(png_tall(1.0)[1]))
    assert prepared.width * prepared.height <= ocr.MAX_WORK_PIXELS * 1.25
    # A page photo is scaled as before; an image too large even at a readable width is
    # refused before it is scaled.
    assert ocr.scale_factor(4000, 3000) == 0.75
    assert ocr.scale_factor(1240, 1754) == 2.0
    assert code_of(lambda: ocr.scale_factor(2800, 14_000)) == "image_too_long"


def test_a_blank_image_is_not_turned():
    # Every angle is as sharp as any other: no rotation (which made a tall image wide).
    assert ocr._skew_angle(Image.new("L", (700, 20_000), 255)) == 0


def test_an_image_in_a_pdf_with_a_text_layer_is_not_refused():
    """Image sizes matter only when the page is rendered for recognition."""
    huge = HOSTILE["pdf_huge_image"](1.0)[1]
    image = huge[huge.index(b"<< /Type /XObject"):huge.index(b"endstream") + 9]
    data = pdf([(TEXT_LAYER + b" q 595 0 0 842 0 0 cm /Im0 Do Q",
                 b"<< " + HELVETICA + b" /XObject << /Im0 @Im0 >> >>")], {b"Im0": image})
    source = sources.pdf_text(data)
    assert source.kind == "pdf" and "12,00 EUR" in source.text


def test_a_jpeg_with_many_scans_inside_a_scanned_pdf_is_refused():
    raw = jpeg_many_scans(0.2)[1]
    image = (b"<< /Type /XObject /Subtype /Image /Width 2000 /Height 2000 /ColorSpace "
             b"/DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n"
             % len(raw) + raw + b"\nendstream")
    data = pdf([(b"q 595 0 0 842 0 0 cm /Im0 Do Q", b"<< /XObject << /Im0 @Im0 >> >>")],
               {b"Im0": image})
    assert code_of(lambda: sources.pdf_text(data)) == "pdf_too_complex"


def test_an_inline_image_is_measured_too():
    content = b"q BI /W 20000 /H 20000 /CS /G /BPC 1 ID " + b"\0" * 16 + b" EI Q"
    assert code_of(lambda: sources.pdf_text(pdf([(content, b"<< >>")]))) in \
        ("pdf_image_too_large", "pdf_too_complex")


def test_a_page_of_too_many_operators_is_refused():
    content = b"q Q " * 200_000                   # 800 KB: under the bytes, over the items
    assert code_of(lambda: sources.pdf_text(pdf([(content, b"<< >>")]))) == \
        "pdf_too_complex"
    data = pdf([(TEXT_LAYER + b" q Q" * 1000, b"<< " + HELVETICA + b" >>")])
    assert "12,00 EUR" in sources.pdf_text(data).text


# --- The sandbox --------------------------------------------------------------------------

def tools_running() -> int:
    count = 0
    for entry in Path("/proc").iterdir():
        try:
            name = (entry / "comm").read_text().strip()
        except OSError:
            continue
        count += name in ("tesseract", "pdftocairo")
    return count


def test_a_reading_comes_back_as_in_the_caller_s_process():
    inside = sandbox.read_text(TEXT)
    from objection.reader import read_text
    here = read_text(TEXT)
    assert (inside.case, inside.evidence, inside.kind) == (here.case, here.evidence, here.kind)
    assert [(w.code, w.message.render("de"), w.pointers) for w in inside.warnings] == \
        [(w.code, w.message.render("de"), w.pointers) for w in here.warnings]


def test_a_refusal_comes_back_in_every_language():
    with pytest.raises(ReaderError) as info:
        sandbox.read_bytes(jpeg_many_scans(1.0)[1], "notice.jpg")
    assert "Bild" in info.value.render("de") and "image" in info.value.render("en")


@pytest.mark.slow
def test_a_reading_past_its_time_is_ended_with_its_tools():
    before = tools_running()
    limits = sandbox.Limits(seconds=1.5, cpu=60, memory=sandbox.FILE.memory)
    code = code_of(lambda: sandbox.read_bytes(PHOTO.read_bytes(), PHOTO.name, limits))
    assert code in ("read_timeout", "ocr_timeout")
    limits = sandbox.Limits(seconds=0.3, cpu=60, memory=sandbox.FILE.memory)
    assert code_of(lambda: sandbox.read_bytes(PHOTO.read_bytes(), PHOTO.name, limits)) == \
        "read_timeout"
    assert tools_running() <= before


@pytest.mark.slow
@pytest.mark.parametrize("lang, words", [("de", "zu lange gedauert"),
                                         ("en", "took too long")])
def test_a_reading_past_its_time_answers_the_page_with_a_way_forward(tmp_path, lang, words):
    """The page waits no longer than the reading's budget (here cut to 0.3 s): then the
    start page says why at the file's field, in the user's language, with what to do."""
    from conftest import token
    from test_web import errors_on
    app = create_app({"TESTING": True, "TODAY": TODAY, "READER_SECONDS": 0.3,
                      "READER_LOCKS": str(tmp_path / "locks")})
    client = app.test_client()
    response = client.post(f"/read?lang={lang}", data={
        "csrf_token": token(client), "notice_text": "",
        "notice_file": (io.BytesIO(PHOTO.read_bytes()), PHOTO.name)},
        content_type="multipart/form-data")
    assert response.status_code == 422
    message = errors_on(response)[0]
    assert words in message and sandbox._too_long().render(lang) in message
    assert 'id="notice_file-error"' in response.get_data(as_text=True)


@pytest.mark.slow
def test_a_reading_past_its_memory_fails_cleanly():
    # 36 megapixels in colour: a photo the reader takes (the decoded image alone needs
    # 108 MB), but not within 256 MB of address space for the whole process.
    out = io.BytesIO()
    Image.new("RGB", (6000, 6000), "white").save(out, "PNG")
    limits = sandbox.Limits(seconds=60, cpu=60, memory=256 * 1024 * 1024)
    assert code_of(lambda: sandbox.read_bytes(out.getvalue(), "photo.png", limits)) in \
        ("read_failed", "ocr_failed")


@pytest.mark.slow
def test_the_photo_is_read_in_the_sandbox():
    reading = sandbox.read_bytes(PHOTO.read_bytes(), PHOTO.name)
    assert reading.kind == "photo" and reading.case["notice"]


# --- At most so many at once -----------------------------------------------------------

@pytest.fixture
def crowded(tmp_path):
    """An app with one reading slot and one waiting place, in a lock folder of its own."""
    folder = tmp_path / "locks"
    app = create_app({"TESTING": True, "TODAY": TODAY, "READER_SLOTS": 1,
                      "READER_QUEUE": 1, "READER_WAIT": 1.0, "READER_LOCKS": str(folder)})
    return app, folder


def hold(folder: Path, name: str) -> int:
    """Take a slot as another worker's reading would."""
    descriptor = os.open(folder / name, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return descriptor


def notice_upload(client, **headers):
    return client.post("/api/v1/notice", data={"file": (io.BytesIO(TEXT.encode()), "n.txt")},
                       content_type="multipart/form-data", headers=headers)


def test_busy_readings_are_answered_at_once_with_retry_after(crowded):
    app, folder = crowded
    client = app.test_client()
    slot, ticket = hold(folder, "file-run-0"), hold(folder, "file-wait-0")
    try:
        response = notice_upload(client, **{"Accept-Language": "de"})
        assert response.status_code == 503 and response.headers["Retry-After"] == "60"
        assert response.mimetype == "application/problem+json"
        assert "in einer Minute" in response.json["detail"]
        # pasted text has a lane of its own
        answer = client.post("/api/v1/notice", data=TEXT.encode(), content_type="text/plain")
        assert answer.status_code == 200 and answer.json["case"]["notice"]
    finally:
        os.close(slot), os.close(ticket)
    assert notice_upload(client).status_code == 200


def test_a_reading_waits_for_a_slot_in_the_queue(crowded):
    app, folder = crowded
    slot = hold(folder, "file-run-0")
    threading.Timer(0.3, os.close, (slot,)).start()
    assert notice_upload(app.test_client()).status_code == 200
    slot = hold(folder, "file-run-0")
    try:
        response = notice_upload(app.test_client())      # waited READER_WAIT, in vain
        assert response.status_code == 503
    finally:
        os.close(slot)


@pytest.mark.parametrize("lang, words", [("de", "in einer Minute"), ("en", "in a minute")])
def test_the_page_says_busy_and_keeps_what_was_pasted(crowded, lang, words):
    from conftest import token
    app, folder = crowded
    client = app.test_client()
    slot, ticket = hold(folder, "file-run-0"), hold(folder, "file-wait-0")
    try:
        response = client.post(f"/read?lang={lang}", data={
            "csrf_token": token(client), "notice_text": "",
            "notice_file": (io.BytesIO(PHOTO.read_bytes()), PHOTO.name)},
            content_type="multipart/form-data")
        page = response.get_data(as_text=True)
        assert response.status_code == 503 and response.headers["Retry-After"] == "60"
        assert words in page
        # pasted text is read meanwhile
        answer = client.post("/read", data={"csrf_token": token(client),
                                            "notice_text": TEXT},
                             content_type="multipart/form-data")
        assert answer.status_code == 303
    finally:
        os.close(slot), os.close(ticket)


def test_a_lock_folder_others_may_write_to_is_refused(tmp_path):
    folder = tmp_path / "open"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    with pytest.raises(RuntimeError):
        create_app({"TESTING": True, "READER_LOCKS": str(folder)})


# --- Posts from other sites -----------------------------------------------------------------

@pytest.mark.parametrize("headers, status", [
    ({}, 200),                                              # a program
    ({"Sec-Fetch-Site": "same-origin"}, 200),
    ({"Sec-Fetch-Site": "none"}, 200),                      # typed into the address bar
    ({"Origin": "http://localhost"}, 200),
    ({"Sec-Fetch-Site": "cross-site"}, 403),
    ({"Sec-Fetch-Site": "same-site"}, 403),
    ({"Origin": "https://evil.example"}, 403),
    ({"Origin": "null"}, 403),
])
def test_the_api_refuses_posts_from_other_sites(client, headers, status):
    response = notice_upload(client, **headers)
    assert response.status_code == status
    if status == 403:
        assert response.mimetype == "application/problem+json"
        assert client.post("/api/v1/assessment", json={}, headers=headers).status_code == 403


def test_the_hostile_generator_is_what_the_attack_measured():
    """Sizes as in the attack (issue 21): at most 1.4 MB each."""
    sizes = {name: len(make(1.0)[1]) for name, make in HOSTILE.items()}
    assert all(size <= 1_450_000 for size in sizes.values()), sizes
    assert 250_000 < sizes["eml_encoded_subject"] < 350_000
    assert 480_000 < sizes["jpeg_many_scans"] <= 520_000

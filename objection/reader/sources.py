"""Files to text: plain text, e-mail (.eml), PDF (text layer, else OCR) and photos.

Every limit is checked before the expensive step: the size before anything, an
image's pixels from its header and a JPEG's scans from its markers, an e-mail's header
blocks, encoded words, recipients and parts before it is parsed, a PDF's structure
(encryption, JavaScript, page sizes, the size of each page's content, the pixels of the
images a scan shows) before its text is extracted or its pages rendered. What no check
can foresee is bounded by the process the reading runs in (objection.reader.sandbox).
"""
from __future__ import annotations

import email
import email.policy
import io
import itertools
import logging
import re
import warnings
from dataclasses import dataclass, field
from email.message import EmailMessage
from html.parser import HTMLParser

from .. import imagefiles
from ..i18n import N_
from . import ocr
from .errors import ReaderError

MAX_BYTES = 10_000_000          # 10 MB: larger files are refused before reading
MAX_TEXT = 200_000              # characters of text the rules look at
MAX_PAGES = 10                  # PDF pages read (text layer)
MAX_OCR_PAGES = 3               # PDF pages rendered and read by OCR
MAX_PAGE_POINTS = 3000          # a page side above ~106 cm is refused (A4: 842)
MIN_TEXT_LAYER = 25             # fewer letters than this: the PDF is a scan
# A page's content (its operators, and those of the forms it shows), decoded: a page of
# dense text has 10-100 KB; the text extractor walks about a megabyte a second.
MAX_PAGE_CONTENT = 1_000_000
MAX_CONTENT = 2_000_000         # over all pages read
MAX_STREAM = 8_000_000          # any stream, decoded (pypdf's filter limits)
MAX_PARSED_ITEMS = 300_000      # operators and operands in one content stream
MAX_FORMS = 200                 # forms shown by one page
MAX_FORM_DEPTH = 4              # forms inside forms
# E-mail, checked in the raw bytes before the parser builds an object for each part and
# header: a notice's header block has a few KB, a handful of parts and one recipient.
MAX_MAIL_HEADER = 32 * 1024     # one header block (the message's, or a part's)
MAX_ENCODED_WORDS = 1000        # RFC 2047 "=?charset?B?...?=" in the whole message
MAX_MAIL_PARTS = 100
MAX_BOUNDARIES = 20             # multipart levels and siblings, each with its boundary
MAX_RECIPIENTS = 100

KINDS = {".txt": "txt", ".text": "txt", ".eml": "eml", ".pdf": "pdf", ".png": "photo",
         ".jpg": "photo", ".jpeg": "photo", ".html": "html", ".htm": "html"}


@dataclass
class Source:
    text: str
    kind: str                      # txt | eml | pdf | photo | scan
    notes: list[str] = field(default_factory=list)   # warning codes for the reading
    unsure: set[str] = field(default_factory=set)    # words OCR was unsure of


def file_kind(data: bytes, filename: str | None) -> str:
    """What the bytes are: the content decides where it is unmistakable."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff"):
        return "photo"
    ext = ""
    if filename:
        m = re.search(r"(\.[A-Za-z0-9]{1,5})$", filename)
        ext = m.group(1).lower() if m else ""
    if ext in KINDS:
        kind = KINDS[ext]
        if kind in ("pdf", "photo"):
            raise ReaderError("not_" + kind, N_("The file's name says %(kind)s, but its "
                                                "content is not: it may be damaged."),
                              kind=ext.lstrip(".").upper())
        return kind
    if filename and ext and filename != "-":
        raise ReaderError("unsupported_type", N_("This kind of file cannot be read: use a "
                                                 "text file (.txt), an e-mail (.eml), a PDF "
                                                 "or a photo (.png, .jpg)."))
    return "txt"


def to_text(data: bytes, filename: str | None = None) -> Source:
    if len(data) > MAX_BYTES:
        raise ReaderError("too_large", N_("The file is larger than %(max)s MB."),
                          max=MAX_BYTES // 1_000_000)
    if not data.strip():
        raise ReaderError("empty", N_("The file is empty."))
    kind = file_kind(data, filename)
    if kind == "pdf":
        return pdf_text(data)
    if kind == "photo":
        result = ocr.ocr_image(data)
        return Source(result.text, "photo", ["ocr"], result.unsure)
    if kind == "eml":
        return eml_text(data)
    text = decode_text(data)
    if kind == "html" or (re.match(r"(?is)\s*(?:<!doctype\s+html|<html)", text[:200])):
        text = html_to_text(text)
    return Source(text, "txt")


# --- Plain text -----------------------------------------------------------------------

def decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _check_text(data.decode("utf-16"))
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536]:
        raise ReaderError("binary", N_("This is not a text file (it contains binary data)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return _check_text(text)


def _check_text(text: str) -> str:
    sample = text[:65536]
    control = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f") or
                  0x7f <= ord(c) < 0xa0 or c == "\ufffd")
    if control > max(8, len(sample) // 100):
        raise ReaderError("binary", N_("This is not a text file (it contains binary data)."))
    return text


# --- HTML -----------------------------------------------------------------------------

class _HTMLText(HTMLParser):
    """HTML to plain text: blocks become lines, table cells stay on their row (with a
    wide gap between them), scripts, styles and hidden parts are dropped."""

    BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table",
             "section", "article", "header", "footer", "address", "blockquote", "hr",
             "ul", "ol", "dl", "dt", "dd", "pre", "center", "title"}
    SKIP = {"script", "style", "head", "noscript", "template", "svg", "object", "iframe"}
    VOID = {"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.skip:
            if tag not in self.VOID:
                self.skip.append(tag)
            return
        style = (dict(attrs).get("style") or "").replace(" ", "").lower()
        hidden = "display:none" in style or "visibility:hidden" in style or \
            any(k == "hidden" for k, _ in attrs)
        if tag in self.SKIP or (hidden and tag not in self.VOID):
            self.skip.append(tag)
            return
        if tag in ("td", "th"):
            self.parts.append("    ")
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if not self.skip and tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self.skip:
            if tag == self.skip[-1]:
                self.skip.pop()
            return
        if tag in self.BLOCK and tag != "br":
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    lines = [line.strip(" ") for line in "".join(parser.parts).split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --- E-mail ---------------------------------------------------------------------------

def _mail_too_complex() -> ReaderError:
    return ReaderError("eml_too_complex", N_(
        "This e-mail is too large or too complex to be a notice (very long headers, "
        "many recipients or parts): forward the notice alone, or paste its text."))


_ENCODED_WORD = re.compile(rb"=\?[^?\s]{1,64}\?[bBqQ]\?")
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
_BOUNDARY = re.compile(rb'(?i)\bboundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))')
_RECIPIENT_HEADER = re.compile(rb"(?im)^(?:to|cc|bcc)[ \t]*:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*")


def check_mail(data: bytes) -> None:
    """The e-mail's shape from its bytes, before the parser sees it: every header block
    short, few encoded words, few recipients, few parts."""
    if _more_than(MAX_ENCODED_WORDS, _ENCODED_WORD.finditer(data)):
        raise _mail_too_complex()
    head = _header_block(data, 0)
    recipients = sum(m.group().count(b"@") for m in _RECIPIENT_HEADER.finditer(head))
    if recipients > MAX_RECIPIENTS:
        raise _mail_too_complex()
    boundaries = {a or b for a, b in _BOUNDARY.findall(data)}
    if len(boundaries) > MAX_BOUNDARIES:
        raise _mail_too_complex()
    parts = 0
    for boundary in boundaries:
        for found in re.finditer(rb"(?m)^--" + re.escape(boundary), data):
            parts += 1
            if parts > MAX_MAIL_PARTS + len(boundaries):     # each closes once
                raise _mail_too_complex()
            _header_block(data, found.end())


def _more_than(limit: int, items) -> bool:
    return any(True for _ in itertools.islice(items, limit, limit + 1))


def _header_block(data: bytes, start: int) -> bytes:
    """The header block that starts at `start`, refused when longer than MAX_MAIL_HEADER."""
    end = _BLANK_LINE.search(data, start, start + MAX_MAIL_HEADER + 4)
    if end is None:
        if len(data) - start > MAX_MAIL_HEADER:
            raise _mail_too_complex()
        return data[start:]
    return data[start:end.start()]


def eml_text(data: bytes) -> Source:
    check_mail(data)
    try:
        msg = email.message_from_bytes(data, policy=email.policy.default)
        head = []
        for name, label in (("From", "From"), ("To", "To"), ("Date", "Date"),
                            ("Subject", "Subject")):
            value = msg.get(name)
            if value:
                flat = re.sub(r"[\r\n]+\s*", " ", str(value))
                head.append(f"{label}: {flat}")
        body, attachments = _mail_body(msg)
    except ReaderError:
        raise
    except Exception:     # the e-mail parser's errors are many and undocumented
        raise ReaderError("eml_unreadable", N_("This e-mail could not be read.")) from None
    if not head and not body.strip():
        raise ReaderError("eml_unreadable", N_("This e-mail could not be read."))
    text = "\n".join(head) + "\n\n" + body
    notes = []
    for pdf in attachments[:2]:
        try:
            text += "\n\n" + pdf_text(pdf, allow_ocr=False).text
            notes.append("attachment")
        except ReaderError:
            notes.append("attachment_unreadable")
    return Source(text, "eml", notes)


def _mail_body(msg: EmailMessage) -> tuple[str, list[bytes]]:
    plain, html, attachments = [], [], []
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        disposition = part.get_content_disposition()
        if ctype == "application/pdf" or (disposition == "attachment" and
                                          (part.get_filename() or "").lower().endswith(".pdf")):
            payload = part.get_payload(decode=True) or b""
            if len(payload) <= MAX_BYTES:
                attachments.append(payload)
            continue
        if disposition == "attachment":
            continue
        if ctype == "text/plain":
            plain.append(_part_text(part))
        elif ctype == "text/html":
            html.append(_part_text(part))
    if plain and any(p.strip() for p in plain):
        return "\n\n".join(plain), attachments
    return "\n\n".join(html_to_text(h) for h in html), attachments


def _part_text(part) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeError, KeyError, AssertionError):
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", errors="replace")


# --- PDF ------------------------------------------------------------------------------

_JS = re.compile(rb"/(?:JavaScript|JS)\b")


def _pypdf():
    import pypdf
    return pypdf


def _limits(pypdf):
    """pypdf's own limits (pypdf.Configuration), set for what a notice needs: a stream
    decodes to at most MAX_STREAM, a content stream is parsed into at most
    MAX_PARSED_ITEMS operators and operands, a page shows forms at most MAX_FORMS times,
    and no image is decoded (the text extractor needs none; jbig2dec is never called)."""
    return pypdf.apply_configuration(
        maximum_declared_stream_length=MAX_BYTES,
        array_based_stream_maximum_output_length=MAX_STREAM,
        zlib_maximum_output_length=MAX_STREAM, lzw_maximum_output_length=MAX_STREAM,
        run_length_maximum_output_length=MAX_STREAM, brotli_maximum_output_length=MAX_STREAM,
        jbig2_maximum_output_length=MAX_STREAM, image_maximum_buffer_size=MAX_STREAM,
        stream_parsing_work_maximum_count=MAX_PARSED_ITEMS,
        xform_maximum_invocations_per_extraction=MAX_FORMS, jbig2dec_binary=None)


def pdf_text(data: bytes, allow_ocr: bool = True) -> Source:
    pypdf = _pypdf()
    from pypdf.errors import (DependencyError, FileNotDecryptedError, LimitReachedError,
                              PdfReadError)
    if _JS.search(data):
        raise _js_error()
    damaged = ReaderError("pdf_damaged", N_("This PDF is damaged and cannot be read."))
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)    # pypdf logs every oddity of a file; we decide
    try:
        with warnings.catch_warnings(), _limits(pypdf):
            warnings.simplefilter("ignore")
            try:
                reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
            except (PdfReadError, ValueError, KeyError, TypeError, AttributeError,
                    IndexError, RecursionError, AssertionError, OSError):
                raise damaged from None
            if reader.is_encrypted:
                try:
                    if not reader.decrypt(""):
                        raise _encrypted()
                except (DependencyError, FileNotDecryptedError, PdfReadError, NotImplementedError):
                    raise _encrypted() from None
            try:
                _check_structure(reader)
                count = len(reader.pages)
                texts: list[str] = []
                images: list[ReaderError | None] = []   # why a page cannot be rendered
                content = 0
                for number in range(min(count, MAX_PAGES)):
                    page = reader.pages[number]
                    _check_page(page)
                    content += _content_size(page)
                    if content > MAX_CONTENT:
                        raise _too_complex()
                    if number < MAX_OCR_PAGES:
                        images.append(_image_error(page))
                    texts.append(page.extract_text(extraction_mode="layout") or "")
                    if sum(len(t) for t in texts) > MAX_TEXT:
                        break
            except ReaderError:
                raise
            except LimitReachedError:
                raise _too_complex() from None
            except Exception:   # pypdf raises many kinds on a hostile file
                raise damaged from None
    finally:
        logger.setLevel(level)
    notes = ["pages_skipped"] if count > MAX_PAGES else []
    text = "\n\n".join(texts)
    if len(re.findall(r"[A-Za-zÄÖÜäöüß]", text)) >= MIN_TEXT_LAYER:
        return Source(text, "pdf", notes)
    if not allow_ocr:
        raise ReaderError("pdf_no_text", N_("This PDF has no text layer."))
    # a scan: render the first pages and read them
    pages, unsure = [], set()
    for number in range(1, min(count, MAX_OCR_PAGES) + 1):
        if images[number - 1] is not None:
            raise images[number - 1]
        try:
            with ocr.render_pdf_page(data, number) as image:
                result = ocr.read_image(image)
        except ReaderError as exc:
            if not pages or exc.code not in ("ocr_timeout", "render_timeout"):
                raise
            break               # out of time: the first pages hold what matters
        pages.append(result.text)
        unsure |= result.unsure
    skipped = count > len(pages)
    notes = notes + ["ocr"] + (["pages_skipped"] if skipped and
                               "pages_skipped" not in notes else [])
    return Source("\n\n".join(pages), "scan", notes, unsure)


def _js_error() -> ReaderError:
    return ReaderError("pdf_javascript", N_("This PDF contains JavaScript, which is not "
                                            "allowed: please save or print it as a plain PDF, "
                                            "or paste its text."))


def _encrypted() -> ReaderError:
    return ReaderError("pdf_encrypted", N_("This PDF is encrypted (protected by a "
                                           "password): please save an unprotected copy, or "
                                           "paste its text."))


def _check_structure(reader) -> None:
    root = reader.trailer["/Root"].get_object()
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        raise _js_error()
    action = root.get("/OpenAction")
    if action is not None:
        action = action.get_object()
        if hasattr(action, "get") and action.get("/S") in ("/JavaScript", "/Launch"):
            raise _js_error()
    if root.get("/AA") is not None:
        raise _js_error()


def _too_complex() -> ReaderError:
    return ReaderError("pdf_too_complex", N_("This PDF is too complex to be read: please "
                                             "paste its text."))


def _content_size(page) -> int:
    """Bytes of the page's content operators, and of the forms it shows, decoded."""
    contents = page.get_contents()
    size = len(contents.get_data()) if contents is not None else 0
    for form in _xobjects(page.get("/Resources"), "/Form"):
        size += len(form.get_data())
    if size > MAX_PAGE_CONTENT:
        raise _too_complex()
    return size


def _xobjects(resources, subtype: str, depth: int = 0, seen: set | None = None):
    """The page's external objects of one subtype (/Form, /Image), each once, inside
    forms too."""
    seen = set() if seen is None else seen
    if resources is None or depth > MAX_FORM_DEPTH:
        return
    xobjects = resources.get_object().get("/XObject")
    if xobjects is None:
        return
    for ref in xobjects.get_object().values():
        key = getattr(ref, "idnum", None) or id(ref)
        if key in seen:
            continue
        seen.add(key)
        obj = ref.get_object()
        if obj.get("/Subtype") == subtype:
            yield obj
        if obj.get("/Subtype") == "/Form":
            yield from _xobjects(obj.get("/Resources"), subtype, depth + 1, seen)


_INLINE_IMAGE = re.compile(rb"\bBI\b(.{0,1000}?)\bID\b", re.S)
_INLINE_SIZE = re.compile(rb"/(W|Width|H|Height)\s+(\d{1,9})\b")


def _image_error(page) -> ReaderError | None:
    """Why the page cannot be rendered for recognition, from its structure: an image with
    more pixels than a photo may have, or a JPEG in it that asks too much of libjpeg."""
    sizes = []
    for image in _xobjects(page.get("/Resources"), "/Image"):
        for one in (image, image.get("/SMask")):
            if one is None:
                continue
            one = one.get_object()
            sizes.append((int(one.get("/Width", 0)), int(one.get("/Height", 0))))
            filters = one.get("/Filter")
            if filters == "/DCTDecode" or filters == ["/DCTDecode"]:
                try:
                    imagefiles.jpeg_layout(one._data, ocr.MAX_SCANS, ocr.MAX_SCAN_BLOCKS)
                except imagefiles.Malformed:
                    return _too_complex()
    contents = page.get_contents()
    for found in _INLINE_IMAGE.finditer(contents.get_data() if contents is not None else b""):
        size = {key[:1]: int(value) for key, value in _INLINE_SIZE.findall(found.group(1))}
        sizes.append((size.get(b"W", 0), size.get(b"H", 0)))
    for width, height in sizes:
        if width * height > ocr.MAX_PIXELS:
            return ReaderError("pdf_image_too_large", N_(
                "This PDF has no text layer and shows an image too large to be read (at "
                "most %(max)s megapixels): please paste its text."),
                               max=ocr.MAX_PIXELS // 1_000_000)
    return None


def _check_page(page) -> None:
    box = page.mediabox
    unit = float(page.get("/UserUnit", 1) or 1)
    width, height = abs(float(box.width)) * unit, abs(float(box.height)) * unit
    if width > MAX_PAGE_POINTS or height > MAX_PAGE_POINTS or width < 1 or height < 1:
        raise ReaderError("pdf_page_size", N_("This PDF has a page of an impossible size "
                                              "(%(width)s × %(height)s cm)."),
                          width=round(width / 72 * 2.54), height=round(height / 72 * 2.54))
    if page.get("/AA") is not None:
        raise _js_error()
    for annot in page.get("/Annots") or []:
        annot = annot.get_object()
        action = annot.get("/A")
        if action is not None and action.get_object().get("/S") in ("/JavaScript",
                                                                     "/Launch"):
            raise _js_error()

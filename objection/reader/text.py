"""The text model every part of the reader reads: lines (with their layout columns and
whether they hold register data), sentences, the language, and whether the text reaches
the letter's end. Built once per notice and never changed.

The text may come in any order (a PDF's text layer often has the body before the
letterhead, OCR separates blocks), so the parts look at lines and sentences, not at the
position on the page. Register data (Amtsgericht, HRB, Geschäftsführer, Vorstand, the
company's IBAN, USt-IdNr) is marked first and never taken for the letter's facts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .patterns import squash

SNIPPET = 120

REGISTER = re.compile(
    r"""(?ix)\b(?:Amtsgericht|Registergericht|Handelsregister|HRB|HRA|GnR|VR\s?\d|
    Registernummer|Register-?Nr|Gesch(?:ä|a)ftsf(?:ü|u)hr|Vorstand|Vorst(?:ä|a)nde|
    Aufsichtsrat|Vorsitzender?\s+des|Sitz\s+der\s+Gesellschaft|Sitz:|
    USt\.?-?\s?Id|Umsatzsteuer|Steuer-?\s?Nr|Steuernummer|St\.-?Nr|Finanzamt|
    BIC|SWIFT|Bankverbindung|Kontoverbindung|Gl(?:ä|a)ubiger-?I|Gläubiger-?ID|
    Anstalt\s+des\s+öffentlichen|Company\s+(?:number|no|registration)|
    Registered\s+(?:in|office|number)|VAT\s+(?:no|number|reg|ID)|Directors?:|
    Managing\s+Directors?|CEO:|Board:|Chairman|BaFin|Aufsichtsbehörde|
    Persönlich\s+haftende|Komplementär|WEEE|Datenschutzbeauftragte)""")
IBAN_RE = re.compile(r"\b([A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?)\b")
CLOSING = re.compile(r"(?i)^\s*(?:mit\s+)?(?:freundlich|besten|beste|viele|herzlich|liebe)\w*\s+"
                     r"gr(?:ü|u)(?:ß|ss)|^\s*(?:kind|best|warm)\s+regards|^\s*yours\s+"
                     r"(?:sincerely|faithfully)|^\s*(?:sincerely|regards|cheers)\b")
SALUTATION = re.compile(r"(?i)^\s*(?:sehr\s+geehrte[rs]?|guten\s+tag|hallo|liebe[rs]?|"
                        r"dear|hello|hi|moin|servus|grüß\s+gott)\b")
SIGN_OFF = re.compile(r"(?i)^(?:Ihr|Ihre|Dein|Deine|Euer|Your|The)\s+(?:[\w.&-]+\s+){0,4}"
                      r"Team\b|^[\w.&-]+(?:\s+[\w.&-]+){0,3}\s+Team$")


@dataclass(frozen=True)
class Line:
    index: int
    text: str                # the whole line, trimmed
    cells: tuple[str, ...]   # parts separated by 3+ spaces (layout columns)
    register: bool
    indent: int = 0          # spaces before the text as laid out


@dataclass(frozen=True)
class Sentence:
    text: str
    lines: tuple[int, ...]


@dataclass(frozen=True)
class Text:
    """A notice's text as the parts read it."""

    full: str                        # the text as given
    lines: tuple[Line, ...]
    sentences: tuple[Sentence, ...]
    language: str | None             # de | en when clear
    whole: bool                      # reaches the letter's end (see reaches_end)

    @property
    def body(self) -> list[Line]:
        """The lines with text that are not register data."""
        return [ln for ln in self.lines if ln.text and not ln.register]

    def line_with(self, fragment: str) -> str:
        return next((ln.text for ln in self.lines if fragment in ln.text), fragment)

    def after_closing(self, index: int) -> bool:
        """Whether line `index` comes after the letter's closing formula (the footer)."""
        closing = [ln.index for ln in self.lines if CLOSING.match(ln.text)]
        if not closing:
            return False
        # the footer follows the closing within the last quarter of the text
        return index > closing[-1] + 2 and index > len(self.lines) * 0.6


def text_model(text: str, kind: str = "txt") -> Text:
    """The model of `text`, read from a source of `kind` (txt, eml, pdf, photo, scan)."""
    raw = text.split("\n")
    register = _register(raw)
    lines = tuple(Line(i, t.strip(), tuple(cells(t)), register[i], len(t) - len(t.lstrip()))
                  for i, t in enumerate(raw))
    body = "\n".join(ln.text for ln in lines if not ln.register)
    return Text(full=text, lines=lines, sentences=tuple(_sentences(lines)),
                language=language(body), whole=reaches_end(lines, kind))


def cells(line: str) -> list[str]:
    """The layout columns of a line: parts separated by 3 or more spaces."""
    return [c.strip() for c in re.split(r"\s{3,}", line.strip()) if c.strip()]


def _register(raw: list[str]) -> list[bool]:
    """Register data: lines with register words; an IBAN line too, unless it is labelled
    as the customer's account or stands away from register and bank lines (the
    customer's IBAN in a bank's letter sits in the information block)."""
    texts = [t.strip() for t in raw]
    register = [bool(REGISTER.search(t)) for t in texts]
    for i, text in enumerate(texts):
        if register[i] or not IBAN_RE.search(text):
            continue
        if re.search(r"(?i)\b(?:Ihr(?:e|es|em)?\s+(?:Konto|IBAN|Girokonto)|Konto\s*:|"
                     r"Kontonummer|your\s+(?:account|IBAN)|account\s*:)", text):
            continue
        # an IBAN line marked here counts for the lines after it
        if any(register[max(0, i - 2):i + 3]) or re.search(
                r"(?i)\b(?:bank|sparkasse|volksbank|raiffeisen|postbank|commerzbank|"
                r"kreditinstitut|bankverbindung)\b", text):
            register[i] = True
    return register


def reaches_end(lines: tuple[Line, ...], kind: str) -> bool:
    """Whether the text reaches the letter's end (its closing, the sender's sign-off
    or the register data of the footer), so that what it does not say, the notice
    does not say. A PDF and an e-mail are whole by nature."""
    return kind in ("pdf", "eml") or any(
        line.register or CLOSING.match(line.text) or SIGN_OFF.match(line.text)
        for line in lines)


ABBREVIATIONS = {
    "z", "b", "nr", "str", "inkl", "zzgl", "ca", "bzw", "ggf", "d", "h", "u", "a", "usw",
    "dr", "prof", "hr", "fr", "st", "abs", "art", "tel", "vgl", "evtl", "mio", "mrd", "ct",
    "mtl", "jährl", "max", "min", "gem", "lt", "i", "s", "e", "v", "co", "ltd", "inc", "no",
    "approx", "incl", "excl", "etc", "e.g", "i.e", "mr", "mrs", "ms", "jan", "feb", "mär",
    "apr", "jun", "jul", "aug", "sep", "sept", "okt", "oct", "nov", "dez", "dec", "kd",
    "vers", "ust", "mwst", "zb", "ff", "bspw", "sog", "allg", "o", "vs", "p", "pp", "ziff",
}


def _split_sentences(paragraph: str) -> list[str]:
    out, start = [], 0
    for m in re.finditer(r"[.!?](?=\s+[\"'(]?[A-ZÄÖÜ0-9])", paragraph):
        before = paragraph[start:m.start()]
        word = re.search(r"([\wäöüß.]+)$", before)
        token = word.group(1).lower() if word else ""
        if token in ABBREVIATIONS or token.split(".")[-1] in ABBREVIATIONS:
            continue
        if re.fullmatch(r"\d{1,2}", token):      # "1. Januar", "4. Oktober"
            continue
        if re.fullmatch(r"[a-zäöü]", token):     # "z. B."
            continue
        out.append(paragraph[start:m.end()].strip())
        start = m.end()
    if paragraph[start:].strip():
        out.append(paragraph[start:].strip())
    return out


def _sentences(lines: tuple[Line, ...]) -> list[Sentence]:
    """Join wrapped lines into paragraphs, then split them into sentences."""
    sentences: list[Sentence] = []
    para: list[tuple[int, str]] = []

    def flush():
        if not para:
            return
        text, idx = "", []
        for i, part in para:
            if text.endswith("-") and re.match(r"[a-zäöüß]", part) and \
                    re.search(r"[a-zäöüß]-$", text):
                text = text[:-1] + part
            else:
                text = f"{text} {part}" if text else part
            idx.append(i)
        for s in _split_sentences(text):
            sentences.append(Sentence(s, tuple(idx)))
        para.clear()

    for line in lines:
        if not line.text or line.register:
            flush()
            continue
        text = " ".join(line.cells)
        para.append((line.index, text))
        short = len(text) < 45 and not re.search(r"[,\-–:(]$|\b(?:und|oder|and|or|der|"
                                                 r"die|das|the|von|zum|ab|bis)$", text)
        if short:
            flush()
    flush()
    return sentences


def snippet(text: str, start: int = 0, end: int | None = None) -> str:
    """At most SNIPPET characters of `text` around [start, end)."""
    flat = squash(text)
    if len(flat) <= SNIPPET:
        return flat
    # map positions roughly onto the squashed text
    prefix = squash(text[:start])
    mid = len(prefix) + (len(squash(text[start:end])) if end else 0) // 2
    lo = max(0, min(len(flat) - SNIPPET, mid - SNIPPET // 2))
    part = flat[lo:lo + SNIPPET]
    if lo > 0:
        part = "…" + part[1:]
    if lo + SNIPPET < len(flat):
        part = part[:-1] + "…"
    return part


_DE_WORDS = re.compile(r"(?i)\b(?:und|der|die|das|ihr|ihre|ihren|sie|wir|nicht|mit|für|"
                       r"den|dem|ist|zum|ab|bis|auf|von|sehr|geehrte)\b")
_EN_WORDS = re.compile(r"(?i)\b(?:the|and|your|you|we|not|with|for|is|from|to|will|of|"
                       r"our|this|price|dear)\b")


def language(text: str) -> str | None:
    de, en = len(_DE_WORDS.findall(text)), len(_EN_WORDS.findall(text))
    if de + en < 5:
        return None
    if de >= 1.5 * en:
        return "de"
    if en >= 1.5 * de:
        return "en"
    return None

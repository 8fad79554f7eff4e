"""The notice's own date and the day the change takes effect."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..i18n import N_
from .findings import Fact, Finding, Note
from .patterns import PRICE_WORDS, TERMINATE, DateMatch, complete_year, find_dates, squash
from .text import SNIPPET, Text

# --- The notice's own date -----------------------------------------------------------

LABELLED = re.compile(r"(?i)^(?:Datum|Date|Briefdatum|Schreiben\s+vom|Stand|Gesendet|"
                      r"Sent|Dated?)\s*:?\s*(?:(?:Mo|Di|Mi|Do|Fr|Sa|So|Mon|Tue|Wed|Thu|"
                      r"Fri|Sat|Sun)\w*\.?,?\s*)?(.+)$")
PLACE_DATE = re.compile(r"^([A-ZÄÖÜ][\wäöüß.()/ -]{1,40}),\s*(?:den\s+|am\s+|the\s+|le\s+|"
                        r"dnia\s+)?(.+)$")


@dataclass(frozen=True)
class NoticeDate:
    findings: list[Finding]
    day: dt.date | None


def notice_date(text: Text) -> NoticeDate:
    """The labelled date ("Datum", "Date", "Gesendet"), else "Place, date", else a date
    standing alone; the first line of the best kind wins."""
    best: tuple[int, dt.date, str] | None = None
    for line in text.body:
        for cell in [*line.cells, line.text]:
            dated = _dated(cell)
            if dated is None:
                continue
            rank, day = dated
            if best is None or rank < best[0]:
                best = (rank, day, line.text if len(squash(line.text)) <= SNIPPET
                        else cell)
            break
    if best:
        return NoticeDate([Fact("/notice/date", best[1].isoformat(), best[2])], best[1])
    return NoticeDate([], None)


def _dated(cell: str) -> tuple[int, dt.date] | None:
    """A cell that is a date: its rank (0 labelled, 1 after a place, 2 alone) and day."""
    m = LABELLED.match(cell)
    if m:
        rank, rest = 0, m.group(1)
    else:
        m = PLACE_DATE.match(cell)
        if m and not re.search(r"(?i)\b(?:ab|zum|bis|from|until|seit)\b", m.group(1)):
            rank, rest = 1, m.group(2)
        else:
            rank, rest = 2, cell
    dates = find_dates(rest)
    if not dates or dates[0].date is None:
        return None
    d = dates[0]
    # the date must be (nearly) all of what follows: "Dortmund, 07.09.2026"
    leftover = squash(rest[:d.start] + rest[d.end:])
    if rank == 0 and len(leftover) > 25:
        return None
    if rank >= 1 and (d.start > 0 or len(leftover) > (12 if rank == 1 else 0)):
        if not (rank == 1 and re.fullmatch(r"[\d:+\s()A-Z]*(?:Uhr)?", leftover)):
            return None
    return rank, d.date


# --- The effective date --------------------------------------------------------------

TRIGGER = re.compile(
    r"(?i)(?:\bab\s+(?:dem\s+)?|\bzum\s+|\bmit\s+Wirkung\s+(?:zum|ab|vom)\s+|"
    r"gültig\s+ab\s+(?:dem\s+)?|\bgilt\s+ab\s+(?:dem\s+)?|\bbeginnend\s+"
    r"(?:am|mit\s+dem)\s+|\bfrom\s+(?:the\s+)?|\bas\s+(?:of|from)\s+(?:the\s+)?|"
    r"\beffective\s+(?:from\s+|on\s+|as\s+of\s+)?(?:the\s+)?|\bstarting\s+"
    r"(?:on\s+|from\s+)?(?:the\s+)?|\bbeginning\s+(?:on\s+)?|\bwith\s+effect\s+"
    r"from\s+(?:the\s+)?|\bon\s+or\s+after\s+(?:the\s+)?|\bon\s+(?:the\s+)?|\bam\s+|"
    r"\bvom\s+|"
    # French and Polish senders: "à compter du", "à partir du", "od dnia"
    r"(?<!\w)[àa]\s+compter\s+du\s+|(?<!\w)[àa]\s+partir\s+du\s+|\bdès\s+le\s+|"
    r"\bod\s+dnia\s+|"
    r"\bod\s+)"
    r"(?:(?:Mo|Di|Mi|Do|Fr|Sa|So|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*\.?,?\s+)?$")
STRONG = ("ab", "mit", "gültig", "gilt", "effective", "with", "as", "from", "starting",
          "beginning", "beginnend", "à", "a ", "dès", "od")


def effective(text: Text, notice_day: dt.date | None) -> list[Finding]:
    """The effective date, scored over all its mentions in sentences and lines; a tie
    (within a fifth) is left out."""
    scores: dict[dt.date, float] = {}
    evidence: dict[dt.date, str] = {}
    for source in [s.text for s in text.sentences] + [ln.text for ln in text.body]:
        for d in find_dates(source):
            day = d.date
            if day is None and d.day_month and notice_day:
                day = complete_year(d.day_month, notice_day)
            if day is None:
                continue
            score = _score(source, d, day, notice_day)
            if score <= 0:
                continue
            scores[day] = scores.get(day, 0) + score
            evidence.setdefault(day, source)
    if not scores:
        return []
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if len(ranked) > 1 and ranked[1][1] >= ranked[0][1] * 0.8:
        return [Note("effective_unclear", N_("The notice names several dates on which the "
                                             "change could take effect; none was taken."))]
    day = ranked[0][0]
    return [Fact("/notice/effective", day.isoformat(), evidence[day])]


def _score(text: str, d: DateMatch, day: dt.date, notice_day: dt.date | None) -> float:
    """How surely one mention of `day` is the change's start ("ab", "zum", "from", "as
    of" ...); "bis", a termination or an announcement counts against. 0: not at all."""
    before = text[max(0, d.start - 45):d.start]
    after = text[d.end:d.end + 50]
    trigger = TRIGGER.search(before)
    if not trigger:
        return 0
    word = trigger.group().strip().lower()
    if re.search(r"(?i)\b(?:bis|until|by|spätestens|before|vor|no\s+later)\b"
                 r"[^.]{0,12}$", before):
        return 0
    score = 1.0 if word.startswith(STRONG) else 0.5
    if PRICE_WORDS.search(text):
        score += 1.5
    if word.startswith(("am", "on", "vom")):
        score = 1.0 + (1.0 if PRICE_WORDS.search(text) else 0)
        if not re.search(r"(?i)wirksam|in\s+kraft|gilt|gelten|take\s+effect|"
                         r"apply|änder|change|steig|erhöh|increas|rise|rising|passen|"
                         r"anpass|renew|verlänger|fällig|beginn|begin|start", text):
            return 0
        if re.search(r"(?i)^\W*(?:\S+\s+){0,4}?(?:bekannt|veröffentlicht|"
                     r"mitgeteilt|informiert|published|announced|erhalten|"
                     r"received)", after):
            return 0
    if re.search(r"(?i)^\W*(?:\S+\s+){0,6}?(?:kündig|cancel|terminat|widersp|"
                 r"object)", after) or TERMINATE.search(before[-25:]):
        score -= 2.5
    if notice_day and day < notice_day:
        return 0
    return score

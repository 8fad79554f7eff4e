"""Where a notice sets an old and a new price side by side: sentences ("von X auf Y",
"Y statt X", "from X to Y", arrows), tables whose header says which column is old and
new, labelled lines ("Bisheriger Preis: ... / Neuer Preis: ..."), and two sentences
("Ab ... berechnen wir 54,99 Euro. Bisher haben Sie 49,99 Euro bezahlt."). Which of the
pairs is the notice's price is objection.reader.prices' choice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .patterns import PRICE_WORDS, Amount, find_amounts, parse_number, squash
from .text import Line, Text, cells

@dataclass
class PricePair:
    old: Decimal | None
    new: Decimal | None
    unit: str | None
    label: str
    line: int
    evidence: str
    per_kwh: bool = False
    total: bool = False
    minor: bool = False        # an option, a one-off fee, an estimate, a discount
    net: bool = False
    source: str = "inline"


def plausible(pair: PricePair) -> bool:
    """A second price that changes, and not tenfold (a lost decimal comma, another
    amount): else it is left out rather than filled in wrong."""
    return (pair.old is not None and pair.new is not None and pair.old != pair.new
            and max(pair.old, pair.new) < 10 * min(pair.old, pair.new))


UNIT_PATTERNS = [
    ("kWh", r"/\s*kWh|je\s+kWh|pro\s+kWh|per\s+kWh|Kilowattstunde|ct/kWh|"
            r"(?:prix|par|du)\s+kWh|za\s+kWh"),
    ("quarter", r"Quartal|vierteljährl|quarterly|per\s+quarter|a\s+quarter|/\s*Q\b"),
    ("year", r"(?:pro|im|je|per|a|/)\s*(?:Jahr\b|year|annum)|jährlich|\bp\.\s?a\.|"
             r"par\s+an\b|annuel|rocznie|(?:na|za)\s+rok\b|"
             r"Jahres(?:beitrag|preis|entgelt|gebühr|abo|prämie|pauschale|grundpreis|"
             r"kosten)|annual|yearly|/\s*J\b|/\s*a\b|\bund\s+Jahr\b|\bper\s+annum"),
    ("month", r"(?:pro|im|je|per|a|/)\s*(?:Monat\b|month|mo\b)|monatlich|mtl\.|"
              r"par\s+mois|mensuel|miesięczn|(?:na|za)\s+miesiąc|"
              r"Monats(?:beitrag|beiträge|preis|entgelt|gebühr|pauschale|grundpreis|rate|"
              r"abo)|monthly|/\s*M(?:on)?\.?\b"),
]
NET = re.compile(r"(?i)^\W{0,3}(?:netto|net\b|zzgl|zuzügl|excl|exkl|ohne\s+(?:MwSt|USt)|"
                 r"plus\s+(?:VAT|MwSt)|before\s+VAT)")
GROSS = re.compile(r"(?i)^\W{0,3}(?:brutto|gross|inkl|incl|inklusive|including|einschl)")
MINOR = re.compile(r"(?i)option|zusatz|add-?on|einmalig|one-?off|bereitstellung|"
                   r"anschlussgebühr|aktivierung|voraussichtlich|jahreskosten|schätz|"
                   r"estimat|abschlag|rabatt|gutschrift|discount|bonus|versand|"
                   r"porto|mahn|rücklastschrift|hardware|miete\s+(?:für\s+)?(?:den\s+)?"
                   r"router|router|endgerät|weiterhin|unverändert|bleibt|bleiben|"
                   r"remains|unchanged|stays")
TOTAL = re.compile(r"(?i)gesamt|summe|insgesamt|\btotal\b|zusammen|gesamtbeitrag|"
                   r"monatsbeitrag\s+gesamt|zu\s+zahlen")
OLD_MARK = re.compile(r"(?i)(?:bisher\w*|bislang|derzeit\w*|aktuell\w*|alt\w*|heute|"
                      r"current(?:ly)?|previous(?:ly)?|old|was|existing|vorher|zuvor|"
                      r"statt|anstatt|anstelle|instead\s+of|rather\s+than|now)\W*$")
NEW_MARK = re.compile(r"(?i)(?:neu\w*|künftig\w*|zukünftig\w*|nun|new|future|ab\s+\S+"
                      r"(?:\s+\S+){0,2}|from\s+\S+(?:\s+\S+){0,2}|will\s+be|will\s+cost|"
                      r"going\s+forward)\W*$")


def unit_of(text: str) -> str | None:
    """The first unit a text names: kWh, quarter, year, month."""
    for unit, pattern in UNIT_PATTERNS:
        if re.search(pattern, text, re.I):
            return unit
    return None


def euro_amounts(text: str) -> list[Amount]:
    """Amounts in euros, with net ones dropped when gross ones stand beside them."""
    amounts = [a for a in find_amounts(text) if a.value > 0]
    tags = []
    for a in amounts:
        after, before = text[a.end:a.end + 22], text[max(0, a.start - 8):a.start]
        net = bool(NET.search(after) or re.search(r"(?i)netto\s*:?\s*$", before))
        gross = bool(GROSS.search(after) or re.search(r"(?i)brutto\s*:?\s*$", before))
        tags.append((a, net, gross))
    if any(g for _, _, g in tags) and any(n for _, n, _ in tags):
        return [a for a, n, _ in tags if not n]
    return amounts


def make_pair(old: Amount | None, new: Amount | None, context: str, line: int,
              label: str, source: str, evidence: str | None = None,
              unit: str | None = None) -> PricePair:
    """A pair of amounts with what its label and context say of it."""
    per_kwh = bool((old and old.per_kwh) or (new and new.per_kwh))
    unit = "kWh" if per_kwh else (unit or unit_of(context))
    return PricePair(old.value if old else None, new.value if new else None, unit,
                     label, line, evidence or context, per_kwh=per_kwh,
                     total=bool(TOTAL.search(label)),
                     minor=bool(MINOR.search(label)),
                     net=bool(re.search(r"(?i)\bnetto\b|\bnet\b|zzgl|excl", context)
                              and not re.search(r"(?i)brutto|gross|inkl|incl", context)),
                     source=source)


def inline_pairs(doc: Text) -> list[PricePair]:
    """Pairs within a sentence: two amounts in a row whose words say which is old."""
    out = []
    for s in doc.sentences:
        text = s.text
        if not PRICE_WORDS.search(text) and len(find_amounts(text)) < 2:
            continue
        amounts = euro_amounts(text)
        for a, b in zip(amounts, amounts[1:]):
            gap = text[a.end:b.start]
            before = text[max(0, a.start - 60):a.start]
            if len(gap) > 90:
                continue
            order = _order(before, gap)
            if order is None:
                continue
            label = label_before(text, a.start)
            context = text[max(0, a.start - 80):b.end + 40]
            unit = (unit_of(text[b.end:b.end + 30]) or unit_of(text[a.end:a.end + 30])
                    or unit_of(label) or unit_of(text))
            if order == BY:
                if b.value - a.value <= 0:
                    continue
                p = make_pair(None, b, context, s.lines[0], label, "inline", text, unit)
                p.old = b.value - a.value
                out.append(p)
            else:
                old, new = (b, a) if order == NEW_FIRST else (a, b)
                out.append(make_pair(old, new, context, s.lines[0], label, "inline", text,
                                     unit))
    return out


# How two amounts in a row are a pair: the old first, the new first, or a change by the
# first amount to the second.
OLD_FIRST, NEW_FIRST, BY = "old first", "new first", "by"


def _order(before: str, gap: str) -> str | None:
    """How the words before the first amount and between the two pair them, if they
    do."""
    if re.search(r"(?i)^\W*(?:\S+\s+){0,5}?(?:statt|anstatt|anstelle|"
                 r"instead\s+of|rather\s+than|compared\s+(?:to|with)|"
                 r"gegenüber)\b", gap) and ";" not in gap:
        return NEW_FIRST
    if re.search(r"(?i)\(\s*(?:bisher|bislang|vorher|zuvor|derzeit|aktuell|"
                 r"previous|current|now\b|was\b|old\b|alt\b|alte[rs]?\b|vorjahr|"
                 r"im\s+vorjahr|last\s+year|from\b)", gap):
        return NEW_FIRST
    if re.search(r"(?i)\bum\s*$", before) and re.search(
            r"(?i)\bauf\b|\b(?:beträgt|kostet|betragen|kosten)\b(?:\s+\w+)?\s*$", gap):
        return BY                 # "um 3,00 € auf 42,90 €"
    if re.search(r"(?i)\bby\s*$", before) and re.search(r"(?i)\bto\b", gap):
        return BY
    if re.search(r"(?i)\bvon\b(?:\s+\S+){0,3}\s*$", before) and \
            re.search(r"(?i)^\W*(?:\S+\s+){0,4}?auf\b", gap):
        return OLD_FIRST
    if re.search(r"(?i)\bfrom\b(?:\s+\S+){0,3}\s*$", before) and \
            re.search(r"(?i)^\W*(?:\S+\s+){0,4}?to\b", gap):
        return OLD_FIRST
    if re.search(r"(?i)(?:\bde|\bd'|\bz)\s*$", before) and \
            re.search(r"(?i)^\W*(?:\S+\s+){0,4}?(?:à|na|do)\s*$", gap):
        return OLD_FIRST         # "passe de 24,00 € à 27,60 €", "z 39 zł na 45 zł"
    if re.search(r"^\s*(?:/\s*\w+\.?|(?:pro|per|im|a|je)\s+\w+)?\s*(?:→|->|=>|⇒|>|"
                 r"➔|➜)\s*$", gap):
        return OLD_FIRST
    if OLD_MARK.search(before[-40:]) and re.search(
            r"(?i)\b(?:neu\w*|künftig\w*|zukünftig\w*|nun|new|future|ab|from|"
            r"will|then)\b", gap) and ";" not in gap:
        return OLD_FIRST
    if (NEW_MARK.search(before[-40:]) or re.search(
            r"(?i)\b(?:kostet|kosten|beträgt|betragen|zahlen\s+Sie|zahlst\s+du|"
            r"costs?|will\s+(?:be|cost)|is\s+now|steigt\s+auf|rises\s+to|goes\s+up\s+"
            r"to|increases?\s+to)\b[^;!?]*$", before[-80:])) and re.search(
            r"(?i)\b(?:bisher\w*|bislang|derzeit\w*|aktuell\w*|current\w*|"
            r"previous\w*|old|alt\w*|vorher|zuvor|until\s+now|so\s+far)\b", gap) \
            and ";" not in gap:
        return NEW_FIRST
    if re.search(r"(?i)\b(?:to|auf)\s*$", before) and re.search(
            r"(?i)^\W*(?:(?:a|per|pro|im|je)\s+\w+\s*)?[,(]?\s*(?:up\s+)?(?:from|von)"
            r"\s*$", gap):
        return NEW_FIRST         # "rises to €11.99 (from €9.99)"
    return None


SPLIT_NEW = re.compile(r"(?i)\b(?:neu\w*|künftig\w*|zukünftig\w*|ab\s+(?:dem\s+)?\d|"
                       r"ab\s+(?:dem\s+)?(?:\d{1,2}\.\s*)?[A-ZÄÖÜ][a-zäöü]+\s+\d{4}|"
                       r"zum\s+\d|from\s+\d|starting|as\s+of|will\s+(?:cost|be)|"
                       r"new\b|going\s+forward|berechnen\s+wir|steigt\s+auf|rises\s+to)")
SPLIT_OLD = re.compile(r"(?i)\b(?:bisher\w*|bislang|derzeit\w*|aktuell\w*|vorjahr\w*|"
                       r"currently|previously|so\s+far|until\s+now|at\s+present|"
                       r"you\s+(?:currently\s+)?pay|zahlen\s+Sie\s+(?:derzeit|aktuell|bisher|"
                       r"noch))\b")


def split_pairs(doc: Text) -> list[PricePair]:
    """The new price in one sentence, the old one in the next (or the one before):
    "Ab 01.02.2027 berechnen wir monatlich 54,99 Euro. Bisher haben Sie 49,99 Euro
    bezahlt." """
    marked = []
    for i, s in enumerate(doc.sentences):
        amounts = euro_amounts(s.text)
        if len(amounts) != 1 or not (PRICE_WORDS.search(s.text) or re.search(
                r"(?i)bezahlt|zahl|pay|berechn|charge", s.text) or
                SPLIT_OLD.search(s.text[:amounts[0].start])):
            continue
        head = s.text[:amounts[0].start]
        is_old = bool(SPLIT_OLD.search(head) or SPLIT_OLD.search(s.text))
        is_new = bool(SPLIT_NEW.search(head))
        if is_old == is_new:
            continue
        marked.append((i, "old" if is_old else "new", amounts[0], s))
    out = []
    for (i, kind_a, a, sa), (j, kind_b, b, sb) in zip(marked, marked[1:]):
        if j - i != 1 or kind_a == kind_b:
            continue
        old, new = (a, b) if kind_a == "old" else (b, a)
        so, sn = (sa, sb) if kind_a == "old" else (sb, sa)
        unit_new = unit_of(sn.text[new.end:new.end + 30]) or unit_of(sn.text)
        unit_old = unit_of(so.text[old.end:old.end + 30]) or unit_of(so.text)
        if unit_new and unit_old and unit_new != unit_old:
            continue
        if old.per_kwh != new.per_kwh:
            continue
        label = label_before(sn.text, new.start)
        out.append(make_pair(old, new, f"{sa.text} {sb.text}", sa.lines[0], label,
                                   "split", f"{sa.text} {sb.text}", unit_new or unit_old))
    return out


def label_before(text: str, pos: int) -> str:
    """The words before an amount that say what it is (up to the clause's start)."""
    start = max(text.rfind(".", 0, pos), text.rfind(";", 0, pos), text.rfind(":", 0,
                max(0, pos - 40)), 0)
    return text[start:pos][-80:]


COLUMN_WORDS = [
    ("old", r"\b(?:bisher\w*|bislang|alt(?:e[rsn]?)?|heute|aktuell\w*|derzeit\w*|current|old|"
            r"previous|now|was|vorher|gültig\s+bis|bis\s+(?=\d)|"
            r"actuel\w*|ancien\w*|obecn\w*|dotychczas\w*)\b"),      # French, Polish
    ("new", r"\b(?:neu\w*|künftig\w*|zukünftig\w*|ab\b|new|future|from|after|gültig\s+ab|"
            r"will\s+be|nouve\w*|now[aey]\b)\b"),
]


def table_pairs(doc: Text) -> list[PricePair]:
    """Rows with two (or four) amounts under a header that says which is old and new."""
    out = []
    for line in doc.body:
        p = _table_row(doc, line)
        if p:
            out.append(p)
    return out


def _table_row(doc: Text, line: Line) -> PricePair | None:
    """The pair of a row with amounts under a header naming the old and new column."""
    amounts = euro_amounts(line.text)
    all_amounts = find_amounts(line.text)
    if len(all_amounts) < 2:
        all_amounts = _bare_amounts(doc, line)
        amounts = all_amounts
        if len(all_amounts) < 2:
            return None
    label = line.text[:all_amounts[0].start].strip(" :|")
    if re.search(r"[.!?]\s+[A-ZÄÖÜ]", line.text[all_amounts[0].end:all_amounts[-1].start]):
        return None      # two sentences, not a table row
    header = _header_above(doc, line.index)
    order = _column_order(header) if header else None
    if order is None:
        return None
    amounts = _under_columns(header, order, all_amounts, amounts)
    if amounts is None:
        return None
    if re.search(r"(?i)^\s*(?:netto|net)\b|\bnetto\s*$", label) and any(
            re.search(r"(?i)brutto|gross", ln.text) for ln in
            doc.lines[line.index + 1:line.index + 3] if find_amounts(ln.text)):
        return None     # the net row of a net/gross pair of rows
    if len(amounts) != len(order):
        return None
    old = amounts[order.index("old")]
    new = amounts[order.index("new")]
    context = f"{header} {line.text}"
    evidence = f"{squash(label)} {old.text} → {new.text}" if label else line.text
    unit = (unit_of(line.text[new.end:new.end + 20]) or
            unit_of(line.text[old.end:old.end + 20]) or unit_of(label) or
            unit_of(header or "") or unit_of(_unit_hint(doc, line.index)))
    return make_pair(old, new, context, line.index, label or header, "table", evidence,
                     unit)


def _under_columns(header: str, order: list[str], all_amounts: list[Amount],
                   amounts: list[Amount]) -> list[Amount] | None:
    """A row's amounts under its header's columns: the gross ones under net and gross
    columns; None where the row does not fill the columns."""
    columns = cells(header)
    marks = (sum(1 for c in columns if any(re.search(p, c, re.I)
                                           for _, p in COLUMN_WORDS))
             if len(columns) > 1 else len(order))
    both = bool(re.search(r"(?i)nett?o|\bnet\b", header) and re.search(
        r"(?i)brut\w*|gross", header))
    if both and len(all_amounts) != 2 * len(order):
        return None      # net and gross columns that this row does not fill: unsure
    if marks > 2 and len(all_amounts) != marks and not both:
        return None      # more columns than amounts (a table OCR tore apart)
    if both:
        return _gross(header, all_amounts)
    return amounts


def _header_above(doc: Text, index: int) -> str | None:
    """A table row's header: the nearest line above without amounts, within 6 lines,
    that names the old and new columns (or net and gross) and is no prose."""
    lines = doc.lines
    for k in range(index - 1, max(-1, index - 7), -1):
        t = lines[k].text
        if not t:
            continue
        if find_amounts(t) or len(_bare_amounts(doc, lines[k])) >= 2:
            continue      # a row above (its amounts may be bare: "29,45  31,87")
        prose = bool(re.search(r"[a-zäöüß]{2}[.!?]\s+[A-ZÄÖÜ]|[a-zäöüß],\s", t)) or \
            (len(cells(t)) < 2 and len(t) > 70)
        if not prose and (_column_order(t) or
                          re.search(r"(?i)netto|brutto|\bnet\b|gross", t)):
            return t
        if len(t) > 60:
            return None
    return None


def _gross(header: str, amounts: list[Amount]) -> list[Amount] | None:
    """Under net and gross columns, the row's gross amounts (None: the columns do not
    say which are)."""
    nets = [m.start() for m in re.finditer(r"(?i)nett?o|\bnet\b|brut\w*|gross", header)]
    kinds = [("gross" if re.match(r"(?i)brut|gross", header[p:]) else "net") for p in nets]
    if len(kinds) == len(amounts):
        return [a for a, k in zip(amounts, kinds) if k == "gross"]
    if len(kinds) == 2:
        return [a for i, a in enumerate(amounts) if kinds[i % 2] == "gross"]
    return None


def _bare_amounts(doc: Text, line: Line) -> list[Amount]:
    """Numbers in a table row whose label or header says the currency: "Arbeitspreis
    (ct/kWh)  10,50  12,50", "Grundpreis in €  126,05  150,00"."""
    first = re.search(r"\d", line.text)
    if not first:
        return []
    label = line.text[:first.start()]
    header = " ".join(ln.text for ln in doc.lines[max(0, line.index - 4):line.index]
                      if ln.text and not find_amounts(ln.text))
    hint = f"{label} {header}"
    if not re.search(r"€|EUR\b|Euro|\bct\b|Cent", hint):
        return []
    cents = bool(re.search(r"\bct\b|Cent", label) or (not re.search(r"€|EUR|Euro", label)
                                                      and re.search(r"\bct\b|Cent", header)))
    per_kwh = bool(re.search(r"kWh", label) or (cents and re.search(r"kWh", header)))
    out = []
    for m in re.finditer(r"(?<![\w.,/])(?:\d{1,3}(?:\.\d{3})+,\d{2,4}|\d{1,5},\d{2,4}|"
                         r"\d{1,5}\.\d{2,4})(?![\d.,]?\d)", line.text):
        if m.start() < first.start():
            continue
        value = parse_number(m.group())
        if value is None:
            continue
        out.append(Amount(value / 100 if cents else value, m.start(), m.end(), m.group(),
                          cents, per_kwh))
    return out


def _unit_hint(doc: Text, index: int) -> str:
    """A unit said in the header rows or a note near the table ("Preise pro Monat")."""
    near = [ln.text for ln in doc.lines[max(0, index - 8):index + 8] if ln.text]
    return " ".join(t for t in near if unit_of(t) and not find_amounts(t))


def _column_order(header: str) -> list[str] | None:
    marks = []
    for kind, pattern in COLUMN_WORDS:
        for m in re.finditer(pattern, header, re.I):
            marks.append((m.start(), kind))
    marks.sort()
    kinds = [k for _, k in marks]
    # collapse repeats ("ab 1. Januar 2027" gives one "new")
    order = [k for i, k in enumerate(kinds) if i == 0 or k != kinds[i - 1]]
    if sorted(order) == ["new", "old"]:
        return order
    return None


def labelled_pairs(doc: Text) -> list[PricePair]:
    """'Bisheriger Preis: 8,99 €' and 'Neuer Preis: 11,99 €' on separate lines."""
    old_re = re.compile(r"(?i)^(?:ihr\s+)?(?:bisherige[rs]?|alte[rs]?|aktuelle[rs]?|"
                        r"derzeitige[rs]?|current|old|previous|existing|your\s+current)\b"
                        r"[^:€]{0,60}:?")
    new_re = re.compile(r"(?i)^(?:ihr\s+)?(?:neue[rs]?|künftige[rs]?|zukünftige[rs]?|"
                        r"new|future|your\s+new)\b[^:€]{0,60}:?")
    olds, news, years = [], [], {}
    for line in doc.lines:
        if line.register or not line.text:
            continue
        for cell in line.cells if len(line.cells) > 1 else [line.text]:
            amounts = euro_amounts(cell)
            if len(amounts) != 1:
                continue
            head = cell[:amounts[0].start]
            year = re.match(r"^(.{3,40}?)\s+((?:19|20)\d\d)\s*:?\s*$", head)
            if year and PRICE_WORDS.search(year.group(1)):
                years.setdefault(squash(year.group(1)).lower(), []).append(
                    (int(year.group(2)), amounts[0], line, cell))
            if old_re.match(head):
                olds.append((amounts[0], line, cell))
            elif new_re.match(head):
                news.append((amounts[0], line, cell))
    for entries in years.values():
        # "Jahresbeitrag 2026: 612,40 €" / "Jahresbeitrag 2027: 689,20 €"
        if len(entries) == 2 and entries[0][0] != entries[1][0] and not (olds or news):
            (_, o, ol, oc), (_, n, nl, nc) = sorted(entries, key=lambda e: e[0])
            return [make_pair(o, n, f"{oc} {nc}", min(ol.index, nl.index), oc,
                                    "labelled", f"{oc} / {nc}")]
    if len(olds) == 1 and len(news) == 1:
        (o, ol, oc), (n, nl, nc) = olds[0], news[0]
        context = f"{oc} {nc}"
        return [make_pair(o, n, context, min(ol.index, nl.index), oc, "labelled",
                                f"{oc} / {nc}")]
    return []

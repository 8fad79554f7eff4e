"""What contract the notice is about: the sector (weighted cues; one must clearly lead)
and the tariff's name."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..i18n import N_
from .addresses import LEGAL_FORM
from .findings import Conclusion, Fact, Finding
from .patterns import find_amounts, find_dates
from .text import Text

# --- Sector --------------------------------------------------------------------------

SECTOR_CUES = {
    "health_insurance": [r"private[nr]?\s+Kranken", r"\bPKV\b", r"Krankenversicherung",
                         r"Krankheitskosten", r"§\s*203\s*VVG", r"Krankentagegeld",
                         r"health\s+insurance", r"Pflegeversicherung",
                         r"Beitragsanpassung.*Tarif", r"Selbstbehalt"],
    "insurance": [r"versicherung", r"Versicherungs", r"Beitrag", r"Police", r"\bVVG\b",
                  r"insurance", r"(?-i:\bpremiums?\b)", r"\bpolicy\b", r"Haftpflicht", r"Hausrat",
                  r"Kfz-", r"Versicherer"],
    "energy": [r"\bStrom", r"strom\b", r"\bGas\b", r"Erdgas", r"gastarif", r"\bkWh",
               r"Arbeitspreis", r"Grundversorgung", r"Energie", r"electricity",
               r"\benergy\b", r"\bgas\s+(?:tariff|supply|price)",
               r"Netzentgelt", r"Zähler", r"Abschlag", r"Ökostrom", r"Heizstrom"],
    "telecom": [r"Internet", r"\bDSL\b", r"\bnetwork\b", r"\bcalls\b", r"\btexts\b",
                r"roaming", r"\bGB\b", r"Rufnummer", r"Telefonie", r"VDSL", r"Glasfaser",
                r"Kabel(?!tv)",
                r"Mobilfunk", r"Telefon", r"Festnetz", r"\bLTE\b", r"\b5G\b",
                r"broadband", r"\bmobile\b", r"\bSIM\b", r"Datenvolumen", r"Flatrate",
                r"Router", r"Anschluss", r"Handy", r"\bphone\b", r"fibre|fiber",
                r"\bTKG\b", r"Mbit"],
    "bank": [r"\bKonto\b", r"Girokonto", r"Sparkasse", r"\bBank\b", r"Volksbank",
             r"\b(?:Direkt|Volks|Post|Commerz|Landes|Hypo|Kredit|Privat|Online|Spar)bank\b",
             r"Visa\s?Card|Mastercard|Kreditkarte|Kartenkonto|Debitkarte",
             r"Kontoführung", r"Kontomodell", r"Entgelt", r"Kreditkarte", r"Depot",
             r"Preis-?\s?und\s+Leistungsverzeichnis", r"Online-?Banking",
             r"Internet-?Filiale", r"§\s*675g", r"current\s+account", r"bank\s+account",
             r"Kontopreis", r"Girocard", r"Überweisung"],
    "subscription": [r"Streaming", r"\bMusi[ck]", r"\bAbo\b", r"Abonnement", r"Mitglied",
                     r"Mitgliedschaft", r"Fitness", r"Sportstudio", r"Kursprogramm",
                     r"\bTraining", r"\bgym\b", r"Studio", r"Software", r"Lizenz", r"subscription",
                     r"membership", r"\bgym\b", r"\bplan\b", r"streaming", r"Zeitung",
                     r"Zeitschrift", r"Magazin", r"Premium", r"Family", r"\bApp\b",
                     r"licen[cs]e", r"Probemonat", r"Serien|Filme", r"playlists?",
                     r"audiobooks?|Hörbüch|Hörbuch", r"podcasts?", r"\bsongs?\b",
                     r"\bfilms?\b", r"\bseries\b", r"listening", r"\bKino",
                     r"Sportclub|Sportverein|Sauna", r"Kursangebot|\bKurse\b"],
    "hosting": [r"Webspace", r"Hosting", r"\bDomain", r"\bServer", r"vServer",
                r"Cloud", r"Speicherplatz", r"\bSSL\b", r"Website", r"Webhosting",
                r"Homepage", r"Rechenzentr", r"\bVPS\b", r"virtual\s+servers?",
                r"data\s+cent(?:re|er)"],
}

WEAK_CUES = {r"\bplan\b", r"Premium", r"Family", r"\bApp\b", r"Beitrag", r"Entgelt",
             r"\bmobile\b", r"Anschluss", r"Cloud", r"Studio", r"Software", r"Energie",
             r"\benergy\b", r"Mitglied", r"\bServer", r"Router"}


@dataclass(frozen=True)
class Sector:
    findings: list[Finding]
    name: str | None             # telecom | energy | ... | other, when read or concluded


def sector(text: Text) -> Sector:
    """The sector one kind of cue clearly leads for; "other" (concluded) where a whole
    letter shows no cue at all."""
    # contact lines ("Telefon 0521 ...", "Service: 0231 ...") say nothing of the sector
    body = "\n".join(ln.text for ln in text.body
                     if not re.match(r"(?i)^\s*(?:tel(?:efon)?|fax|phone|service|hotline|"
                                     r"mobil|e-?mail|www|internet)\b\.?\s*:?\s*[+\d(]",
                                     ln.text))
    scores = {}
    for name, cues in SECTOR_CUES.items():
        score = 0.0
        for cue in cues:
            n = len(re.findall(cue, body, re.I))
            if n:
                weight = 0.5 if cue in WEAK_CUES else 1.0
                score += weight * (1 + min(n - 1, 3) * 0.5)
        scores[name] = score
    # health insurance contains insurance: the stronger wins only with its own cues
    if scores["health_insurance"] >= 2:
        scores["insurance"] = 0
    else:
        scores["health_insurance"] = 0
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= 1.5 and top >= 1.5 * second + 0.5:
        cue = next(c for c in SECTOR_CUES[best] if re.search(c, body, re.I))
        m = re.search(cue, body, re.I)
        return Sector([Fact("/contract/sector", best, _line_at(body, m.start()))], best)
    if top == 0 and len(text.body) >= 8:
        # no cue of any sector in a whole letter: "other"
        return Sector([Conclusion("/contract/sector", "other", N_(
            "The notice shows no sign of one of the listed kinds of contract, so "
            "“Something else” was filled in."))], "other")
    return Sector([], None)


def _line_at(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start:end if end >= 0 else None]


# --- Tariff --------------------------------------------------------------------------

TARIFF_STOP = {
    "Ihr", "Ihre", "Ihres", "Ihren", "Ihrem", "Sie", "Der", "Die", "Das", "Den", "Dem",
    "Des", "Ein", "Eine", "Preis", "Preise", "Preisen", "Grundpreis", "Arbeitspreis",
    "Monat", "Jahr", "Euro", "EUR", "Cent", "Vertrag", "Kunden", "Kundin", "Kunde",
    "Zum", "Ab", "Von", "Auf", "Für", "Mit", "Bei", "Im", "In", "Am", "Tarif", "Tarifs",
    "Beitrag", "Vertrags", "Your", "The", "Our", "We", "From", "Price", "Prices", "Is",
    "Will", "This", "That", "Plan", "Per", "Month", "Year", "Bitte", "Seit", "Nach",
    "Änderung", "Preisänderung", "Preisanpassung", "Beitragsanpassung", "Januar",
    "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
    "November", "Dezember", "January", "February", "March", "May", "June", "July",
    "October", "December", "Neue", "Neuer", "Neuen", "New", "Wir", "Und", "Oder",
    "Sehr", "Herr", "Frau", "Kosten", "Entgelt", "Entgelte", "Mitgliedschaft", "Abo",
    "Paket", "Pakets", "Kundennummer", "Vertragsnummer", "Leistung", "Leistungen",
    "Ihnen", "Uns", "Es", "Er", "Wird", "Ist", "Sind", "Bleibt", "Gilt", "Steigt",
    "Kostet", "Beträgt", "Nr", "No", "Nummer", "Number", "IBAN", "Help", "Centre",
    "Center", "Account", "Customer", "Service", "Team", "Data", "EU", "VAT", "MwSt",
    "Internet-Filiale", "App", "Online", "Online-Banking",
}
TARIFF_PATTERNS = [
    # Tarif "Name" / Tarif „Name“
    (3, r"(?i:tarif\w*|paket\w*|produkt\w*|plan|abo\w*|mitgliedschaft|option|"
        r"kontomodell|konto|vertrag|package|subscription|membership|anschluss\w*|"
        r"product)\s*:?\s*\"([^\"]{2,40})\""),
    # "dein Standard-Abo", "Ihr Komfort-Tarif"
    (1, r"\b([A-ZÄÖÜ][\w+&.]*)-(?:Abo|Tarif|Paket)\b"),
    # label lines: "Tarif: Name", "Ihr Tarif: Name"
    (3, r"^(?:Ihr\s+)?(?i:Tarif(?:name)?|Produkt|Paket|Kontomodell|Konto|Plan|Tariff|"
        r"Abo|Abonnement|Mitgliedschaft|Membership|Subscription|Package|Versicherung|"
        r"Versicherungsart|Vertrag|Contract)\s*:\s*(.{2,40}?)(?:,|\s{3,}|$)"),
    # "Ihres Tarifs Kabel Internet 500", "Stromtarif Strom Treue 24"
    (2, r"\b(?:[Tt]arif|[Tt]arifs|[A-ZÄÖÜ]\w*tarif|[A-ZÄÖÜ]\w*tarifs|[A-ZÄÖÜ]\w*vertrag|"
        r"[A-ZÄÖÜ]\w*vertrags|[A-ZÄÖÜ]\w*produkt|[A-ZÄÖÜ]\w*produkts|Paket|Pakets|Produkt|"
        r"Produkts|Mitgliedschaft|Abos?|Abonnements?|Kontomodells?|[A-ZÄÖÜ]\w*versicherung|"
        r"Tariff|tariff|package|Package)\s+((?:[a-zäöü][\w-]+\s+(?=[A-ZÄÖÜ0-9]))?"
        r"[A-ZÄÖÜ0-9][^\n]{0,60})"),
    # "the price of Premium Individual", "Preis für Klangwelt Duo"
    (1, r"\b(?:price|prices|Preis|Preise)\s+(?:of|for|für)\s+(?:your\s+|the\s+|Ihr\w*\s+)?"
        r"([A-ZÄÖÜ0-9][^\n]{0,60})"),
    # "your Family plan", "the Premium membership"
    (2, r"\b(?:[Yy]our|[Tt]he)\s+((?:[A-Z0-9][\w+&.-]*\s+){1,3}?)(?:plan|tariff|package|"
        r"subscription|membership|bundle|policy|insurance|cover|contract|account)\b"),
    # "the price of your Cloud Server S", "Price change for your Cloud Server S"
    (1, r"\b(?:[Yy]our|[Ff]or\s+the|[Oo]f\s+the)\s+([A-Z0-9][\w+&.-]*(?:\s+[A-Z0-9][\w+&.-]*)"
        r"{0,4})"),
]


def tariff(text: Text, table_label: str, provider_name: str | None) -> list[Finding]:
    """The tariff's name, by the votes of every place that names one (the label of the
    price table's row among them); a tie is left out."""
    votes: Counter = Counter()
    evidence: dict[str, str] = {}
    sources = [ln.text for ln in text.body] + [s.text for s in text.sentences]
    for source in sources:
        for w, pattern in TARIFF_PATTERNS:
            for m in re.finditer(pattern, source, re.M):
                name = _tariff_name(m.group(1), provider_name)
                if not name:
                    continue
                votes[name] += w
                evidence.setdefault(name, source)
    label = table_label
    if label:
        name = _tariff_name(re.sub(r"\([^)]*\)", "", label), provider_name)
        if name and not re.search(
                r"(?i)preis|entgelt|gebühr|beitrag|kosten|miete|leistung|monat|gesamt|"
                r"summe|price|fee|total|charge|premium|rate|bisher|neu|alt\b|heute", name):
            votes[name] += 2
            evidence.setdefault(name, label)
    if not votes:
        return []
    ranked = votes.most_common()
    name, score = ranked[0]
    # a shorter name inside a longer one counts for it ("Family" in "Family Plan")
    if len(ranked) > 1 and ranked[1][1] == score and ranked[1][0] != name:
        return []
    return [Fact("/contract/tariff", name, evidence[name])]


SMALL_WORDS = {"für", "von", "auf", "ab", "zum", "zur", "mit", "in", "im", "bei", "der",
               "die", "das", "den", "dem", "des", "ist", "wird", "und", "oder", "the",
               "for", "of", "to", "from", "and", "or", "is", "will", "a", "an", "your",
               "our", "ein", "eine", "einen", "nach", "bis", "um", "am", "aus"}


def _tariff_name(raw: str, provider_name: str | None) -> str | None:
    tokens = raw.strip().strip(".,:;").split()
    keep = []
    for t in tokens:
        bare = t.strip(".,:;()")
        if not bare or not re.search(r"\w", bare):
            break
        if bare in TARIFF_STOP or find_amounts(t) or find_dates(t) or \
                re.fullmatch(r"\d{1,2}\.|\d+[.,]\d+|\d+,-*", t.rstrip(".,:;")) or \
                re.fullmatch(r"\d+[.,]\d*", t):
            break
        if re.fullmatch(r"[a-zäöüß-]+", bare) and bare not in ("plus", "pro", "max", "mini"):
            # a brand written in small letters may open the name ("simfrei Allnet")
            if keep or bare in SMALL_WORDS or len(tokens) < 2 or not re.match(
                    r"[A-ZÄÖÜ][\w-]", tokens[1]) or tokens[1].strip(".,:;()") in \
                    TARIFF_STOP or re.search(r"(?:er|es|en|em|e)$", bare):
                break
        keep.append(bare if t.endswith((".", ",", ":", ";")) else t)
        if t.endswith((",", ":", ";", ".")):
            break
    while keep and keep[-1] in ("&", "+", "-"):
        keep.pop()
    name = " ".join(keep).strip()
    if not name or len(name) > 40 or len(keep) > 5:
        return None
    if LEGAL_FORM.search(name) or "@" in name:
        return None
    if provider_name and provider_name.split()[:len(keep)] == name.split():
        return None     # the provider's brand ("your Studio Black membership")
    if re.fullmatch(r"\d+", name) or GENERIC.fullmatch(name):
        return None
    return name


# A kind of product named in the plural is no tariff ("die Preise für
# Festnetzanschlüsse", "prices for all plans").
GENERIC = re.compile(r"(?i)(?:alle\s+|all\s+)?[\wäöüß-]*(?:anschlüsse|verträge|tarife|"
                     r"leistungen|produkte|pakete|optionen|dienste|abonnements|kunden|"
                     r"plans|products|services|packages|subscriptions|customers)")

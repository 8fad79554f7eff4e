"""Who the notice is between: the customer (name and window address, the numbers the
provider knows them by) and the provider (name and address). The addresses themselves
are read by objection.reader.addresses; this part decides whose each is.

The provider's name and address read are checked against the provider directory
(objection.reader.directory) in `_provider_facts`: its findings follow the facts (a
Confirmed value stands against text recognition's doubt, a Note warns of another
address), which the Extractor records in order.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from . import directory
from .addresses import (LEGAL_FORM, SEGMENT_SPLIT, Address, Addresses, city_spelling,
                        is_name, is_person, same_place, trim)
from .findings import Fact, Finding
from .text import IBAN_RE, REGISTER, Text


def addressee(text: Text) -> list[Finding]:
    """The customer's name from an e-mail's header lines (To:, beside From: or
    Subject:), as a pasted e-mail and an .eml carry them."""
    email = {}
    for line in text.lines[:40]:
        m = re.match(r"(?i)^(From|Von|To|An|Date|Datum|Gesendet|Sent|Subject|Betreff)\s*:"
                     r"\s*(.+)$", line.text)
        if m:
            key = {"von": "from", "an": "to", "datum": "date", "gesendet": "date",
                   "sent": "date", "betreff": "subject"}.get(m.group(1).lower(),
                                                                m.group(1).lower())
            email.setdefault(key, (m.group(2).strip(), line.text))
    to = email.get("to")
    if to and ("from" in email or "subject" in email):
        m = re.match(r"^\"?([^\"<>@,]+?)\"?\s*<[^>]+@[^>]+>", to[0])
        if m and is_name(m.group(1).strip()) and is_person(m.group(1).strip()):
            return [Fact("/customer/name", m.group(1).strip(), to[1])]
    return []


@dataclass(frozen=True)
class Parties:
    findings: list[Finding]
    provider_name: str | None    # the provider's name as its address gave it


def parties(text: Text, addresses: Addresses) -> Parties:
    """The customer's and the provider's name and address, from the addresses read."""
    cands = addresses.candidates
    people = [a for a in cands if a.name and (a.person_hint or is_person(a.name))
              and not LEGAL_FORM.search(a.name)]
    orgs = [a for a in cands if a.name and a not in people]
    salut = salutation_names(text)
    customer = _customer(people, salut)
    findings = _customer_facts(text, customer) if customer else []
    objection_addr = addresses.objection
    # the provider: never the customer's own address, wherever it stands (a window
    # address the rules do not take for a person is still the addressee's)
    if customer:
        cands = [a for a in cands if not same_place(a, customer)]
        orgs = [a for a in orgs if not same_place(a, customer)]
        if objection_addr is not None and same_place(objection_addr, customer):
            objection_addr = None
    provider = objection_addr or _provider(cands, orgs, customer, salut)
    if provider is None:
        # no address, but a company name that recurs (letterhead, closing, footer)
        names = org_names(text)
        if names and names[0][1] >= 2:
            name = names[0][0]
            return Parties(findings + [Fact("/provider/name", name, text.line_with(name))],
                           name)
        return Parties(findings, None)
    return Parties(findings + _provider_facts(text, provider), provider.name)


def _customer(people: list[Address], salut: set[str]) -> Address | None:
    """The addressee ("Frau", "Herrn" before the name), else a person whose surname the
    salutation uses."""
    hinted = [a for a in people if a.person_hint]
    if hinted:
        return hinted[0]
    for a in people:
        if any(n in a.name.split() for n in salut):
            return a
    return None


def _provider(cands: list[Address], orgs: list[Address], customer: Address | None,
              salut: set[str]) -> Address | None:
    """The sender's address where the notice names none for objections: the return
    address line, else the letterhead, a block, the footer; else, beside a customer,
    another named address the salutation does not name."""
    ranked = sorted(orgs, key=lambda a: ({"return": 0, "letterhead": 1, "block": 2,
                                          "footer": 3}.get(a.source, 4), a.line))
    if ranked:
        return ranked[0]
    others = [a for a in cands if a is not customer and a.name
              and not a.person_hint and customer is not None]
    if others and not any(n in others[0].name.split() for n in salut):
        return others[0]
    return None


def _customer_facts(text: Text, customer: Address) -> list[Finding]:
    """The customer's name, and their address where it has a street and postal code."""
    facts = [Fact("/customer/name", customer.name, customer.evidence)]
    if customer.street and customer.postal_code:
        facts += _place_facts(text, "/customer", customer)
    return facts


def _provider_facts(text: Text, provider: Address) -> list[Finding]:
    """The provider's name (completed with its legal form) and address, and what the
    provider directory says of them."""
    facts = [Fact("/provider/name", _full_name(text, provider.name), provider.evidence)]
    facts += _place_facts(text, "/provider", provider)
    if provider.country:
        facts.append(Fact("/provider/country", provider.country, provider.evidence))
    return [*facts, *directory.cross_check(facts)]


def _place_facts(text: Text, at: str, address: Address) -> list[Finding]:
    city = city_spelling(text, address.postal_code, address.city)
    return [Fact(f"{at}/street", address.street, address.evidence),
            Fact(f"{at}/postal_code", address.postal_code, address.evidence),
            Fact(f"{at}/city", city, address.evidence)]


def _full_name(text: Text, name: str) -> str:
    """A fuller name with its legal form elsewhere ("Musterkabel" -> "Musterkabel GmbH",
    an OCR-split "Netz West" -> "KabelNetz West GmbH")."""
    if not LEGAL_FORM.search(name):
        key = re.sub(r"\W", "", name).lower()
        for other, _ in org_names(text):
            if key and key in re.sub(r"\W", "", other).lower():
                return other
    return name


def org_names(text: Text) -> list[tuple[str, int]]:
    """Company names with their legal form standing alone in a line or cell (the
    letterhead, the closing, the footer), most frequent first, with their counts."""
    counts: Counter = Counter()
    for line in text.lines:
        for cell in line.cells:
            for part in SEGMENT_SPLIT.split(cell):
                part = re.sub(r"^(?:Ihre?|Your)\s+", "", trim(part or ""))
                if part and LEGAL_FORM.search(part) and is_name(part) and \
                        len(part.split()) <= 6 and not REGISTER.search(part):
                    counts[part] += 1
    return counts.most_common()


def salutation_names(text: Text) -> set[str]:
    """The names the salutation uses ("Sehr geehrte Frau Schmidt": Schmidt)."""
    names = set()
    for line in text.lines:
        m = re.match(r"(?i)^\s*(?:sehr\s+geehrte[rs]?|guten\s+tag|hallo|liebe[rs]?|dear|"
                     r"hello|hi)\s+(?:(?:Frau|Herr|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.|Prof\.)\s+)*"
                     r"([A-ZÄÖÜ][\wäöüß'-]+(?:\s+[A-ZÄÖÜ][\wäöüß'-]+)?)", line.text)
        if m:
            names.update(m.group(1).split())
    return names


# --- Customer and contract numbers ------------------------------------------------------

CUSTOMER_LABEL = re.compile(
    r"""(?ix)(?:Ihre\s+)?(?:Kunden\s?-?(?:nummer|nr\.?|kennung|ID)|Kd\.?\s?-?Nr\.?|
    Kundennr\.?|Customer\s+(?:number|no\.?|ID|reference|ref\.?)|Account\s+(?:number|no\.?|ID)|
    Mitglieds?\s?-?(?:nummer|nr\.?)|Member(?:ship)?\s+(?:number|no\.?|ID)|
    Subscriber\s+(?:number|no\.?|ID)|Teilnehmer\s?-?(?:nummer|nr\.?)|
    Mieter\s?-?(?:nummer|nr\.?)|Account(?=\s*:))""")
CONTRACT_LABEL = re.compile(
    r"""(?ix)(?:Ihre\s+)?(?:Vertrags\s?-?(?:nummer|nr\.?|konto(?:nummer)?|kontonummer)|
    Vertragskonto|Vertrag\s?-?Nr\.?|Versicherungs\s?-?(?:nummer|nr\.?|schein\s?-?(?:nummer|nr\.?)?)|
    Policen?\s?-?(?:nummer|nr\.?)|Contract\s+(?:number|no\.?|ID)|Policy\s+(?:number|no\.?)|
    Agreement\s+(?:number|no\.?)|Kontonummer|Konto-?Nr\.?|Abo\s?-?(?:nummer|nr\.?)|
    Abonnement\s?-?(?:nummer|nr\.?)|Abonnenten\s?-?(?:nummer|nr\.?)|
    Subscription\s+(?:number|no\.?|ID|reference))""")
VALUE = re.compile(r"^\s*(?:[:.#]|Nr\.?|lautet|ist|is)?\s*:?\s*(?P<v>[A-Z0-9][A-Za-z0-9/.-]*"
                   r"(?:\s[A-Z0-9][A-Za-z0-9/.-]*){0,4})")



def numbers(text: Text, sector: str | None) -> list[Finding]:
    """The customer and contract numbers by their labels; a bank account's contract
    number is the customer's IBAN (not the bank's own in the footer)."""
    found = []
    customer = _label_value(text, CUSTOMER_LABEL)
    if customer:
        found.append(Fact("/customer/customer_number", *customer))
    contract = _label_value(text, CONTRACT_LABEL)
    if contract:
        return found + [Fact("/customer/contract_number", *contract)]
    if sector != "bank":
        return found
    for line in text.lines:
        if line.register or not line.text:
            continue
        m = IBAN_RE.search(line.text)
        if m and re.search(r"(?i)\b(?:Konto|IBAN|account)\b", line.text):
            return found + [Fact("/customer/contract_number", m.group(1).strip(), line.text)]
    return found


def _label_value(text: Text, label: re.Pattern) -> tuple[str, str] | None:
    for line in text.lines:
        if line.register or not line.text:
            continue
        for m in label.finditer(line.text):
            rest = line.text[m.end():].lstrip()
            rest = re.split(r"\s{3,}|\s[|·]\s|,\s", rest)[0] if rest.strip() else ""
            v = VALUE.match(rest)
            if not v:
                continue
            tokens = v.group("v").split()
            keep = []
            for t in tokens:
                # a word such as "Datum" or "vom" ends the number
                if re.fullmatch(r"[A-Za-zÄÖÜäöüß]+", t) and (re.search(r"[a-zäöüß]", t)
                                                            or len(t) > 4):
                    break
                keep.append(t)
            value = " ".join(keep).rstrip(".,;:-")
            if value and re.search(r"\d", value) and len(value) <= 40:
                return value, line.text
    return None

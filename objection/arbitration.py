"""The arbitration bodies a customer can turn to after the objection (docs/rules.md
section 7.6), as data: name, postal address, web page, the statute behind the body,
the source of the address and the day it was checked. An address not confirmed on the
body's own page is marked, and the product says so: check it before sending, or apply
online on the body's page.

Which body: telecom (and services sold in one bundle with internet access) the
Bundesnetzagentur's (§ 68 TKG); energy the Schlichtungsstelle Energie (§ 111b EnWG);
insurance the Versicherungsombudsmann and private health the PKV-Ombudsmann (§ 214
VVG); banks the body of the bank's association (§ 14 UKlaG), told from the bank's name
where it can be; everything else the federal general consumer arbitration board
(§ 30 VSBG), for consumers only.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from .case import Case
from .i18n import N_
from .vocabulary import SECTORS, by_key

CHECKED = dt.date(2026, 11, 25)


@dataclass(frozen=True)
class Body:
    key: str
    name: str
    street: str
    postal_code: str
    city: str
    web: str
    basis: str                  # the statute the body and its procedure rest on
    source: str                 # where the address was read
    address_verified: bool      # confirmed on the body's own page
    consumers_only: bool = False
    # What makes the body competent, in its own statute's terms, for the application
    # (%(basis)s: the sector rule's statute for the change).
    scope: str = ""
    # Heard only in part: the condition under which it hears a business (a msgid).
    businesses: str = ""
    # The smallest claim the body must hear (a msgid naming the statute), if any.
    minimum: Decimal | None = None
    minimum_basis: str = ""
    checked: dt.date = CHECKED

    @property
    def address(self) -> list[str]:
        return [self.name, self.street, f"{self.postal_code} {self.city}"]


BODIES = (
    Body("tk_bnetza", "Verbraucherschlichtungsstelle Telekommunikation der Bundesnetzagentur",
         "Tulpenfeld 4", "53113", "Bonn",
         "https://www.bundesnetzagentur.de/DE/Vportal/Schlichtung/Schlichtung_TK/start.html",
         "§ 68 TKG", "Bundesnetzagentur (seat); scope from the body's page", False,
         scope=N_("The dispute concerns a change of the contract under %(basis)s and so falls "
                  "under § 68 Abs. 1 TKG.")),
    Body("energie", "Schlichtungsstelle Energie e. V.", "Friedrichstraße 133", "10117",
         "Berlin", "https://www.schlichtungsstelle-energie.de", "§ 111b EnWG",
         "conditions from the Bundesnetzagentur's page; address from secondary sources",
         # §§ 111a, 111b EnWG: complaints and arbitration of consumers (§ 13 BGB).
         False, consumers_only=True),
    Body("versicherungsombudsmann", "Versicherungsombudsmann e. V.", "Postfach 08 06 32",
         "10006", "Berlin", "https://www.versicherungsombudsmann.de", "§ 214 VVG",
         "the body's own page", True,
         # Its rules of procedure: consumers, and others in a position like a consumer's.
         businesses=N_("As a business, I turn to it as far as it hears businesses in a "
                       "position comparable to a consumer's.")),
    Body("pkv_ombudsmann", "Ombudsmann Private Kranken- und Pflegeversicherung",
         "Postfach 06 02 22", "10052", "Berlin", "https://www.pkv-ombudsmann.de",
         "§ 214 VVG", "secondary sources", False),
    Body("bank_private_bdb", "Ombudsmann der privaten Banken", "Postfach 04 03 07", "10062",
         "Berlin", "https://bankenombudsmann.de", "§ 14 UKlaG", "the body's own page", True),
    Body("bank_sparkasse_dsgv", "Schlichtungsstelle beim Deutschen Sparkassen- und "
         "Giroverband e. V.", "Charlottenstraße 47", "10117", "Berlin",
         "https://www.s-schlichtungsstelle.de", "§ 14 UKlaG", "secondary sources", False),
    Body("bank_sparkasse_bw", "Sparkassen-Schlichtungsstelle Baden-Württemberg",
         "Am Hauptbahnhof 2", "70173", "Stuttgart",
         "https://www.sv-bw.de/verband/schlichtung/schlichtungsverfahren", "§ 14 UKlaG",
         "the body's own page", True),
    Body("bank_vr_bvr", "Kundenbeschwerdestelle beim Bundesverband der Deutschen "
         "Volksbanken und Raiffeisenbanken – BVR", "Schellingstraße 4", "10785", "Berlin",
         "https://www.bvr.de", "§ 14 UKlaG", "secondary sources", False),
    Body("bank_public_voeb", "Verbraucherschlichtungsstelle beim Bundesverband Öffentlicher "
         "Banken Deutschlands – VÖB", "Postfach 11 02 72", "10832", "Berlin",
         "https://www.voeb.de", "§ 14 UKlaG", "secondary sources", False),
    Body("universal", "Universalschlichtungsstelle des Bundes – Zentrum für Schlichtung e. V.",
         "Straßburger Straße 8", "77694", "Kehl",
         "https://www.universalschlichtungsstelle.de", "§ 30 VSBG", "secondary sources",
         False, consumers_only=True,
         # § 30 Abs. 2 Nr. 4 VSBG: it refuses a dispute worth less than 10 euros.
         minimum=Decimal(10), minimum_basis="§ 30 Abs. 2 Nr. 4 VSBG"),
)

_BANKS = ((re.compile(r"(?i)sparkasse"), "bank_sparkasse"),
          (re.compile(r"(?i)volksbank|raiffeisen|\bVR[- ]|sparda|psd bank"), "bank_vr_bvr"),
          (re.compile(r"(?i)landesbank|\bLB[BW]+\b|förderbank|\bNRW\.BANK"),
           "bank_public_voeb"))


def body_for(case: Case) -> Body:
    """The body for this provider's sector (vocabulary.SECTORS); a service sold in one
    bundle with internet access is telecom's (§ 66(1) TKG); a bank's from its name."""
    sector = by_key(SECTORS, case.contract.sector)
    key = ("tk_bnetza" if sector.telecom_bundle and case.contract.bundled_with_internet
           else _bank(case) if sector.arbitration == "bank" else sector.arbitration)
    return next(b for b in BODIES if b.key == key)


def _bank(case: Case) -> str:
    for pattern, key in _BANKS:
        if pattern.search(case.provider.name):
            if key == "bank_sparkasse":
                # Baden-Württemberg's savings banks have a body of their own.
                return ("bank_sparkasse_bw" if case.provider.postal_code[:2] in _BW_REGIONS
                        else "bank_sparkasse_dsgv")
            return key
    return "bank_private_bdb"


# Postal regions wholly or mainly in Baden-Württemberg.
_BW_REGIONS = {"68", "69", "70", "71", "72", "73", "74", "75", "76", "77", "78", "79",
               "88", "89"}

# What the UI says about the address of a body not confirmed on its own page.
UNVERIFIED_NOTE = N_("This address was not confirmed on the body's own web page (checked "
                     "%(date)s): check it there before you send, or apply online at "
                     "%(web)s.")

"""The product's vocabulary: every kind of contract, way of sending and choice a case can
hold, each in one table with what the rest of the code needs to know about it.

A new sector or delivery method is one entry here (plus, for a sector with a statute of
its own, its rule in rules.py): the case model validates against these keys, the form
builds its choices from them, the letter and the records sheet take their words from
them. Labels are msgids, translated where they are shown.
"""
from __future__ import annotations

from dataclasses import dataclass

from .i18n import N_, gettext


@dataclass(frozen=True)
class Choice:
    """A plain choice: its key in the case JSON and its label."""

    key: str
    label: str


def keys(table: tuple) -> tuple[str, ...]:
    return tuple(entry.key for entry in table)


_MISSING = object()


def by_key(table: tuple, key: str, default=_MISSING):
    """The entry with `key`; KeyError for an unknown key unless a default is given."""
    found = next((entry for entry in table if entry.key == key), default)
    if found is _MISSING:
        raise KeyError(key)
    return found


# --- Sectors (docs/rules.md section 4) ---------------------------------------------------

@dataclass(frozen=True)
class Sector:
    """A kind of contract.

    `family` names the statute family whose rule applies (rules.sector_rule);
    `telecom_bundle`: sold in one consumer bundle with internet access, the sector
    falls under the telecom rules (section 66(1) TKG). What the law says for it is the
    rule's (rules.SectorRule); only what no rule tells apart is here.
    """

    key: str
    label: str
    family: str
    telecom_bundle: bool = False
    termination_note: str = ""    # what a termination letter adds for this kind of service
    ending: str = ""              # on the records sheet: what ends with the contract
    # The arbitration body (objection/arbitration.py); "bank": the bank association's,
    # told from the bank's name.
    arbitration: str = "universal"


SECTORS = (
    Sector("telecom", N_("Internet, phone or mobile"), "telecom", telecom_bundle=True,
           arbitration="tk_bnetza"),
    Sector("energy", N_("Electricity or gas"), "energy", arbitration="energie"),
    Sector("insurance", N_("Insurance"), "insurance", arbitration="versicherungsombudsmann"),
    Sector("health_insurance", N_("Private health insurance"), "health_insurance",
           arbitration="pkv_ombudsmann"),
    Sector("bank", N_("Bank or payment account"), "bank", arbitration="bank"),
    Sector("subscription", N_("Streaming, software or other subscription"), "subscription",
           telecom_bundle=True),
    Sector("hosting", N_("Web hosting"), "plain", telecom_bundle=True,
           termination_note=N_("Please send me the auth code (AuthInfo) for each of my "
                               "domains by %(date)s, so that I can move them to another "
                               "provider before the contract ends."),
           ending=N_("When the hosting contract ends, your domains, websites and mailboxes "
                     "end with it unless you move them first: ask for the auth codes now, "
                     "back up your data and move the domains before the end date.")),
    Sector("other", N_("Something else"), "plain", telecom_bundle=True),
)


# Energy: which basic-supply regulation and which ruling on price notices apply.
COMMODITIES = (
    Choice("electricity", N_("Electricity")),
    Choice("gas", N_("Gas")),
)


# --- Ways of sending (docs/rules.md R7, R8, R12) ------------------------------------------

@dataclass(frozen=True)
class Delivery:
    """A way of sending the letter.

    `timing` says how the latest day to send is planned: "post" (postal working days
    before the arrival day), "transmit" (on the arrival day before `cutoff`), "hand"
    (on the arrival day, during business hours). `note` is the line in the address
    field's note zone (Deutsche Post's own term, or the channel with `contact`, the
    provider's field it names); `proof` is the advice on the records sheet.
    """

    key: str
    label: str
    timing: str
    proof: str
    note: str = ""
    contact: str = ""
    cutoff: str | None = None

    @property
    def postal(self) -> bool:
        return self.timing == "post"


DELIVERIES = (
    Delivery(
        "registered_mail", N_("Einwurf-Einschreiben (registered mail, recommended)"), "post",
        N_("Einwurf-Einschreiben: keep the posting receipt and request the delivery record "
           "(Auslieferungsbeleg) from Deutsche Post right after delivery; with both you have "
           "prima facie evidence of delivery. The online tracking status alone is not proof."),
        note=N_("Einwurf-Einschreiben")),
    Delivery(
        "registered_mail_receipt", N_("Einschreiben Rückschein (with return receipt)"), "post",
        N_("Einschreiben Rückschein counts only when handed over; if nobody is met, it waits "
           "at the post office and has not arrived. Keep the posting receipt and the return "
           "receipt."),
        note=N_("Einschreiben Rückschein")),
    Delivery(
        "letter", N_("Plain letter"), "post",
        N_("A plain letter proves nothing: you cannot show that it arrived. Prefer "
           "Einwurf-Einschreiben.")),
    Delivery(
        "fax", N_("Fax"), "transmit",
        N_("Keep the fax transmission report. An “OK” is only circumstantial evidence; "
           "send the signed letter by post as well."),
        note=N_("By fax: %(contact)s"), contact="fax", cutoff="16:00"),
    Delivery(
        "email", N_("E-mail"), "transmit",
        N_("An e-mail gives no proof of receipt. Ask for a confirmation and send the "
           "letter by Einwurf-Einschreiben as well."),
        note=N_("By e-mail: %(contact)s"), contact="email", cutoff="16:00"),
    Delivery(
        "hand", N_("By hand / messenger"), "hand",
        N_("Have a messenger who read the letter deliver it and note date and time: "
           "the strongest simple proof."),
        note=N_("By hand")),
)


# --- Smaller choices ----------------------------------------------------------------------

PRICE_UNITS = (
    Choice("month", N_("per month")),
    Choice("quarter", N_("per quarter")),
    Choice("year", N_("per year")),
    Choice("kWh", N_("per kWh")),
)

# The form the notice demands for the objection (docs/rules.md R9, R10).
FORMS = (
    Choice("written", N_("in writing (“schriftlich”)")),
    Choice("text", N_("in text form (e-mail is enough)")),
    Choice("none", N_("no form named")),
    Choice("unknown", N_("I don't know")),
)

# SEPA direct debit (docs/rules.md section 5).
DIRECT_DEBIT = (
    Choice("keep", N_("Keep the direct debit (recommended)")),
    Choice("revoke", N_("Revoke the direct debit mandate and pay by transfer")),
    Choice("none", N_("I don't pay by direct debit")),
)

# docs/rules.md R11: only ink on paper is a handwritten signature.
SIGNATURE_MODES = (
    Choice("handwritten", N_("I will print the letter and sign it by hand (recommended)")),
    Choice("image", N_("Add a picture of my signature (a copy, fine for fax and e-mail)")),
)


# --- After the objection (docs/rules.md section 7): what can happen, and the letters ------

@dataclass(frozen=True)
class EventType:
    """Something that happened after the objection, as the case's history records it.
    `needs`: the event's fields that must be given besides its date."""

    key: str
    label: str
    needs: tuple[str, ...] = ()


EVENTS = (
    EventType("objection_sent", N_("I sent my objection"), ("delivery",)),
    EventType("reminder_sent", N_("I sent a reminder")),
    EventType("provider_insists", N_("The provider insists on the new price")),
    EventType("reply_sent", N_("I replied to the provider's letter")),
    EventType("bill", N_("A bill charged the higher price"), ("period_from", "period_to")),
    EventType("refund_claimed", N_("I claimed the refund")),
    EventType("arbitration_filed", N_("I applied to the arbitration body")),
    # What the provider may do in return (objection/limits.py): its date is the day its
    # letter reached the customer, from which a notice period runs (§ 130 BGB).
    EventType("provider_terminates", N_("The provider terminated the contract"), ("ends",)),
    EventType("termination_reply_sent", N_("I replied to the provider's termination")),
    EventType("provider_demands", N_("The provider sent a dunning letter or threatened to "
                                     "block or cut off"), ("demand",)),
    EventType("demand_reply_sent", N_("I replied to the dunning letter or threat")),
)

# A private health insurer's answer (event provider_insists): whether it gives the reasons
# that are decisive for the reset (§ 203 Abs. 5 VVG: which calculation basis, benefits or
# mortality, changed beyond its threshold; BGH IV ZR 255/17), and whether it shows that an
# independent trustee approved it (§ 203 Abs. 2 Satz 1 VVG). A reset without them is the
# only ground the later letters may rest on: it needs no consent.
RESET_REASONS = (
    Choice("missing", N_("It gives no reasons for the reset")),
    Choice("general", N_("Only general reasons, without naming which calculation basis "
                         "changed")),
    Choice("given", N_("It names the calculation basis (benefits or mortality) that changed")),
)
RESET_TRUSTEE = (
    Choice("not_shown", N_("It does not show that an independent trustee approved the reset")),
    Choice("shown", N_("It confirms the trustee's approval")),
)

# What a provider's letter over the unpaid difference does (event provider_demands).
DEMANDS = (
    Choice("dunning", N_("A dunning letter")),
    Choice("block", N_("A threat to block the line or service")),
    Choice("cutoff", N_("A threat to cut off electricity or gas")),
)


# German states, where the objection must arrive (docs/rules.md R6): shown by name.
STATE_NAMES = (
    Choice("BW", N_("Baden-Württemberg")), Choice("BY", N_("Bavaria")),
    Choice("BE", N_("Berlin")), Choice("BB", N_("Brandenburg")),
    Choice("HB", N_("Bremen")), Choice("HH", N_("Hamburg")),
    Choice("HE", N_("Hesse")), Choice("MV", N_("Mecklenburg-Western Pomerania")),
    Choice("NI", N_("Lower Saxony")), Choice("NW", N_("North Rhine-Westphalia")),
    Choice("RP", N_("Rhineland-Palatinate")), Choice("SL", N_("Saarland")),
    Choice("SN", N_("Saxony")), Choice("ST", N_("Saxony-Anhalt")),
    Choice("SH", N_("Schleswig-Holstein")), Choice("TH", N_("Thuringia")),
)


@dataclass(frozen=True)
class StateName:
    """A state's name in the language of the message that mentions it; `with_code` adds
    the code where that is what must be written ("Bayern (BY)")."""

    code: str
    with_code: bool = False

    def render(self, lang: str) -> str:
        name = gettext(lang, by_key(STATE_NAMES, self.code).label)
        return f"{name} ({self.code})" if self.with_code else name

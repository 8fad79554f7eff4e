"""Case + Assessment -> the letter's content, then HTML via Jinja2 (no Flask).

`compose()` chooses the blocks of text by sector and options (docs/rules.md section 5) in
the letter's language; `render_html()` lays them out with the templates in
templates/letter/. The legal basis of every paragraph is named where it is written.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from babel import Locale
from jinja2 import Environment, FileSystemLoader, select_autoescape

from dateutil.relativedelta import relativedelta

from . import deadlines as dl, paths
from .assess import Assessment
from .case import Case
from .i18n import NBSP, Message, N_, Writer, fmt_amount, gettext, locale_of
from .explain import period_text
from .rules import BeforeChange, Ruling, SectorRule, WindowFromReceipt
from .vocabulary import DELIVERIES, PRICE_UNITS, SECTORS, by_key

if TYPE_CHECKING:
    from .records import RecordsContent

# Keep "§ 41 Abs. 5 EnWG" and "Nr. 5" together on one line.
_STATUTE_SPACE = re.compile(r"(?<=§)\s|(?<=\bAbs\.)\s|(?<=\bNr\.)\s|\s(?=(?:Abs|Nr)\.)"
                            r"|\s(?=(?:BGB|EnWG|TKG|VVG|StromGVV|GasGVV)\b)")


def keep_together(text: str) -> str:
    """No line break inside a statute reference or a price per kWh."""
    return _STATUTE_SPACE.sub(NBSP, text).replace("ct/kWh", "ct/\u2060kWh")


@dataclass(frozen=True)
class Paragraph:
    key: str            # what it does: objection, continuation, reservation, ...
    text: str


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class LetterContent:
    lang: str
    translation_note: str          # non-empty when this is a translation, not to send
    sender: list[str]
    return_line: str
    postal_note: str
    recipient: list[str]
    recipient_size: int            # type size in pt that keeps the address to six lines
    info: list[Row]
    subject: str
    salutation: str
    paragraphs: list[Paragraph]
    closing: str
    signer: str
    signature_image: str           # re-encoded PNG data URI, or ""
    signature_label: str           # "copy of the signature" / "please sign by hand"
    title: str
    page_label: tuple[str, str]    # ("Seite ", " von ") around the page counters


def _price(_: Writer, amount: Decimal, case: Case) -> str:
    """'29,99 € monatlich' / '32,50 ct/kWh'."""
    unit = case.notice.price_unit
    value = fmt_amount(amount, case.notice.currency, _.lang, per_kwh=unit == "kWh")
    return value if unit == "kWh" else f"{value} {_(by_key(PRICE_UNITS, unit).label)}"


# --- The letter ------------------------------------------------------------------------

def compose(case: Case, a: Assessment, lang: str | None = None,
            today: dt.date | None = None) -> LetterContent:
    """The letter in `lang` (default: the case's letter language). A language other
    than the one the case sends in gives a translation for the customer's own
    understanding, and the letter says so (docs/rules.md section 5)."""
    lang = lang or case.letter.language
    _ = Writer(lang)
    c, p, n = case.customer, case.provider, case.notice
    letter_date = case.letter.date or today or a.today
    rule = a.facts.rule

    sender = [c.name, c.street, f"{c.postal_code} {c.city}"]
    if c.country != "DE":
        sender.append(c.country)
    if c.email:
        sender.append(c.email)
    recipient = [p.name, p.street, f"{p.postal_code} {p.city}"]
    if p.country != "DE":
        recipient.append(_country_name(p.country, lang))

    info = []
    if c.customer_number:
        info.append(Row(_(N_("Customer no.")), c.customer_number))
    if c.contract_number:
        info.append(Row(_(N_("Contract no.")), c.contract_number))
    info.append(Row(_(N_("Your letter of")), _.short_date(n.date)))
    if n.received:
        info.append(Row(_(N_("Received on")), _.short_date(n.received)))
    place = case.letter.place or c.city
    info.append(Row(_(N_("Date")), f"{place}, {_.short_date(letter_date)}"))

    paragraphs = _body(case, a, _, letter_date)
    subject = _subject(case, rule, _)
    return LetterContent(
        lang=lang,
        translation_note=(_(N_("Translation for your understanding only. Send the letter in "
                               "the original language."))
                          if lang != case.letter.language else ""),
        sender=sender,
        return_line=" · ".join([c.name, c.street, f"{c.postal_code} {c.city}"]),
        postal_note=_postal_note(case, _),
        recipient=recipient,
        recipient_size=address_size(recipient),
        info=info,
        subject=subject,
        salutation=_(N_("Dear Sir or Madam,")),
        paragraphs=paragraphs,
        closing=_(N_("Yours faithfully")),
        signer=c.name,
        signature_image=case.signature.image if case.signature.mode == "image" else "",
        signature_label=(_(N_("(copy of the signature)")) if case.signature.mode == "image"
                         else ""),
        title=subject.replace(NBSP, " "),
        page_label=_page_label(lang),
    )


# Characters per line of the 75 mm address zone, by type size (Liberation Sans, with
# room to spare); DIN 5008 allows six lines and no less than 8 pt.
_CHARS_PER_LINE = {10: 40, 9: 45, 8: 51}


def address_size(lines: list[str]) -> int:
    """The largest type size at which the recipient's address needs at most six lines."""
    for size, chars in _CHARS_PER_LINE.items():
        if sum(-(-len(line) // chars) for line in lines) <= 6:
            return size
    return 8


def _page_label(lang: str) -> tuple[str, str]:
    """'Seite %(page)s von %(pages)s' split around the numbers, which CSS counters fill
    in on page 2 on (DIN 5008)."""
    label = gettext(lang, N_("Page %(page)s of %(pages)s"))
    before, rest = label.split("%(page)s")
    return before.strip(), rest.split("%(pages)s")[0].strip()


def _country_name(code: str, lang: str) -> str:
    """DIN 5008: the destination country in capitals on the last address line."""
    return Locale.parse(locale_of(lang)).territories.get(code, code).upper()


def _postal_note(case: Case, _: Writer) -> str:
    """The note zone's line: Deutsche Post's own term, or the channel with the number
    or address it goes to (nothing where that is missing)."""
    delivery = by_key(DELIVERIES, case.options.delivery)
    contact = getattr(case.provider, delivery.contact) if delivery.contact else ""
    if not delivery.note or (delivery.contact and not contact):
        return ""
    return _(delivery.note, contact=contact)


def price_terms(case: Case) -> dict[str, Message]:
    """What the letter calls the amount that rises: an insurer charges a premium
    ("Beitrag", section 40 VVG), everybody else a price."""
    if by_key(SECTORS, case.contract.sector).premium:
        return {"price": Message(N_("premium")), "increase": Message(N_("premium increase"))}
    return {"price": Message(N_("price")), "increase": Message(N_("price increase"))}


def _subject(case: Case, rule: SectorRule, _: Writer) -> str:
    n, o, terms = case.notice, case.options, price_terms(case)
    reference = case.contract.tariff or case.customer.contract_number or \
        case.customer.customer_number
    effective = _.date(n.effective)
    if not o.object:
        text = _(N_("Termination because of the %(increase)s as of %(effective)s"),
                 effective=effective, **terms)
    else:
        subject = {"reject": N_("Rejection of the proposed change as of %(effective)s"),
                   "ask": N_("Premium adjustment as of %(effective)s: request for the reasons "
                             "and a tariff switch offer")}
        objection = N_("Objection to the %(increase)s as of %(effective)s")
        text = _(subject.get(rule.declaration, objection), effective=effective, **terms)
        if o.terminate_fallback:
            text += " " + _(N_("and, in the alternative, termination"))
    return f"{text} – {reference}" if reference else text


# --- The body, paragraph by paragraph (docs/rules.md section 5) --------------------------

@dataclass(frozen=True)
class _Context:
    """What every paragraph needs: the case, its assessment, the writer, and the dates
    the letter works with."""

    case: Case
    a: Assessment
    _: Writer
    letter_date: dt.date
    arrival: dt.date        # when the letter can be expected to arrive
    confirm_by: dt.date     # a week after arrival at the earliest

    @property
    def rule(self) -> SectorRule:
        return self.a.facts.rule

    @property
    def terms(self) -> dict[str, Message]:
        return price_terms(self.case)

    @property
    def old(self) -> str:
        return _price(self._, self.case.notice.old_price, self.case)

    def rulings(self, rulings: tuple[Ruling, ...]) -> str:
        """'; vgl. BGH, Urteil vom 15. November 2007 – III ZR 247/06' for the rulings that
        exist on the letter's date."""
        cited = [r for r in rulings if r.date <= self.letter_date]
        if not cited:
            return ""
        return "; " + self._(N_("cf. %(rulings)s"), rulings="; ".join(
            self.ruling(r) for r in cited))

    def ruling(self, r: Ruling) -> str:
        text = self._(N_("%(court)s, judgment of %(date)s – %(file)s"), court=r.court,
                      date=self._.date(r.date), file=r.file)
        return text if r.final else text + " " + self._(N_("(not final)"))


def _body(case: Case, a: Assessment, _: Writer, letter_date: dt.date) -> list[Paragraph]:
    o = case.options
    arrival = max(a.expected_arrival or letter_date, letter_date)
    confirm_by = max(letter_date + dt.timedelta(days=o.confirmation_days),
                     arrival + dt.timedelta(days=7))
    c = _Context(case, a, _, letter_date, arrival, confirm_by)
    out: list[Paragraph] = []

    def add(key: str, text: str) -> None:
        if text:
            out.append(Paragraph(key, keep_together(text)))

    announced = _announcement(c)
    if o.object:
        add("objection", f"{announced} {_declaration(c)}".strip())
        for key, text in _grounds(c):
            add(key, text)
    else:
        add("objection", announced)
    if a.notice_timely is False:
        add("late_notice", _late_notice(c))
    if o.object and o.reserve_refund:
        add("reservation", _reservation(c))
    if o.terminate_fallback:
        add("termination", _termination(c))
        if not o.object:
            add("consequences", _consequences(c))
    add("confirmation", _confirmation(c))
    add("direct_debit", _direct_debit(c))
    return out


def _announcement(c: _Context) -> str:
    n, _ = c.case.notice, c._
    new = _price(_, n.new_price, c.case)
    received = (_(N_(", which I received on %(date)s,"), date=_.date(n.received))
                if n.received else "")
    facts = dict(date=_.date(n.date), received=received, old=c.old, new=new,
                 effective=_.date(n.effective), tariff=c.case.contract.tariff, **c.terms)
    if c.rule.declaration == "ask":
        # Section 203(5) VVG: a reset of the premium, not an offer to accept or refuse.
        return _(N_("I have received your notice of %(date)s%(received)s resetting my "
                    "premium from %(old)s to %(new)s as of %(effective)s. Before I decide on "
                    "my rights, I ask you for the following."), **facts)
    if c.case.contract.tariff:
        return _(N_("In your letter of %(date)s%(received)s you announced that the "
                    "%(price)s for my tariff “%(tariff)s” will rise from %(old)s to %(new)s "
                    "as of %(effective)s."), **facts)
    return _(N_("In your letter of %(date)s%(received)s you announced that the %(price)s "
                "of my contract will rise from %(old)s to %(new)s as of %(effective)s."),
             **facts)


def _declaration(c: _Context) -> str:
    """Clear and unconditional (docs/sources.md 5.1 no. 7), in the sector's terms."""
    _ = c._
    return {
        # Section 675g(2) sentence 1 BGB: the customer rejects the offered change.
        "reject": lambda: _(N_("I hereby reject the proposed change (§ 675g Abs. 2 Satz 1 "
                               "BGB); I do not consent to it.")),
        # Basic supply: the general prices bind unless unfair (section 315(3) BGB).
        "dispute": lambda: _(N_("I hereby object to the price increase. I consider it "
                                "unfair and raise the defence under § 315 Abs. 3 BGB.")),
        # Section 40 VVG: the insurer may raise the premium only under a valid clause.
        "withhold_consent": lambda: _(N_("I do not consent to the %(increase)s."), **c.terms),
        "ask": lambda: "",
        "object": lambda: _(N_("I hereby object to this %(increase)s. I do not consent to the "
                               "change and do not accept your offer to amend the "
                               "contract."), **c.terms),
    }[c.rule.declaration]()


# The closing sentence of every objection: silence, use and payment are no consent
# (sections 145 ff., 308 no. 5 BGB).
NO_CONSENT = N_("Neither my silence nor further use or payment means consent.")


def _grounds(c: _Context) -> list[tuple[str, str]]:
    """The legal ground for the sector and the customer (docs/rules.md R13, R16a).
    Where the courts have not settled the question, the letter states the customer's
    view ("in my view"), not a fact; businesses are covered by section 307 BGB only
    (section 310(1) BGB); energy special contracts by section 307, not 308/309
    (section 310(2) BGB); basic supply and private health insurance have no clause to
    attack."""
    _, consumer, rule = c._, c.case.contract.consumer, c.rule
    price = dict(old=c.old, **c.terms)
    grounds = rule.grounds
    if grounds == "health":
        return _health_requests(c)
    if grounds == "bank":
        ruling = [r for r in rule.rulings if r.date <= c.letter_date]
        if consumer and ruling:
            text = _(N_("The contract therefore continues on its existing terms. A clause "
                        "under which my silence counts as consent to changes of terms and "
                        "charges without any limitation as to content is invalid towards "
                        "consumers (%(ruling)s)."), ruling=c.ruling(ruling[0]))
        else:
            text = _(N_("The contract therefore continues on its existing terms (§ 675g Abs. 2 "
                        "BGB). In my view a clause under which my silence counts as consent "
                        "does not withstand review under § 307 BGB (§ 310 Abs. 1 BGB for "
                        "businesses)."))
    elif grounds == "energy":
        text = _(N_("In my view the price change cannot be based on a valid price-adjustment "
                    "clause (§ 307 BGB; §§ 308 and 309 BGB do not apply to special-customer "
                    "contracts, § 310 Abs. 2 BGB). In any event I dispute that the increase "
                    "is fair (§ 315 Abs. 3 BGB). In my view I continue to owe the previous "
                    "%(price)s of %(old)s until this is resolved."), **price)
    elif grounds == "basic_supply":
        text = _(N_("In my view the increase of the general prices is subject to a fairness "
                    "review; I dispute that it is fair (§ 315 Abs. 3 BGB). Please set out the "
                    "extent, occasion and conditions of the change and compare each cost "
                    "component before and after it (§ 5 Abs. 2 Satz 2 %(regulation)s"
                    "%(rulings)s). Until this is resolved I pay the increased amounts only "
                    "under reservation."), regulation=rule.regulation,
                 rulings=c.rulings(rule.rulings))
    elif grounds == "insurance":
        text = _(N_("Please tell me which premium-adjustment clause of my contract you rely "
                    "on and show that its conditions are met. In my view, without a valid "
                    "adjustment clause the previous %(price)s of %(old)s remains owed."),
                 **price)
    else:   # a price clause in standard terms: telecom, subscriptions, hosting, the rest
        basis = (_(N_("§§ 307, 308 Nr. 5 BGB")) if consumer else
                 _(N_("§ 307 BGB, which under § 310 Abs. 1 BGB also applies to businesses")))
        text = _(N_("In my view the clause on which you base the increase is invalid: a term "
                    "that lets you change the %(price)s unilaterally or through my silence "
                    "puts me at an unreasonable disadvantage (%(basis)s%(rulings)s)."),
                 basis=basis, rulings=c.rulings(rule.rulings), **c.terms)
        if grounds == "telecom":
            # Section 57 TKG gives a right to terminate; it validates no price clause.
            text += " " + _(N_("The right to terminate under § 57 TKG does not make such a "
                               "clause valid."))
        text += " " + _(N_("In my view the contract therefore continues on its existing "
                           "terms, and I continue to owe only the previous %(price)s of "
                           "%(old)s."), **price)
    text += " " + _(NO_CONSENT)
    if not consumer:
        # Between businesses silence to a commercial letter can bind: say it plainly.
        text += " " + _(N_("This letter is my express objection."))
    out = [("continuation", text)]
    if rule.fairness_ruling:
        # Section 41(5) EnWG: occasion, conditions and extent, old and new components
        # compared (BGH VIII ZR 199/20 electricity, VIII ZR 200/20 gas).
        out.append(("fairness", _(N_(
            "Please set out the occasion, conditions and extent of the change and compare the "
            "previous and the new prices of each price component in a verifiable way "
            "(§ 41 Abs. 5 EnWG%(rulings)s)."), rulings=c.rulings((rule.fairness_ruling,)))))
    return out


def _health_requests(c: _Context) -> list[tuple[str, str]]:
    """Private health insurance: the adjustment is statutory (section 203(2), (5) VVG),
    so the letter asks for what the law gives: the reasons, the trustee's approval and a
    tariff switch (section 204 VVG)."""
    _ = c._
    return [
        ("reasons", _(N_(
            "Please state the decisive reasons for the reset (§ 203 Abs. 5 VVG): which "
            "calculation basis – benefits or mortality – changed in which tariff not merely "
            "temporarily and exceeded the relevant threshold, and by how much. The reset takes "
            "effect only at the beginning of the second month after notice of the reset and "
            "of its decisive reasons (§ 203 Abs. 5 VVG%(rulings)s)."),
            rulings=c.rulings(c.rule.rulings))),
        ("trustee", _(N_(
            "Please confirm that an independent trustee reviewed the technical calculation "
            "bases and approved the premium adjustment (§ 203 Abs. 2 Satz 1 VVG), and state "
            "the date of the approval."))),
        ("tariff_switch", _(N_(
            "Please make me an offer to switch to tariffs of your company with equivalent "
            "cover, crediting the rights acquired and the ageing reserve (§ 204 Abs. 1 Satz 1 "
            "Nr. 1 VVG), each with its premium and the differences in benefits."))),
    ]


def _late_notice(c: _Context) -> str:
    """docs/rules.md R15. No past due date is named: the letter says what the statute
    demands and what follows."""
    n, _, rule, a = c.case.notice, c._, c.rule, c.a
    received = _.date(a.facts.received)
    if a.notice_after_change:
        return _(N_("Your notice reached me only on %(received)s, on or after the date "
                    "announced for the change. In my view a change that was not notified to "
                    "me in time cannot take effect retroactively; my rights remain."),
                 received=received)
    if rule.notice_from_announcement:
        # Section 5(2) GVV: six weeks from the public announcement, not from receipt.
        return _(N_("Your letter is dated %(date)s, less than six weeks before the change. "
                    "Please tell me when and where you published the change (§ 5 Abs. 2 "
                    "Satz 1 %(regulation)s). In my view it cannot take effect on %(effective)s "
                    "unless it was published at least six weeks before."),
                 date=_.date(n.date), regulation=rule.regulation, effective=_.date(n.effective))
    if rule.declaration == "ask":
        earliest = a.facts.received.replace(day=1) + relativedelta(months=2)
        if earliest >= c.arrival:
            return _(N_("Under § 203 Abs. 5 VVG the reset cannot take effect before %(date)s."),
                     date=_.date(earliest))
        return _(N_("Under § 203 Abs. 5 VVG the reset cannot take effect before the beginning "
                    "of the second month after your notice reached me."))
    text = _(N_("Your notice reached me only on %(received)s. Under %(basis)s it had to reach "
                "me at least %(minimum)s before the change takes effect. In my view the change "
                "therefore cannot take effect on %(effective)s."), received=received,
             basis=rule.notice_basis, minimum=period_text(rule.notice.minimum),
             effective=_.date(n.effective))
    if rule.window_from_receipt:
        text += " " + _(N_("My right to terminate under %(basis)s is unaffected."),
                        basis=rule.termination_basis)
    return text


def _reservation(c: _Context) -> str:
    """Sections 812, 814 BGB: pay only under reservation, or a refund may be lost.
    Insurers and basic suppliers are paid in full (arrears endanger the cover or the
    supply), under reservation."""
    _ = c._
    if c.rule.grounds in ("insurance", "health"):
        return _(N_("To avoid endangering my cover, I pay the new %(price)s until this is "
                    "resolved only under reservation of a refund should the increase not be "
                    "effective (§ 812 Abs. 1 Satz 1 BGB)."), **c.terms)
    if c.rule.grounds == "basic_supply":
        return _(N_("I reserve the right to reclaim any amount paid above the previous "
                    "%(price)s (§ 812 Abs. 1 Satz 1 BGB)."), **c.terms)
    return _(N_("Insofar as I pay the increased amount or it is collected, I do so only under "
                "reservation and without acknowledging any obligation. I reserve the right to "
                "reclaim any amount paid above the previous %(price)s (§ 812 Abs. 1 Satz 1 "
                "BGB)."), **c.terms)


# --- Termination --------------------------------------------------------------------------

def termination_effect(c: _Context) -> tuple[str | None, str, bool]:
    """The statute, the words for when the contract ends, and whether that is at once.
    No end lies before the letter's expected arrival: a right that runs out before it
    falls back to ordinary notice (docs/rules.md section 4)."""
    _, rule, a = c._, c.rule, c.a
    effective, w = _.date(c.case.notice.effective), c.case.notice.effective
    before_change = c.arrival < w
    ordinary = (None, _(N_("with ordinary notice as of the earliest possible date")), False)
    if isinstance(rule.termination, WindowFromReceipt):
        if a.termination and c.arrival > a.termination.date:
            return ordinary
        if rule.declaration == "ask":
            # Section 205(4) VVG fixes the effect at the increase, whenever declared.
            if before_change:
                return rule.termination_basis, _(N_(
                    "with effect from the date on which the premium increase is to take "
                    "effect, %(effective)s"), effective=effective), False
            return rule.termination_basis, _(N_(
                "with effect from the date on which the premium increase is to take effect"
            )), False
        if not before_change:
            # Section 57(1) sentence 3 TKG, section 40(1) VVG: at the earliest at the change.
            return rule.termination_basis, _(N_("with immediate effect")), True
        if rule.declaration == "withhold_consent":
            return rule.termination_basis, _(N_(
                "with immediate effect, but not before the increase takes effect on "
                "%(effective)s"), effective=effective), False
        return rule.termination_basis, _(N_(
            "with effect from the date on which the change takes effect, %(effective)s"),
            effective=effective), False
    if isinstance(rule.termination, BeforeChange):
        if before_change:
            if rule.declaration == "reject":
                return rule.termination_basis, _(N_(
                    "without notice and free of charge, with effect from the end of "
                    "%(day_before)s, before the proposed date of the change"),
                    day_before=_.date(w - dl.ONE_DAY)), False
            return rule.termination_basis, _(N_(
                "without notice, with effect from the date the price change takes effect, "
                "%(effective)s"), effective=effective), False
        if a.notice_timely is False:
            # A late notice: the change has not taken effect, the right is not lost.
            return rule.termination_basis, _(N_("with immediate effect")), True
        if rule.declaration == "reject":
            # Section 675h(1) BGB: a payment services contract ends at any time.
            return "§ 675h Abs. 1 BGB", _(N_("with immediate effect")), True
        if rule.regulation:
            # Section 20(1) sentence 1 GVV: two weeks' notice at any time.
            end = c.arrival + dt.timedelta(weeks=2)
            return f"§ 20 Abs. 1 Satz 1 {rule.regulation}", _(N_(
                "with two weeks' notice, by my calculation as of %(end)s"),
                end=_.date(end)), False
        return ordinary
    return ordinary


def _termination(c: _Context) -> str:
    """Exactly one statute from the sector's rule, and an end that is not in the past;
    in the alternative (only should the provider insist) or outright."""
    _ = c._
    statute, effect, at_once = termination_effect(c)
    under = _(N_("under %(statute)s"), statute=statute) + " " if statute else ""
    what = _(N_("the insurance for the insured persons affected")) \
        if c.rule.declaration == "ask" else _(N_("the contract"))
    if c.case.options.object:
        if at_once:
            # "In case you insist" and "at once" do not go together: the condition gets
            # a date, which depends only on the provider's conduct.
            text = _(N_("Should you not confirm in text form by %(date)s that the previous "
                        "%(price)s stands, I terminate %(what)s in the alternative %(under)s"
                        "with effect from the end of %(date)s."),
                     date=_.date(c.confirm_by), what=what, under=under, **c.terms)
        else:
            text = _(N_("Only in case you insist on the %(increase)s, I terminate %(what)s in "
                        "the alternative %(under)s%(effect)s."), what=what, under=under,
                     effect=effect, **c.terms)
    else:
        text = _(N_("I hereby terminate %(what)s %(under)s%(effect)s."), what=what,
                 under=under, effect=effect)
    if c.rule.declaration == "ask":
        # Section 205(6) VVG: compulsory cover ends only with proof of new cover.
        text += " " + _(N_("Where this is my compulsory health cover, I will prove within two "
                           "months of this notice that I am insured with a new insurer "
                           "without interruption (§ 205 Abs. 6 VVG)."))
    return text


def _consequences(c: _Context) -> str:
    """What a termination means for the service: it ends, with a final bill; for
    hosting the domains must move first, for telecom the number can."""
    _ = c._
    text = _(N_("Please end your services at that time and bill me up to then."))
    note = by_key(SECTORS, c.case.contract.sector).termination_note
    if note:
        text += " " + _(note, date=_.date(c.confirm_by))
    return text


def _confirmation(c: _Context) -> str:
    """A date in text form, a week after the expected arrival at the earliest; where a
    statute obliges the provider to confirm a termination, the letter says so."""
    _, o, rule = c._, c.case.options, c.rule
    date = _.date(c.confirm_by)
    if o.object and rule.declaration == "ask":
        text = _(N_("Please answer these questions in text form by %(date)s."), date=date)
    elif o.object and rule.grounds in ("basic_supply", "insurance"):
        text = _(N_("Please confirm receipt of this letter and answer my questions in text "
                    "form by %(date)s."), date=date)
    elif o.object:
        text = _(N_("Please confirm in text form by %(date)s that the contract continues on "
                    "its existing terms."), date=date)
    else:
        text = _(N_("Please confirm the termination and the end date of the contract in text "
                    "form by %(date)s."), date=date)
    if o.terminate_fallback and rule.termination_confirmation:
        if rule.regulation:   # Section 20(2) sentence 2 GVV: at once
            text += " " + _(N_("Under %(basis)s you must confirm a termination in text form "
                               "without undue delay after receipt, stating the end of the "
                               "contract."), basis=rule.termination_confirmation)
        else:                 # Section 41b(1) EnWG: within a week
            text += " " + _(N_("Under %(basis)s you must confirm a termination in text form "
                               "within one week of receipt, stating the end of the "
                               "contract."), basis=rule.termination_confirmation)
    return text


def _direct_debit(c: _Context) -> str:
    """One stance per option (docs/rules.md section 5). Keep: the mandate stands and
    what is collected is paid under reservation; no chargeback is announced, as a
    refund would bring back the whole amount. Revoke: pay by transfer, the old price,
    or where arrears would endanger cover or supply the full amount under reservation."""
    _, o = c._, c.case.options
    if c.rule.declaration == "reject" or o.direct_debit == "none":
        return ""   # a bank charges the account itself: there is no mandate
    if not o.object:
        if o.direct_debit == "keep":
            return _(N_("Direct debits are permitted only until the contract ends."))
        return _(N_("I hereby revoke the SEPA direct debit mandate I gave you, with effect for "
                    "future debits. I will pay the amounts owed until the contract ends by "
                    "bank transfer."))
    if o.direct_debit == "keep":
        if not o.reserve_refund:
            return ""
        return _(N_("My SEPA direct debit mandate remains in place. Amounts collected above "
                    "the previous %(price)s are also paid under the reservation stated "
                    "above."), **c.terms)
    if c.rule.grounds in ("insurance", "health", "basic_supply"):
        return _(N_("I hereby revoke the SEPA direct debit mandate I gave you, with effect for "
                    "future debits. I will transfer the amounts due on time, any part above "
                    "the previous %(price)s under reservation."), **c.terms)
    return _(N_("I hereby revoke the SEPA direct debit mandate I gave you, with effect for "
                "future debits. I will transfer the previous %(price)s of %(old)s on time."),
             old=c.old, **c.terms)


# --- HTML ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(paths.TEMPLATES)),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)


SIZES = (0, 1, 2)   # type sizes in letter.css, largest first


def starting_size(letter: LetterContent) -> int:
    """The type size to try first, judged from the length of the text, so that a long
    letter is not laid out three times; pdf.py still checks the page and goes smaller
    when needed. Measured on the fixtures (tests/test_pdf.py): up to 24 lines-and-gaps
    fit at 10.5 pt, up to 29 at 10 pt (about 90 characters per line); the bounds keep
    a little room, as a guess that is too small only costs a layout more."""
    measure = sum(-(-len(p.text) // 90) + 1 for p in letter.paragraphs)
    return 0 if measure <= 26 else 1 if measure <= 30 else 2


def render_html(letter: LetterContent, records: RecordsContent | None = None, size: int = 0,
                letter_pages: int = 1, standalone: bool = False) -> str:
    """The letter, and after it the records sheet on its own page, as one HTML document
    for WeasyPrint (one layout, one font subset). `size` is one of `SIZES`;
    `letter_pages` is the letter's own page count for "Seite 2 von 2"; `standalone`
    links the stylesheets so a browser shows it too (for design work)."""
    return environment().get_template("letter/letter.html").render(
        letter=letter, records=records, size=size, letter_pages=letter_pages,
        standalone=standalone)

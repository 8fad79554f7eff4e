"""Case + Assessment -> the records sheet: for the customer, not to be sent. Its
deadlines with their rule chains, how to send and what to keep as proof, and what
happens next."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..assess import Assessment
from ..case import Case
from ..explain import explain, why
from ..i18n import Message, N_, Number, Writer
from ..rules import HOUSEHOLD_LIMIT_KWH
from ..vocabulary import DELIVERIES, SECTORS, by_key
from .parts import Row
from .signing import advance_copy_available, image_signs_letter


@dataclass(frozen=True)
class RecordsContent:
    lang: str
    title: str
    not_to_send: str
    deadlines: list[Row]
    warnings_title: str
    warnings: list[str]
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    disclaimer: str = ""


def compose_records(case: Case, a: Assessment, lang: str) -> RecordsContent:
    """The second sheet: for the customer's records, not to be sent."""
    _ = Writer(lang)
    o = case.options
    rows = [Row(_(row.label), _.date(row.dated.date), explain(row.dated, lang, statutes=False),
                why(row.dated, lang)) for row in a.rows()]
    if a.notice_latest:
        # Basic supply: the six weeks run from the public announcement, not from receipt.
        label = (N_("Public announcement due by") if a.facts.rule.notice_from_announcement
                 else N_("Notice due by"))
        rows.append(Row(_(label), _.date(a.notice_latest),
                        _(N_("on time")) if a.notice_timely else _(N_("too late"))))

    letter_date = case.letter.date or a.today
    send = [_(by_key(DELIVERIES, o.delivery).proof)]
    # docs/rules.md R15a: the letter's dates are counted from its expected arrival.
    send.append(_(N_("The letter is made for sending on %(date)s. If you send it later, make "
                     "it again with the new date: the dates in it depend on when it "
                     "arrives."), date=letter_date))
    send.append(_(N_("Send an advance copy by fax or e-mail as well, and keep a copy of the "
                     "signed letter. Ideally someone reads the letter and watches you put it "
                     "in the envelope: registered mail proves the envelope, not its content.")))
    if image_signs_letter(case):
        # docs/rules.md R11: a printed or embedded image is a copy of a signature.
        signature = _(N_("The signature in this PDF is a copy of your signature (at most a "
                         "simple electronic signature), not a handwritten one. Text form is "
                         "enough here, so the copy may sign the letter."))
    elif advance_copy_available(case):
        signature = _(N_("The letter to post has a line to sign by hand in ink: written form "
                         "may be demanded, and a picture of a signature is only a copy. Your "
                         "signature picture is on the advance copy for fax or e-mail."))
    else:
        signature = _(N_("Print the letter and sign it by hand in ink above your name before "
                         "you send it."))
    next_steps = [_(msgid, **params) for msgid, params in _what_happens_next(case, a)]
    payment = [_(msgid, **params) for msgid, params in _payment_risks(case, a)]
    return RecordsContent(
        lang=lang,
        title=_(N_("For your records")),
        not_to_send=_(N_("Keep this sheet. Do not send it.")),
        deadlines=rows,
        warnings_title=_(N_("Please note")),
        warnings=[w.message.render(lang) for w in a.warnings],
        sections=[(title, items) for title, items in (
            (_(N_("How to send, and what to keep as proof")), send),
            (_(N_("Signature")), [signature]),
            (_(N_("What happens next")), next_steps),
            (_(N_("Paying in the meantime")), payment)) if items],
        disclaimer=_(N_("Not legal advice. In a dispute, a consumer advice centre "
                        "(Verbraucherzentrale) can help.")),
    )


def _what_happens_next(case: Case, a: Assessment) -> list[tuple[str, dict]]:
    """Per sector: what the provider may do after the letter (docs/rules.md R14) and
    what the customer should know; then limitation, which a letter does not suspend."""
    o, rule = case.options, a.facts.rule
    business = not case.contract.consumer
    out: list[tuple[str, dict]] = []
    if o.object:
        texts = rule.after_objection_business if business else None
        out.extend((text, {"regulation": rule.regulation, "kwh": Number(HOUSEHOLD_LIMIT_KWH)})
                   for text in texts or rule.after_objection)
    if o.terminate_fallback:
        out.append((N_("Once the termination takes effect, the service ends: arrange the "
                       "replacement (a new tariff, supplier, account or insurer) so that it "
                       "starts then."), {}))
        out.extend((text, {}) for text in rule.switching)
        if rule.effect_fixed_at_change:
            # Section 205(6) VVG.
            out.append((N_("Compulsory health cover ends only if you prove, within two months "
                           "of your notice, that a new insurer covers every insured person "
                           "without a gap (§ 205 Abs. 6 VVG). Ageing reserves beyond the basic "
                           "tariff's part are lost, and a new insurer may assess your health "
                           "again."), {}))
        if rule.regulation:
            # Section 5(3) sentence 2 GVV.
            out.append((N_("The increase does not apply to you only if you prove, within one "
                           "month of the termination's receipt, a contract with a new "
                           "supplier (§ 5 Abs. 3 Satz 2 %(regulation)s). Without one the basic "
                           "supplier goes on supplying you, at the new prices."),
                        {"regulation": rule.regulation}))
    ending = by_key(SECTORS, case.contract.sector).ending
    if ending:
        out.append((ending, {}))
    if rule.window_from_receipt and a.termination and o.object and not o.terminate_fallback:
        out.append((N_("Your special termination right (%(basis)s) runs until %(date)s."),
                    {"basis": rule.termination_basis, "date": a.termination.date}))
    # Sections 195, 199 BGB; § 204 BGB: a letter does not suspend limitation. A letter
    # that only terminates leaves nothing paid above the old price to claim back.
    if o.object:
        out.append((N_("Refund claims for amounts paid above the old price become "
                       "time-barred three years after the end of the year of each payment "
                       "(§§ 195, 199 BGB); a letter does not suspend limitation (§ 204 "
                       "BGB)."), {}))
    return out


def _payment_risks(case: Case, a: Assessment) -> list[tuple[str, dict]]:
    """Direct debits and chargebacks: a refund brings back the whole amount, so the part
    that is owed falls into arrears, with the sector's consequences; a SEPA B2B mandate
    has no refund right at all. One stance, the letter's."""
    o, rule = case.options, a.facts.rule
    business = not case.contract.consumer
    insured = bool(rule.unpaid_premium)    # § 38 VVG
    out: list[tuple[str, dict]] = []
    if insured:
        out.append((N_("Never charge back a premium: after a two-week payment deadline the "
                       "insurer is not liable for what happens while you are in arrears and "
                       "may terminate (§ 38 VVG).") if rule.first_letter != "request" else
                    N_("Never charge back a premium: two months of arrears lead to reminders, "
                       "a surcharge and finally the emergency tariff (§ 193 Abs. 6, 7 VVG)."),
                    {}))
    elif o.direct_debit == "keep" and o.object and not rule.own_account:
        # The letter's stance: what is collected above the old price is paid under the
        # reservation, where the letter makes one.
        out.append((N_("Your mandate stays: the provider may collect the higher amount, which "
                       "you then pay under reservation and can reclaim. A chargeback at your "
                       "bank (possible within 8 weeks, § 675x BGB) returns the whole amount, "
                       "not just the increase: the part you owe is then unpaid, with dunning "
                       "costs and return-debit fees. Prefer paying under reservation and "
                       "reclaiming the difference.") if o.reserve_refund else
                    N_("Your mandate stays: the provider may collect the higher amount. Your "
                       "letter makes no reservation, so what you pay above the old price may "
                       "be hard to claim back (§ 814 BGB). A chargeback at your bank returns "
                       "the whole amount, not just the increase."), {}))
    elif o.direct_debit == "keep" and not rule.own_account:
        out.append((N_("Your mandate stays for what arises until the contract ends, the final "
                       "bill included, as your letter says."), {}))
    if o.direct_debit == "revoke" and not o.object:
        out.append((N_("You revoked the mandate: transfer what is owed until the contract "
                       "ends on time, as your letter says."), {}))
    elif o.direct_debit == "revoke":
        if insured or not rule.consent_needed:
            out.append((N_("You revoked the mandate: transfer the full amount due on time, "
                           "under reservation."), {}))
        else:
            out.append((N_("You revoked the mandate: transfer the old price on time. Expect "
                           "the provider to treat the difference as arrears (reminders, "
                           "possibly its own termination)."), {}))
    if rule.block_protection:
        # Section 61(4) TKG for consumers; section 71(3) TKG extends it to small firms.
        if business:
            out.append((N_("Only for micro and small enterprises and non-profit organisations "
                           "that have not expressly waived it (§ 71 Abs. 3 TKG):"), {}))
        out.append((N_("Your line may be blocked for arrears only from 100 € after repeated "
                       "non-payment, and only after a written warning at least two weeks before "
                       "(§ 61 Abs. 4 TKG). Amounts you disputed in due form and time and with "
                       "reasons do not count: dispute each bill with the higher price in text "
                       "form within eight weeks of receipt (§ 67 Abs. 2 TKG), %(reason)s."),
                    {"reason": Message(N_("referring to your objection") if o.object else
                                       N_("referring to your termination"))}))
    elif rule.cutoff_protection and not rule.consent_needed:
        out.append((N_("Pay instalments and bills in full and on time, under reservation as "
                       "the letter says: arrears can lead to an interruption of the supply."),
                    {}))
    elif rule.cutoff_protection or rule.supply:
        out.append((N_("Pay what you owe on time, under reservation: arrears can lead to "
                       "reminders and, after a threat and an announcement, to an "
                       "interruption of the supply."), {}))
    if business and o.direct_debit != "none" and not rule.own_account:
        out.append((N_("A SEPA B2B (company) mandate has no refund right at all."), {}))
    return out

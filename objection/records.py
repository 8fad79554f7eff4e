"""Case + Assessment -> the records sheet: for the customer, not to be sent. Its
deadlines with their rule chains, how to send and what to keep as proof, and what
happens next."""
from __future__ import annotations

from dataclasses import dataclass, field

from .assess import Assessment
from .case import Case
from .explain import explain
from .i18n import N_, Writer
from .letter import Row
from .vocabulary import DELIVERIES, by_key


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
    rows = [Row(_(row.label), _.date(row.dated.date), explain(row.dated, lang))
            for row in a.rows()]
    if a.notice_latest:
        rows.append(Row(_(N_("Notice due by")), _.date(a.notice_latest),
                        _(N_("on time")) if a.notice_timely else _(N_("too late"))))

    send = [_(by_key(DELIVERIES, o.delivery).proof)]
    send.append(_(N_("Send an advance copy by fax or e-mail as well, and keep a copy of the "
                     "signed letter. Ideally someone reads the letter and watches you put it "
                     "in the envelope: registered mail proves the envelope, not its content.")))
    if case.signature.mode == "image":
        # docs/rules.md R11: a printed or embedded image is a copy of a signature.
        signature = _(N_("The signature in this PDF is a copy of your signature (at most a "
                         "simple electronic signature), not a handwritten one. That is fine "
                         "for fax and e-mail; where written form is required, sign a printed "
                         "copy by hand in ink."))
    else:
        signature = _(N_("Print the letter and sign it by hand in ink above your name before "
                         "you send it."))
    next_steps = []
    if o.object:
        # docs/rules.md R14: the provider may terminate after an objection.
        next_steps.append(_(N_(
            "After your objection the provider may terminate the contract in the ordinary "
            "way. You then pay the old price until the contract ends.")))
    # Sections 195, 199 BGB: a letter does not stop limitation.
    next_steps.append(_(N_(
        "Refund claims for amounts paid above the old price become time-barred three years "
        "after the end of the year of each payment (§§ 195, 199 BGB); a letter does not "
        "stop that.")))
    if o.direct_debit == "keep" and o.object:
        next_steps.append(_(N_(
            "If a higher amount is debited, your bank refunds an authorised SEPA debit within "
            "8 weeks, but the whole amount: then transfer the old price yourself.")))
    if o.direct_debit == "revoke":
        next_steps.append(_(N_(
            "You revoked the direct debit mandate: pay the old price on time by transfer, or "
            "the provider may claim arrears and return-debit fees.")))
    return RecordsContent(
        lang=lang,
        title=_(N_("For your records")),
        not_to_send=_(N_("Keep this sheet. Do not send it.")),
        deadlines=rows,
        warnings_title=_(N_("Please note")),
        warnings=[w.message.render(lang) for w in a.warnings],
        sections=[(_(N_("How to send, and what to keep as proof")), send),
                  (_(N_("Signature")), [signature]),
                  (_(N_("What happens next")), next_steps)],
        disclaimer=_(N_("Not legal advice. In a dispute, a consumer advice centre "
                        "(Verbraucherzentrale) can help.")),
    )

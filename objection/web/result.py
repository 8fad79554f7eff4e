"""The result page: the dates with their reasons, what to do in order, the letter, and
the day to send it; the downloads (downloads.py) are its forms. A day to send that
cannot be used comes back here with its reason and as it was typed."""
from __future__ import annotations

import datetime as dt
import json

from flask import render_template
from flask_babel import gettext as _

from ..assess import Assessment, assess, send_day_problem
from ..case import Case
from ..explain import explain, why
from ..fields import Invalid
from ..letters.content import compose
from ..letters.dates import confirmation_date
from ..letters.signing import text_form_enough
from ..prices import fmt_price
from ..i18n import fmt_day
from ..letters.records import compose_records
from ..typed import UNREADABLE_DATE, typed_date
from ..vocabulary import DELIVERIES, STATE_NAMES, by_key
from .cases import check, to_send, today, values_of
from .language import ui_lang
from .problems import notices_text

# What the warnings say about sending in time: past once the letter was sent.
SENDING_WARNINGS = ("deadline_passed", "deadline_soon", "send_by_passed",
                    "receipt_risky_near_deadline")


def send_day_problem_text(case: Case, raw: str) -> str | None:
    """What is wrong with the typed day to send, in the page's language, or None."""
    try:
        day = typed_date(raw)
    except Invalid as exc:          # an ambiguous date is asked as everywhere
        if exc.message.msgid != UNREADABLE_DATE:
            return exc.message.render(ui_lang())
        return _("Enter a real date as day, month and year, for example %(example)s.",
                 example=f"{today():%d.%m.%Y}")
    problem = send_day_problem(assess(case, today()), day)
    return problem.render(ui_lang()) if problem else None


def render_result(draft: dict, send_error: str | None = None, typed: str | None = None) -> str:
    """The result page; with `send_error`, the day to send that was typed (`typed`) and
    why it cannot be used, everything else as it was."""
    sent = _sent(draft)
    # A letter sent is dated the day it was sent; one to send, the day chosen here.
    values = values_of(draft)
    values = {**values, "letter-date": f"{sent.date:%d.%m.%Y}"} if sent else to_send(values)
    case = check(values).case
    # The saved case keeps what happened after the objection, where that is valid.
    later = check(values, history=draft["history"]).case if draft["history"] else None
    a = assess(case, today())
    lang = ui_lang()
    mode = values["signature-mode"]
    return render_template(
        "result.html", case=case, a=a, rows=_rows(a, lang), steps=_todo(case, a, lang, mode),
        letter=compose(case, a),
        warnings=[(w.severity, w.code, w.message.render(lang)) for w in a.warnings
                  if not (sent and w.code in SENDING_WARNINGS)],
        deadline=fmt_day(a.deadline.date, lang) if a.deadline else None,
        send_by=fmt_day(a.send_by.date, lang) if a.send_by else None,
        case_json=json.dumps((later or case).to_dict(), ensure_ascii=False),
        signature_mode=mode, kept=draft["signature"],
        send_day=typed if typed is not None else _short_date(case.letter.date),
        send_error=send_error,
        # Sent on the day chosen, unless that is still to come: then today at the latest.
        sent_default=_short_date(min(case.letter.date or today(), today())),
        sent=sent and {"date": fmt_day(sent.date, lang),
                       "how": _(by_key(DELIVERIES, sent.delivery or case.options.delivery).label)},
        deliveries=[(d.key, _(d.label)) for d in DELIVERIES], error_for={}, typed={},
        send_hint=_send_hint(a, lang),
        advance_copy=mode == "image" and not text_form_enough(case),
        problem=notices_text(draft), prices=_prices_shown(case, lang),
        state=_(by_key(STATE_NAMES, case.letter.state).label))


def _prices_shown(case: Case, lang: str) -> list[str]:
    """Each price the notice changes, as the page's language writes prices."""
    n = case.notice
    return [_("%(name)s: from %(old)s to %(new)s", name=p.name or _("Price"),
              old=fmt_price(p.old, p.unit, n.currency, lang),
              new=fmt_price(p.new, p.unit, n.currency, lang)) for p in n.prices]


def _sent(draft: dict):
    """The objection's sending as the draft records it (valid), or None."""
    if not draft["history"]:
        return None
    later = check(values_of(draft), history=draft["history"]).case
    sent = later.events("objection_sent") if later else ()
    return sent[0] if sent else None


def _send_hint(a: Assessment, lang: str) -> str:
    if a.send_by and a.send_by.date > a.today:
        return _("Today or a later day up to %(date)s. The letter is dated that day, and "
                 "the day it asks for an answer is counted from its arrival.",
                 date=fmt_day(a.send_by.date, lang))
    return _("The letter is dated that day, and the day it asks for an answer is counted "
             "from its arrival.")


def _short_date(day: dt.date | None) -> str:
    return f"{day:%d.%m.%Y}" if day else ""


def _rows(a: Assessment, lang: str) -> list[dict]:
    return [{"key": row.key, "label": _(row.label), "date": fmt_day(row.dated.date, lang),
             "chain": explain(row.dated, lang, statutes=False), "why": why(row.dated, lang)}
            for row in a.rows()]


def _todo(case: Case, a: Assessment, lang: str, mode: str) -> list[str]:
    """What to do, in order: print, sign, send, keep the proof, and what comes next."""
    delivery = by_key(DELIVERIES, case.options.delivery)
    todo = [_("Download the letter and print it.")]
    if mode == "image" and not text_form_enough(case):
        todo.append(_("Sign the printed letter by hand in ink: written form may be demanded, "
                      "and a picture of a signature is only a copy. Send the advance copy "
                      "with your signature picture by fax or e-mail."))
    elif mode == "image":
        todo.append(_("Your signature picture signs the letter: text form is enough here."))
    else:
        todo.append(_("Sign it by hand in ink above your name."))
    day = fmt_day(case.letter.date or today(), lang)
    if a.send_by and a.send_by.date > (case.letter.date or today()):
        todo.append(_("Send it as %(how)s on %(day)s, the day it is dated (%(date)s at the "
                      "latest).", how=_(delivery.label), day=day,
                      date=fmt_day(a.send_by.date, lang)))
    else:
        todo.append(_("Send it as %(how)s on %(day)s, the day it is dated.",
                      how=_(delivery.label), day=day))
    todo.append(_(delivery.proof))
    answer_by = confirmation_date(case, a, case.letter.date or today())
    todo.append(_("Your letter asks for an answer by %(date)s. If none comes, send a "
                  "reminder.", date=fmt_day(answer_by, lang)))
    records = compose_records(case, a, lang)
    todo.extend(next(items for title, items in records.sections
                     if title == _("What happens next"))[:1])
    return todo

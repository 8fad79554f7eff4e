"""Assessment -> an iCalendar reminder (RFC 5545): the day the letter will be sent (its
date), the deadline, the day after the answer was asked for and the first bill after the
change, each an all-day event with alarms; once the objection is recorded as sent, what
comes next instead."""
from __future__ import annotations

import datetime as dt
import hashlib

from dateutil.relativedelta import relativedelta
from icalendar import Alarm, Calendar, Event

from .assess import Assessment
from .case import Case
from .i18n import Message, N_
from .letters.dates import confirmation_date
from .letters.history import limitation_advice
from .letters.plan import next_step
from .refund import refund

PRODID = "-//objection//price-change objection assistant//EN"


def _event(uid: str, day: dt.date, summary: str, description: str,
           alarms_days_before: tuple[int, ...], stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    for days in alarms_days_before:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        # All-day events start at midnight: remind at 09:00 on the day (or days before).
        alarm.add("trigger", dt.timedelta(days=-days, hours=9))
        event.add_component(alarm)
    return event


def reminder_ics(case: Case, a: Assessment, lang: str,
                 now: dt.datetime | None = None, today: dt.date | None = None) -> bytes:
    """The day to send (the letter's date) and the deadline (alarms before and on the
    day), the day the answer was asked for and the first bill after the change; once the
    case has a history, also its next step and the days refund claims become
    time-barred, and once the objection was sent, only those."""
    stamp = now or dt.datetime.now(dt.UTC)
    # A stable identity per case and date, so importing twice updates, not duplicates.
    key = hashlib.sha256(f"{case.provider.name}|{case.notice.date}|{case.customer.name}"
                         .encode()).hexdigest()[:16]
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # Once the objection is sent, what comes next follows from the day it was sent.
    sending = () if case.events("objection_sent") else _sending(case, a)
    for uid, day, summary, description, alarms in (*sending, *_later(case, a,
                                                                     today or a.today)):
        cal.add_component(_event(f"{uid}-{key}@objection", day, summary.render(lang),
                                 description.render(lang), alarms, stamp))
    return cal.to_ical()


def _sending(case: Case, a: Assessment):
    """The objection's dates, all following from the day the letter is dated (the day
    the user will send it): that day, the deadline, the day after the answer it asks
    for, and the first bill after the change."""
    provider = {"provider": case.provider.name}
    send_day = case.letter.date or a.today
    if a.send_by:
        # assess_facts works the day to send by back from the deadline.
        assert a.deadline is not None, "a day to send by has its deadline"
        sending = Message(N_("Your letter is dated today. The last day to send it so that it "
                             "arrives in time is %(send_by)s (deadline: %(deadline)s). Keep "
                             "the proof of sending."),
                          {"send_by": a.send_by.date, "deadline": a.deadline.date})
    else:
        sending = Message(N_("Your letter is dated today. Keep the proof of sending."))
    yield ("send-by", send_day, Message(N_("Send your letter to %(provider)s today"), provider),
           sending, (2, 0))
    if a.deadline:
        yield ("deadline", a.deadline.date,
               Message(N_("Deadline: your letter must have reached %(provider)s"), provider),
               Message(N_("Last day for your letter to arrive (%(date)s)."),
                       {"date": a.deadline.date}), (3, 0))
    answer_by = confirmation_date(case, a, send_day)
    yield ("answer", answer_by + dt.timedelta(days=1),
           Message(N_("Has %(provider)s answered your letter?"), provider),
           Message(N_("Your letter asked for an answer in text form by %(date)s. If none "
                      "came, send a reminder and keep the proof of delivery."),
                   {"date": answer_by}), (0,))
    if case.notice.effective:
        # The first bill after the change shows whether the old price was charged.
        yield ("first-bill", case.notice.effective + relativedelta(months=1),
               Message(N_("Check the first bill from %(provider)s after the change"),
                       provider),
               # Only a letter that made the reservation says the excess was paid under it.
               Message(N_("Was the old price charged? If the higher one was, you paid it "
                          "under reservation: keep the bill, a refund can be claimed.")
                       if case.options.object and case.options.reserve_refund else
                       N_("Was the old price charged? Keep the bill.")), (0,))


def _later(case: Case, a: Assessment, today: dt.date):
    """The dates after the objection: the next step, and each day on which refund
    claims become time-barred (with a month's warning)."""
    step = next_step(case, a, today)
    provider = case.provider.name
    if step and step.date:
        yield ("next-step", max(step.date, today),
               Message(N_("Next step with %(provider)s"), {"provider": provider}),
               step.message, (0,))
    for day in sorted({i.barred_after for i in refund(case, today).open_items}):
        yield (f"limitation-{day:%Y}", day,
               Message(N_("Refund claims against %(provider)s become time-barred tonight"),
                       {"provider": provider}),
               limitation_advice(case), (30, 7))

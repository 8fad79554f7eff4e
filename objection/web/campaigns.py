"""Share links and curated campaigns (issue 27): a notice's facts passed on as a link,
and notices an operator has checked, each with a page, a handout and its link.

- GET /share: the link of the notice's facts in the draft ("check your answers").
- GET /s/<token>: what a shared link carries, and a button to start with it; POST
  puts the facts into a new draft, marked "from a shared link", and opens the first
  step. A damaged or impossible link: the errors the form gives, never a 500.
- GET /c/<slug>: a curated campaign (its source, who checked it and when; whether it
  has run out), POST as for a shared link; /c/<slug>/handout.pdf its printable page.

The links carry the facts in their path, so the page's ?lang= switch keeps them.
"""
from __future__ import annotations

from flask import (Blueprint, Flask, Response, abort, current_app, make_response,
                   render_template, request, url_for)
from flask_babel import gettext as _

from ..campaign import (Facts, check as check_facts, decode, deadline_rule, encode, facts_of,
                        of_facts, rows, unpack)
from ..case import CaseError, FieldError
from ..curated import Campaign, load_all
from ..handout import handout_html, qr_svg
from ..i18n import LANGUAGES, N_, fmt_date
from ..pdf import render_page
from . import draft as drafts
from .language import ui_lang
from .forms import case_form, case_to_form_data, field_for, form_to_case, shown, summary
from .reading import PERIOD, marked_value
from .steps import KEYS, STEPS
from .cases import DEFAULTS, check, redirect_to, today, values_of

bp = Blueprint("campaigns", __name__)
# The mark of an answer a shared link filled in (reading.py's marks: [value, snippet,
# {…}]); pages._mark_read shows it as "from a shared link: check against your own
# notice".
SHARED = {"source": "link"}
_ASKED = {name for step in STEPS for name in step.fields}
# What case_to_form_data fills in of any case: the form's defaults, not the notice's.
_NOT_FACTS = {"contract-consumer", "options-wish"}
STARTED = N_("The notice's answers come from a shared link and are marked so: check "
             "each against your own notice, and add the day it reached you. Your own "
             "details follow on the step “You”.")


def init_app(app: Flask) -> None:
    """Register the pages; the curated campaigns are read (and checked) at start, so a
    bad file stops the app instead of a page."""
    app.extensions["campaigns"] = load_all()
    app.register_blueprint(bp)


def campaigns() -> dict[str, Campaign]:
    return current_app.extensions["campaigns"]


def share_link(facts: Facts) -> str:
    return url_for("campaigns.shared", token=encode(facts), _external=True)


# --- Making a link ------------------------------------------------------------------------

@bp.get("/share")
def share():
    """The share link of the notice's facts in the draft, or what is missing for it."""
    values = values_of(drafts.load())
    checked = check(values)
    errors = [e for e in checked.errors if of_facts(e.path)]
    facts = None
    if not errors:
        try:
            facts = check_facts(facts_of(form_to_case(checked.form, ui_lang())))
        except CaseError as exc:
            errors = exc.errors
    status = 422 if errors else 200
    return render_template("campaign/share.html", **_shown_facts(facts),
                           problems=_problems(errors, checked.form)), status


# --- Opening a link -----------------------------------------------------------------------

@bp.get("/s/<token>")
def shared(token: str):
    try:
        facts = decode(token)
    except CaseError as exc:
        return _refused(exc.errors, token)
    return render_template("campaign/landing.html", campaign=None, **_shown_facts(facts))


@bp.post("/s/<token>")
def use_shared(token: str):
    try:
        facts = decode(token)
    except CaseError as exc:
        return _refused(exc.errors, token)
    return _start(facts)


@bp.get("/c/<slug>")
def campaign_page(slug: str):
    campaign = campaigns().get(slug) or abort(404)
    return render_template("campaign/landing.html", campaign=campaign,
                           run_out=campaign.run_out(today()),
                           checked=fmt_date(campaign.checked, ui_lang()),
                           effective=fmt_date(campaign.facts.effective, ui_lang()),
                           **_shown_facts(campaign.facts))


@bp.post("/c/<slug>")
def use_campaign(slug: str):
    campaign = campaigns().get(slug) or abort(404)
    return _start(campaign.facts)


@bp.get("/c/<slug>/handout.pdf")
def handout(slug: str):
    campaign = campaigns().get(slug) or abort(404)
    lang = request.args.get("lang") if request.args.get("lang") in LANGUAGES else ui_lang()
    data = render_page(handout_html(campaign, share_link(campaign.facts), lang))
    response = make_response(data)
    response.headers["Content-Type"] = "application/pdf"
    name = _("handout-%(slug)s.pdf", slug=slug)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _start(facts: Facts) -> Response:
    """A new draft with the facts, each marked as from a shared link; the first step."""
    filled = {k: v for k, v in case_to_form_data(facts.data).items() if k not in _NOT_FACTS}
    if facts.sent_until and facts.sent_until != facts.case.notice.date:
        # Dated over several days: which one is this customer's own, only their notice
        # says; the first of them would be a guess, so the date is asked.
        del filled["notice-date"]
    values = {**DEFAULTS, **filled}
    marks = {}
    for name in filled:
        name = PERIOD[0] if name in PERIOD else name
        if name in _ASKED:
            marks[name] = [marked_value(values, name), "", SHARED]
    draft = {**drafts.empty(), "values": values, "read": marks,
             "notices": [{"msgid": STARTED, "params": {}}]}
    return drafts.save(redirect_to("pages.step_page", key=KEYS[0]), draft)


def _refused(errors: list[FieldError], token: str):
    """A link whose facts the form would refuse: its errors, as the form says them."""
    try:
        data = unpack(token)[0]
    except CaseError:
        data = {}
    form = case_form(shown(case_to_form_data(data), ui_lang()))
    return render_template("campaign/landing.html", campaign=None, facts=None,
                           problems=_problems(errors, form)), 422


def _problems(errors: list[FieldError], form) -> list[tuple[str, str]]:
    """(the field's label, the message) for each error, in the page's language, as the
    steps list them (forms.summary); the page shows no fields to link to."""
    listed = summary(errors, lambda path: field_for(form, path), ui_lang())
    return [(label, text) for _, label, text in listed]


def _shown_facts(facts: Facts | None) -> dict:
    if facts is None:
        return {"facts": None}
    link = share_link(facts)
    return {"facts": facts, "rows": rows(facts, ui_lang()), "link": link, "qr": qr_svg(link),
            "rule": deadline_rule(facts, ui_lang())}

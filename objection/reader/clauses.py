"""What the notice says of the customer's rights: the objection period (only next to an
objection, and only where the objection is its verb), the form an objection needs, and
whether the customer may terminate. A consent deadline is no objection period."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ..i18n import N_
from ..typed import PERIOD_RE, period_of
from .findings import Conclusion, Fact, Finding, Note
from .patterns import (CONSENT, FOREIGN_PERIOD_INTRO, FOREIGN_PERIOD_RE, FOREIGN_UNTIL, OBJECT,
                       TERMINATE, find_dates, foreign_period)
from .text import Sentence, Text

# --- Objection period and form -------------------------------------------------------

# A sentence after an objection's that explains how to object ("Dafür genügt ...")
EXPLAINS = re.compile(
    r"(?i)^(?:dafür|hierfür|dazu|das|dies|bitte|ihr(?:en)?\s+"
    r"widerspruch|es\s+genügt|er\s+muss|einfach|please|this|your\s+"
    r"objection|you\s+can\s+do|simply|to\s+do\s+so|senden|schicken|"
    r"schreiben|nutzen|richten|rufen|send|write|use|call|text\s+form|"
    r"textform|schriftform|die\s+textform|written\s+form|in\s+writing|"
    r"es\s+genügt|it\s+is\s+enough|a\s+letter|an\s+e-?mail|ein\s+brief|"
    r"eine\s+e-?mail|per\s+e-?mail|by\s+e-?mail)")
# The verbs of objecting, among them every word that makes a sentence one about the
# objection (_about_objection): such a sentence always has one.
OBJECT_VERB = re.compile(
    OBJECT.pattern + r"|\bdisagree|nicht\s+einverstanden|\blet\s+us\s+know|"
    r"teilen\s+Sie\s+uns|mitteilen|\btell\s+us|do\s+not\s+agree|don't\s+agree|"
    r"not\s+happy\s+with", re.I)


def objection(text: Text) -> list[Finding]:
    """The objection period and the form an objection needs; a consent deadline where
    the notice names no objection period."""
    found: list[Finding] = []
    period, period_ev = None, None
    forms_text = []
    consent_date = None
    for i, s in enumerate(text.sentences):
        has_object = _about_objection(s.text)
        if not has_object:
            # a consent deadline ("stimmen Sie bis zum ... zu") is no objection period
            consent_date = consent_date or _consent_date(s.text)
            continue
        value = _period(s.text)
        if period is None and value:
            period, period_ev = value, s.text
        # the form: the objection's clauses, and a following sentence that explains it
        forms_text.append(_object_clauses(s.text))
        if i + 1 < len(text.sentences) and _explains(text.sentences[i + 1].text):
            forms_text.append(text.sentences[i + 1].text)
    if period:
        found.append(Fact("/notice/objection_period", period, period_ev))
    elif consent_date:
        found.append(Note("consent_deadline", N_(
            "The notice asks for your consent by %(date)s. That is not a period to object, "
            "so none was taken."), {"date": consent_date}))
    form = _form(text.sentences, " ".join(forms_text))
    if form:
        found.append(Fact("/notice/required_form", form[0], form[1]))
    return found


def _about_objection(text: str) -> bool:
    return bool(OBJECT.search(text)) or bool(
        re.search(r"(?i)\bdisagree|nicht\s+einverstanden|do\s+not\s+agree|don't\s+agree|"
                  r"not\s+happy\s+with", text) and not TERMINATE.search(text))


def _consent_date(text: str) -> dt.date | None:
    """The first day a sentence asks for consent by, if it does."""
    if not CONSENT.search(text):
        return None
    for d in find_dates(text):
        if d.date and re.search(r"(?i)\b(?:bis|by|until|before|vor)\b[^.]{0,15}$",
                                text[:d.start]):
            return d.date
    return None


def _period(text: str) -> str | None:
    """The first period or last day in an objection's sentence whose verb is the
    objection (objection fictions: "Zustimmung gilt als erteilt, wenn Sie nicht
    widersprechen")."""
    verbs = [(m.start(), "object") for m in OBJECT_VERB.finditer(text)]
    verbs += [(m.start(), "terminate") for m in TERMINATE.finditer(text)]
    verbs += [(m.start(), "consent") for m in CONSENT.finditer(text)]
    for cand, value in _period_candidates(text):
        if _governing_verb(text, cand, verbs)[1] == "object":
            return value
    return None


def _explains(sentence: str) -> bool:
    """A sentence that explains how to object, not how to terminate."""
    return bool(EXPLAINS.match(sentence)) and \
        not (TERMINATE.search(sentence) and not OBJECT.search(sentence))


def _governing_verb(text: str, pos: int, verbs: list[tuple[int, str]]) -> tuple[int, str]:
    """The verb a period or last day belongs to: the nearest in its own clause
    ("Widersprechen Sie nicht bis zum 31.12., gilt Ihre Zustimmung als erteilt": the
    date is the objection's, though "Zustimmung" is nearer), else the nearest."""
    start = max(text.rfind(sep, 0, pos) for sep in (",", ";", ":")) + 1
    ends = [i for i in (text.find(sep, pos) for sep in (",", ";", ":")) if i >= 0]
    end = min(ends, default=len(text))
    own = [v for v in verbs if start <= v[0] < end]
    return min(own or verbs, key=lambda v: abs(v[0] - pos))


def _object_clauses(text: str) -> str:
    """The clauses of a sentence about the objection (not those about terminating)."""
    clauses = re.split(r";|\s(?:oder|or)\s(?=(?:\w+\s+){0,3}(?:Sie|you)\b)|"
                       r"\.\s|,\s(?=(?:außerdem|zudem|daneben|alternativ|also|and\s+you|"
                       r"und\s+Sie)\b)", text)
    keep = [c for c in clauses if OBJECT.search(c) or not TERMINATE.search(c)]
    return " ".join(keep)


def _period_candidates(text: str) -> Iterator[tuple[int, str]]:
    """Periods ("vier Wochen" -> P4W) and last days ("bis zum 15.10.2026") in a sentence,
    with where they stand."""
    for m in PERIOD_RE.finditer(text):
        before = text[max(0, m.start() - 40):m.start()]
        if not re.search(r"(?i)(?:innerhalb|binnen|within|spätestens|bis\s+spätestens|"
                         r"bis\s+zu|frist\s+von|in\s+den\s+nächsten|for|no\s+later\s+than|"
                         r"of|von|period\s+of|frist:?|bis|haben|hast|have|has|gives?\s+you)"
                         r"\W*(?:\w+\W+){0,2}$", before):
            continue
        value = period_of(m.group("n"), m.group("u"))
        if value:
            yield m.start(), value
    for m in FOREIGN_PERIOD_RE.finditer(text):
        if FOREIGN_PERIOD_INTRO.search(text[max(0, m.start() - 40):m.start()]):
            value = foreign_period(m.group("n"), m.group("u"))
            if value:
                yield m.start(), value
    for d in find_dates(text):
        if d.date is None:
            continue
        before = text[max(0, d.start - 40):d.start]
        if FOREIGN_UNTIL.search(before):
            yield d.start, d.date.isoformat()
        elif re.search(r"(?i)\b(?:bis|by|until|spätestens|no\s+later\s+than|before)\b"
                     r"(?:\s+(?:zum|spätestens|einschließlich|am|the|zu|dem|den))*"
                     r"(?:\s+(?:Mo|Di|Mi|Do|Fr|Sa|So|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*\.?,?)?"
                     r"\s*$", before):
            if re.search(r"(?i)\bbefore\s*$|\bvor\s*$", before):
                continue
            yield d.start, d.date.isoformat()


FORM_NEG_EMAIL = re.compile(
    r"(?i)(?:e-?mail|fax|textform|online)[^.;]{0,40}?\b(?:genügt|reicht|ausreichend|"
    r"zulässig|möglich|is|are|will\s+be)\b[^.;]{0,28}?\b(?:nicht|not|no)\b|"
    r"nicht\s+(?:per|via|durch|mit)\s+e-?mail|keine\s+e-?mail|not\s+(?:by|via)\s+e-?mail|"
    r"e-?mails?\s+(?:werden|können)\s+(?:wir\s+)?nicht")
FORM_NONE = re.compile(r"(?i)formlos|formfrei|telefonisch|per\s+telefon|anruf|rufen\s+sie|"
                       r"by\s+(?:tele)?phone|call\s+us|mündlich|in\s+any\s+form|"
                       r"an\s+keine\s+form|keine\s+bestimmte\s+form|auf\s+jede\s+art")
FORM_TEXT = re.compile(r"(?i)textform|e-?mail|online-?formular|kontaktformular|formular|"
                       r"kundenportal|kundencenter|kundenbereich|kundenkonto|mein\s+\w+\s*-?portal|"
                       r"online\s+account|"
                       r"\bonline\b|\bportal\b|\bapp\b|\bfax\b|in\s+text\s+form|web\s*form|"
                       r"\bchat\b|internet-?filiale|online-?banking|postfach\s+im|"
                       r"contact\s+form|web\s?site|webseite|\bover\s+the\s+internet|"
                       r"[\w.-]+@[\w-]+\.\w+|account\s+page|your\s+account")
FORM_WRITTEN = re.compile(r"(?i)schriftlich|schriftform|per\s+brief|per\s+post|"
                          r"postweg|postalisch|eigenhändig|unterschrieben|in\s+writing|"
                          r"by\s+(?:letter|post)\b|written\s+form|signed\s+letter|"
                          r"per\s+einschreiben|by\s+registered")


def _form(sentences: tuple[Sentence, ...], text: str) -> tuple[str, str] | None:
    """The form (written, text, none) the objection's clauses ask for, and the sentence
    that says so."""
    # "within four weeks of this e-mail", "nach Erhalt dieser E-Mail": the notice itself
    text = re.sub(r"(?i)\b(?:this|that|our|dieser|diese|unserer|unsere)\s+e-?mail\b", "",
                  text)
    if not text.strip():
        return None
    for form, pattern in (("written", FORM_NEG_EMAIL), ("none", FORM_NONE),
                          ("text", FORM_TEXT), ("written", FORM_WRITTEN)):
        m = pattern.search(text)
        if m:
            fragment = m.group()
            return form, next((s.text for s in sentences if fragment in s.text), fragment)
    return None


# --- Termination right ---------------------------------------------------------------

CUSTOMER_MAY = re.compile(
    r"(?i)\b(?:können|könnten|dürfen|haben)\s+Sie\b|\bSie\s+(?:können|könnten|dürfen|"
    r"haben|sind\s+berechtigt)\b|\b(?:kannst|darfst|hast)\s+du\b|\bdu\s+(?:kannst|"
    r"darfst|hast)\b|\b(?:dir|euch)\s+(?:steht|stehen)\b|\bdein\w*\s+(?:Sonder)?"
    r"kündigungsrecht|\bkündige\b|\bIhnen\s+(?:steht|stehen)\b|\bIhr\w*\s+(?:Sonder)?"
    r"kündigungsrecht|\bkündigen\s+Sie\b|\bSonderkündigungsrecht|außerordentlich\w*\s+"
    r"Kündigungsrecht|\byou\s+(?:can|may|could|have|are\s+(?:entitled|free))\b|"
    r"\byour\s+right\b|\bright\s+to\s+(?:cancel|terminate|end)|\bfree\s+to\s+cancel|"
    r"\bcancel\s+(?:at\s+)?any\s*time|kündbar|\bKündigung\b[^.;]{0,120}\b(?:ist|sind)\b"
    r"[^.;]{0,160}\bmöglich|\bcancel(?:lation)?\b[^.;]{0,60}\bis\s+possible")
DENIED = re.compile(r"(?i)\bkein\w*\s+(?:Sonder)?kündigungsrecht|kündigungsrecht\s+"
                    r"(?:besteht|haben\s+Sie)\s+nicht|nicht\s+(?:vorzeitig\s+)?kündig|"
                    r"no\s+right\s+to\s+(?:cancel|terminate)|cannot\s+(?:cancel|"
                    r"terminate)|can't\s+(?:cancel|terminate)")
PROVIDER_MAY = re.compile(r"(?i)\b(?:wir|we)\b[^.]{0,80}(?:kündig|terminat|cancel)|"
                          r"(?:kündigen|terminate|cancel)[^.]{0,20}\b(?:wir|we)\b")


def termination(text: Text, price_notice: bool) -> list[Finding]:
    """Whether the notice names the customer's right to terminate: yes for a sentence
    that grants it (the provider's own right does not count), no for one that denies
    it, and, concluded, no for a whole price notice (`price_notice`: a price or the
    effective date was read) without any termination sentence."""
    if not text.sentences:
        return []
    unclear, denied = False, None
    for s in text.sentences:
        sentence = s.text
        if not TERMINATE.search(sentence):
            continue
        if DENIED.search(sentence):       # "Ein Sonderkündigungsrecht besteht nicht."
            denied = denied or sentence
            continue
        if not CUSTOMER_MAY.search(sentence):
            # "Kündigungsfrist", "Kündigung" alone: say nothing either way
            if not PROVIDER_MAY.search(sentence):
                unclear = True
            continue
        if PROVIDER_MAY.search(sentence) and not re.search(
                r"(?i)\b(?:Sie|Ihnen|you|du|dir)\b", sentence):
            continue
        if re.search(r"(?i)\bwir\b[^.]{0,30}\b(?:berechtigt|behalten)|\bwe\s+(?:may|can|"
                     r"reserve)\b[^.]{0,30}(?:cancel|terminat)", sentence) and not re.search(
                r"(?i)\b(?:können|dürfen)\s+Sie|\bSie\s+können|\byou\s+(?:can|may)|"
                r"\bkannst\s+du|\bdu\s+kannst", sentence):
            continue
        return [Fact("/notice/names_termination_right", True, sentence)]
    # "not named" only where the text is a price notice at all, and all of it was
    # read: a file is whole, a pasted text or a photo only with the letter's end
    if denied:
        return [Fact("/notice/names_termination_right", False, denied)]
    if not unclear and text.whole and price_notice:
        return [Conclusion("/notice/names_termination_right", False, N_(
            "The notice names no right to terminate, so “No” was filled in."))]
    return []

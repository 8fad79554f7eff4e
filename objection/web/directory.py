"""The provider directory on the provider step (issue 27, point 6): what the user types
in the company name is offered from objection.providers, and an entry's address is
put into the form only by the user's own choice.

- GET /providers?q=...&sector=...: the entries that fit, as JSON for the step's
  combobox (static/app.js). Directory data only, at most LIMIT entries; the check date
  in the page's language.
- `offer(form)`: what the step shows under the company name when the name is a
  directory entry's (pages.render_step): the entry's address to use where none is
  given, both addresses side by side where they differ, its source where they agree.
  Nothing is filled in without a click, so that the step works without JavaScript too.
- `chosen(action)`: the entry of a "use this address" button (pages.step_submit).

The notice's address wins: a filled address is never replaced unasked (the notice names
where objections go; the directory may be out of date).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, jsonify, request
from flask_babel import gettext as _

from ..i18n import fmt_date
from ..postcodes import town_line
from ..providers import Provider, directory, lookup, match
from ..vocabulary import SECTORS, keys
from .language import ui_lang
from .problems import problem

bp = Blueprint("directory", __name__)

LIMIT = 8
MAX_QUERY = 100                 # the provider name's own limit (case.Provider.name)
# How long a browser may keep an answer: the directory changes with a new release only.
MAX_AGE = 3600
# The value of a "use this address" button: "directory:<entry key>".
ACTION = "directory:"
# The form fields an entry fills, and the entry's field each takes.
FILLS = {"provider-name": "name", "provider-street": "street",
         "provider-postal_code": "postal_code", "provider-city": "city",
         "provider-country": "country"}
_ADDRESS = ("street", "postal_code", "city")


@bp.get("/providers")
def providers() -> Response:
    query = request.args.get("q", "")
    sector = request.args.get("sector", "")
    if len(query) > MAX_QUERY:
        return problem(400, _("Bad request"), _(
            "Type at most %(max)s characters of the company name.", max=MAX_QUERY))
    if sector and sector not in keys(SECTORS):
        return problem(400, _("Bad request"), _("There is no sector “%(sector)s”.",
                                                 sector=sector))
    lang = ui_lang()
    response = jsonify(providers=[entry(p, lang) for p in
                                  lookup(query, sector or None, limit=LIMIT)])
    # Directory data only, nothing of the user's: a browser may keep it
    # (app.KEPT_BY_BROWSERS); the check date is in the page's language.
    response.cache_control.private = True
    response.cache_control.max_age = MAX_AGE
    response.vary.update(("Cookie", "Accept-Language"))
    response.headers["Content-Language"] = lang
    return response


def entry(provider: Provider, lang: str) -> dict[str, Any]:
    """One entry as the combobox shows and fills it."""
    return {"key": provider.key, "name": provider.name, "street": provider.street,
            "postal_code": provider.postal_code, "city": provider.city,
            "town_line": provider.town_line,
            "country": provider.country, "source": provider.source,
            "source_host": host(provider.source),
            "checked": provider.checked.isoformat(),
            "checked_on": fmt_date(provider.checked, lang)}


def host(url: str) -> str:
    """The site a source is on, as its link shows it ("www.vattenfall.de")."""
    return urlsplit(url).hostname or url


def values(provider: Provider) -> dict[str, str]:
    """The form values an entry fills (FILLS)."""
    return {name: getattr(provider, attribute) for name, attribute in FILLS.items()}


def chosen(action: str) -> Provider | None:
    """The entry a "use this address" button names; None for any other action, or an
    entry that is not (or no longer) in the directory."""
    if not action.startswith(ACTION):
        return None
    key = action[len(ACTION):]
    return next((p for p in directory() if p.key == key), None)


@dataclass(frozen=True)
class Offer:
    """What the provider step shows of the directory entry the company name names.
    kind: "suggest" (no address given yet), "differs" (the address given is another),
    "agrees" (it is the entry's). `yours`: the address given, as lines; `read`: it
    was read from the notice."""

    kind: str
    provider: Provider
    checked_on: str
    yours: tuple[str, ...] = ()
    read: bool = False

    @property
    def action(self) -> str:
        return ACTION + self.provider.key

    @property
    def host(self) -> str:
        return host(self.provider.source)


def offer(form) -> Offer | None:
    """The directory's word on the provider step's answers (a CaseForm), or None where
    the company name is no entry's (of the sector chosen, if one is)."""
    fields = form.provider.form
    name = (fields.name.data or "").strip()
    if not name:
        return None
    sector = form.contract.form.sector.data
    given = {part: (getattr(fields, part).data or "").strip() for part in _ADDRESS}
    found = match(name, given["street"], given["postal_code"], providers=tuple(
        p for p in directory() if not sector or sector in p.sectors))
    if found is None:
        return None
    provider, checked_on = found.provider, fmt_date(found.provider.checked, ui_lang())
    if not any(given.values()):
        return Offer("suggest", provider, checked_on)
    # pages._mark_read marks a field still as the notice reader filled it.
    read = any(getattr(getattr(fields, part), "read_source", "") == "notice"
               for part in _ADDRESS)
    country = (fields.country.data or "").strip().upper() or "DE"
    if found.address_agrees and given["city"] and country == provider.country:
        return Offer("agrees", provider, checked_on, read=read)
    yours = (given["street"], town_line(given["postal_code"], given["city"], country))
    return Offer("differs", provider, checked_on, tuple(line for line in yours if line), read)

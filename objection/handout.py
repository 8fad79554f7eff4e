"""A campaign's handout: one printable page, in one language, with what the notice
changes, the deadline rule in one sentence and a QR code of the share link, for a
notice board, a counselling desk or a letterbox.

The QR code is drawn here (segno, ISO/IEC 18004) as inline SVG: nothing is fetched.
"""
from __future__ import annotations

from functools import cache

import segno
from jinja2 import Environment, FileSystemLoader, select_autoescape

from . import paths
from .campaign import deadline_rule, price_change, rows
from .curated import Campaign
from .i18n import fmt_date, translations


def qr_svg(url: str) -> str:
    """The QR code of `url` as an inline <svg> element that scales to its box. Error
    correction M (15 %) survives a crease or a smudge on a printed page."""
    return segno.make(url, error="m", micro=False).svg_inline(
        scale=1, border=4, omitsize=True, title=url)


@cache
def _environment(lang: str) -> Environment:
    """One environment per language, so that rendering never swaps a catalogue that
    another thread is using."""
    env = Environment(loader=FileSystemLoader(str(paths.TEMPLATES)),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
    # The i18n extension adds this method to the environment when it loads.
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


def handout_html(campaign: Campaign, link: str, lang: str) -> str:
    """The handout's HTML document; the adapters render it with pdf.render_page."""
    facts = campaign.facts
    return _environment(lang).get_template("campaign/handout.html").render(
        lang=lang, campaign=campaign, link=link, qr=qr_svg(link),
        provider=facts.case.provider.name, tariff=facts.case.contract.tariff,
        change=price_change(facts, lang), effective=fmt_date(facts.effective, lang),
        rule=deadline_rule(facts, lang), rows=rows(facts, lang),
        checked=fmt_date(campaign.checked, lang))

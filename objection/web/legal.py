"""The legal notice (/impressum, § 5 DDG) and the privacy notice (/privacy, Art. 13
GDPR), filled from the operator's settings (operator.py) in both languages; without
settings both pages, and the footer of every page, say that this installation is not
configured for public use. /impressum always answers 200.

§ 18(2) MStV (a person responsible for journalistic-editorial content) is not asked
for: the site is a tool that computes deadlines and writes letters, with fixed help
texts about it, not periodical or editorial content."""
from __future__ import annotations

import os

from flask import Blueprint, Flask, current_app, render_template

from . import operator as operators

bp = Blueprint("legal", __name__)


def current_operator() -> operators.Operator | None:
    return current_app.extensions["objection.operator"]


@bp.get("/impressum")
def impressum():
    return render_template("impressum.html", operator=current_operator())


@bp.get("/privacy")
def privacy():
    return render_template("privacy.html", operator=current_operator())


def init_app(app: Flask) -> None:
    """Load the operator once, at start: from the OPERATOR setting (a mapping with the
    keys of the TOML file: tests, embedding) or from the environment. Bad settings stop
    the start with operator.OperatorError."""
    settings = app.config.get("OPERATOR")
    app.extensions["objection.operator"] = (operators.from_mapping(settings) if settings
                                            else operators.load(os.environ))
    app.register_blueprint(bp)
    app.context_processor(lambda: {"configured": current_operator() is not None})

"""How many bytes the draft cookies take (objection/web/draft.py): a whole case with a
history of MAX_EVENTS events of each kind, once with typical texts and once with every
text at its limit, in four-byte characters that do not compress.

    .venv/bin/python bench/draft.py

For each draft it prints the JSON, the encrypted token, the cookies it takes (of at
most MAX_CHUNKS) and the Cookie header a browser sends back over HTTPS with it (with
the CSRF session and language cookies), or that the app refuses it. Every case here
is one the domain accepts (`case.from_dict`), so each is a draft a user can reach.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask import Response  # noqa: E402

from objection.case import MAX_EVENTS, from_dict  # noqa: E402
from objection.vocabulary import EVENTS, keys  # noqa: E402
from objection.web import create_app, draft  # noqa: E402
from objection.web.forms import case_form, case_to_form_data, form_to_case  # noqa: E402
from objection.web.cases import DEFAULTS  # noqa: E402

TODAY = dt.date(2031, 12, 31)
# What a browser sends besides the draft: the CSRF session cookie and the language.
OTHER_COOKIES = len("session=") + 120 + len("; lang=de; ")
_RANDOM = random.Random(21)


def wide(n: int) -> str:
    """n characters of four bytes each (CJK Extension B), at random: no compression."""
    return "".join(chr(_RANDOM.randrange(0x20000, 0x2A6DF)) for _ in range(n))


def receipt() -> str:
    """A posting receipt's number as Deutsche Post prints it: RT 1234 5678 9DE."""
    digits = f"{_RANDOM.randrange(10**9):09d}"
    return f"RT {digits[:4]} {digits[4:8]} {digits[8]}DE"


def typical_case() -> dict:
    return json.loads((ROOT / "tests/fixtures/telecom.json").read_text(encoding="utf-8"))


def maximal_case() -> dict:
    """Every text field of the case at its limit (the customer abroad, so that its
    postal code is free text too)."""
    case = typical_case()
    case["customer"] = {"name": wide(100), "street": wide(100), "postal_code": wide(10),
                        "city": wide(60), "country": "AT",
                        "email": f"{wide(120)}@{wide(120)}.{wide(12)}",
                        "customer_number": wide(60), "contract_number": wide(60)}
    case["provider"].update(name=wide(100), department=wide(100), street=wide(100),
                            city=wide(60), fax="+49 " + "1" * 36,
                            email=f"{wide(120)}@{wide(120)}.{wide(12)}")
    case["contract"]["tariff"] = wide(100)
    case["letter"]["place"] = wide(60)
    return case


def event(kind: str, i: int, maximal: bool) -> dict[str, str]:
    """The i-th event of a kind, as the page "What happened next?" records it."""
    day = dt.date(2026, 12, 1) + dt.timedelta(days=30 * i)
    amount = "999999.9999" if maximal else "29.99"
    extra = {
        "objection_sent": {"delivery": "registered_mail",
                           "tracking": wide(40) if maximal else receipt()},
        "bill": {"period_from": (day - dt.timedelta(days=35)).isoformat(),
                 "period_to": (day - dt.timedelta(days=5)).isoformat(),
                 "charged": amount, "kwh": amount, "kwh_new": amount,
                 "paid": (day - dt.timedelta(days=1)).isoformat()},
        "provider_terminates": {"ends": (day + dt.timedelta(days=60)).isoformat()},
        "provider_demands": {"demand": "block", "amount": amount},
    }.get(kind, {})
    return {"type": kind, "date": day.isoformat(), **extra}


def the_draft(case: dict, kind: str, maximal: bool) -> dict:
    history = [event(kind, i, maximal) for i in range(MAX_EVENTS)]
    values = {**DEFAULTS, **case_to_form_data(case)}
    # The domain accepts it as the web app checks it (views.check).
    data = form_to_case(case_form(values), "de")
    from_dict({**data, "signature": {"mode": "handwritten"}, "history": history}, TODAY)
    return {**draft.empty(), "values": values, "history": history}


def measure(app, name: str, payload: dict) -> str:
    with app.test_request_context("/", base_url="https://objection.example"):
        size = len(json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
                   .encode("utf-8"))
        response = Response()
        try:
            draft.save(response, payload)
        except draft.TooLarge as exc:
            return (f"{name:<34} {size:>7} {exc.args[0]:>7}  "
                    f"refused (over {draft.MAX_CHUNKS} cookies)")
        cookies = [c.split(";", 1)[0] for c in response.headers.getlist("Set-Cookie")]
        token = sum(len(c.split("=", 1)[1]) for c in cookies)
        header = sum(len(c) for c in cookies) + 2 * len(cookies) + OTHER_COOKIES
        return (f"{name:<34} {size:>7} {token:>7}  "
                f"{len(cookies)} cookies, Cookie header {header} bytes")


def main() -> None:
    app = create_app({"SECRET_KEY": "bench", "TODAY": TODAY.isoformat()})
    print(f"{MAX_EVENTS} events of one kind; chunks of at most {draft.CHUNK} bytes, "
          f"at most {draft.MAX_CHUNKS}")
    print(f"{'draft':<34} {'JSON':>7} {'token':>7}  cookies")
    print(measure(app, "typical case, no history",
                  {**draft.empty(), "values": {**DEFAULTS, **case_to_form_data(typical_case())}}))
    for maximal, case in ((False, typical_case()), (True, maximal_case())):
        for kind in keys(EVENTS):
            label = f"{'maximal' if maximal else 'typical'}, {kind}"
            print(measure(app, label, the_draft(case, kind, maximal)))


if __name__ == "__main__":
    main()

"""The steps of the guided flow: one topic each, the form fields it shows and the case
paths whose errors it answers for. The case travels between them in a signed cookie
(draft.py); nothing is stored on the server."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from .forms import PRICE_PARTS, PRICE_ROWS, price_field


@dataclass(frozen=True)
class Step:
    key: str
    title: object            # a lazy string
    fields: tuple[str, ...]  # form field names ("notice-date")
    paths: tuple[str, ...]   # case paths whose errors this step shows ("notice.date")

    def owns(self, path: str) -> bool:
        return any(path == p or path.startswith(p + ".") for p in self.paths)


# The notice's rows of prices (forms.NoticeForm): "notice-price_0_old".
PRICE_FIELDS = tuple(f"notice-{price_field(row, part)}" for row in range(PRICE_ROWS)
                     for part in PRICE_PARTS)

STEPS = (
    Step("notice", _l("The notice"),
         ("contract-sector", "contract-commodity", "contract-basic_supply",
          "contract-bundled_with_internet", "contract-tariff", "notice-date",
          "notice-received", *PRICE_FIELDS,
          "notice-effective", "notice-period_kind", "notice-period_number",
          "notice-period_date", "notice-required_form", "notice-names_termination_right"),
         ("contract.sector", "contract.commodity", "contract.basic_supply",
          "contract.bundled_with_internet", "contract.tariff", "notice")),
    Step("provider", _l("The provider"),
         ("provider-name", "provider-department", "provider-street", "provider-postal_code",
          "provider-city", "provider-country", "provider-fax", "provider-email",
          "letter-state"),
         ("provider", "letter.state")),
    Step("you", _l("You"),
         ("customer-name", "customer-street", "customer-postal_code", "customer-city",
          "customer-country", "customer-email", "customer-customer_number",
          "customer-contract_number", "contract-consumer", "contract-annual_consumption_kwh",
          "contract-start_date"),
         ("customer", "contract.consumer", "contract.annual_consumption_kwh",
          "contract.start_date")),
    Step("wishes", _l("What you want"),
         ("options-wish", "options-reserve_refund", "options-confirmation_days",
          "options-direct_debit", "customer-iban", "letter-language"),
         ("options.object", "options.terminate_fallback", "options.reserve_refund",
          "options.confirmation_days", "options.direct_debit", "customer.iban",
          "letter.language")),
    Step("sending", _l("Signature and sending"),
         ("options-delivery", "signature-mode", "letter-place"),
         ("options.delivery", "signature", "letter.place")),
)
KEYS = tuple(step.key for step in STEPS)
# Checkboxes send nothing when unticked: a step that shows one stores "" for it.
CHECKBOXES = {"contract-basic_supply", "contract-bundled_with_internet",
              "options-reserve_refund"}


def step(key: str) -> Step | None:
    return next((s for s in STEPS if s.key == key), None)


def neighbours(key: str) -> tuple[str | None, str | None]:
    index = KEYS.index(key)
    return (KEYS[index - 1] if index else None,
            KEYS[index + 1] if index + 1 < len(KEYS) else None)


def step_of(path: str) -> Step | None:
    """The step that answers for an error at `path`: the one that names it most exactly
    (the customer's IBAN is asked with the wishes, the rest of the customer before)."""
    owners = [(max(len(p) for p in s.paths if path == p or path.startswith(p + ".")), s)
              for s in STEPS if s.owns(path)]
    return max(owners, key=lambda owner: owner[0])[1] if owners else None

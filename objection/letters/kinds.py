"""Every letter the product writes, by its key (vocabulary.LETTER_KINDS): a new kind
is one module with its `KIND`, listed here, and its catalog entries."""
from __future__ import annotations

from . import (arbitration_application, demand_reply, objection, refund_claim, reminder, reply,
               termination_reply)
from .parts import Kind

KINDS: dict[str, Kind] = {k.key: k for k in (
    objection.KIND, reminder.KIND, reply.KIND, refund_claim.KIND, arbitration_application.KIND,
    termination_reply.KIND, demand_reply.KIND)}

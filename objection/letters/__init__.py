"""Every letter the product writes, on one composition path (docs/design.md, "The
letters"): a kind is a module under kinds/ declaring its parts, its name and when it
can be written (objection.py, reminder.py, ..., found by kinds/__init__.py);
content.compose() writes any kind with one `parts.Context`; plan.py says what may be
written now and what comes next; dates.py holds the dates
the letters set; layout.py turns the content, and the records sheet beside it
(records.py), into HTML.
"""
from .content import LetterContent, compose
from .parts import Paragraph, Row
from .plan import NextStep, Plan, blocked, deadline, next_step, plan
from .records import RecordsContent, compose_records

__all__ = ["LetterContent", "NextStep", "Paragraph", "Plan", "RecordsContent", "Row",
           "blocked", "compose", "compose_records", "deadline", "next_step", "plan"]

"""The OpenAPI 3.1 document of the JSON API. The case schema is generated from the
case model's own parsers (`case.case_schema`); the tests hold the rest to the API's
real answers."""
from __future__ import annotations

from functools import lru_cache

from ..assess import SEVERITIES, WARNING_CODES
from ..case import case_schema
from ..deadlines import STATES
from ..reader import FIELDS as READ_FIELDS
from ..letters.kinds import KINDS
from ..vocabulary import DELIVERIES, PRICE_UNITS, keys

DATE = {"type": "string", "format": "date"}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}

ASSESSMENT = {
    "type": "object",
    "required": ["objection_deadline", "send_by", "termination_deadline", "legal_basis",
                 "warnings"],
    "properties": {
        "objection_deadline": {**NULLABLE_DATE, "description":
                               "Last day the objection must have ARRIVED (§§ 187, 188, 193 "
                               "BGB)."},
        "objection_deadline_raw": {**NULLABLE_DATE, "description": "The same before § 193."},
        "recommended_arrival": NULLABLE_DATE,
        "send_by": {**NULLABLE_DATE, "description": "Latest day to send with the delivery."},
        "send_by_before": {"type": ["string", "null"], "description": "Time of day (fax, "
                           "e-mail)."},
        "termination_deadline": {**NULLABLE_DATE, "description":
                                 "The sector's special termination deadline, if any."},
        "termination_before_change": NULLABLE_DATE,
        "letter_deadline": {**NULLABLE_DATE, "description":
                            "What the letter must meet: the earliest of the deadlines it "
                            "uses; null when it should simply go at once."},
        "expected_arrival": {**DATE, "description":
                             "When the letter, sent on its date by the chosen way, can be "
                             "expected to arrive; no date in the letter lies before it."},
        "effective": NULLABLE_DATE,
        "notice_received": DATE,
        "notice_received_assumed": {"type": "boolean"},
        "notice_latest_day": NULLABLE_DATE,
        "notice_timely": {"type": ["boolean", "null"]},
        "state": {"type": "string", "enum": list(STATES)},
        "sector_rule": {"type": "string"},
        "delivery": {"type": "string", "enum": list(keys(DELIVERIES))},
        "prices": {"type": "array", "description": "Every price the notice changes, as the "
                   "case gave them (amounts in euros as decimal strings; ct/kWh only in "
                   "texts).", "items": {
                       "type": "object", "required": ["name", "old", "new", "unit"],
                       "properties": {"name": {"type": "string"}, "old": {"type": "string"},
                                      "new": {"type": "string"},
                                      "unit": {"type": "string",
                                               "enum": list(keys(PRICE_UNITS))}}}},
        "old_price": {"type": "string", "description": "Only where the notice changes one "
                      "price: the same as prices[0].old."},
        "new_price": {"type": "string", "description": "Only where the notice changes one "
                      "price: the same as prices[0].new."},
        "price_unit": {"type": "string", "enum": list(keys(PRICE_UNITS)),
                       "description": "Only where the notice changes one price."},
        "today": DATE,
        "days_left": {"type": ["integer", "null"]},
        "days_to_send": {"type": ["integer", "null"]},
        "status": {"type": "string", "enum": ["open", "due_soon", "missed"]},
        "legal_basis": {"type": "array", "items": {"type": "string"}},
        "explanations": {"type": "object", "additionalProperties": {"type": "string"}},
        "warnings": {"type": "array", "items": {
            "type": "object", "required": ["code", "message"],
            "properties": {"code": {"type": "string", "enum": list(WARNING_CODES)},
                           "severity": {"type": "string", "enum": list(SEVERITIES)},
                           "message": {"type": "string"}}}},
        "next_step": {"type": "object", "required": ["letter", "date", "message"],
                      "additionalProperties": False,
                      "description": "Only for a case with a history: the letter to write "
                                     "now (null: wait), the day that matters, and why.",
                      "properties": {"letter": {"type": ["string", "null"],
                                                "enum": [*KINDS, None]},
                                     "date": NULLABLE_DATE, "message": {"type": "string"}}},
    },
    "additionalProperties": False,
}

PROBLEM = {
    "type": "object",
    "required": ["type", "title", "status", "detail", "request_id"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "request_id": {"type": "string", "description": "This request's id, as in the "
                       "X-Request-ID header and the server's log: quote it when you "
                       "report a problem"},
        "errors": {"type": "array", "items": {
            "type": "object", "required": ["message"],
            "properties": {"pointer": {"type": "string", "description": "RFC 6901 pointer "
                                       "into the request body"},
                           "parameter": {"type": "string"},
                           "code": {"type": "string", "description": "Why a notice cannot "
                                    "be read (too_large, pdf_damaged, pdf_javascript, ...)"},
                           "message": {"type": "string"}}}},
    },
}


def reading_schema() -> dict:
    """What `POST /api/v1/notice` and `read --json` give: a partial case (the case's own
    field schemas, none required), the snippet behind each field, and warnings."""
    full = case_schema()["properties"]
    partial = {section: {"type": "object", "additionalProperties": False,
                         "properties": {name: full[section]["properties"][name]
                                        for name in names}}
               for section, names in READ_FIELDS.items()}
    # Several prices as a list, each with what was read of it (none of its parts required).
    prices = full["notice"]["properties"]["prices"]
    partial["notice"]["properties"]["prices"] = {
        **prices, "items": {k: v for k, v in prices["items"].items() if k != "required"}}
    return {
        "type": "object", "required": ["case", "evidence", "warnings"],
        "additionalProperties": False,
        "properties": {
            "case": {"type": "object", "additionalProperties": False, "properties": partial,
                     "description": "Only the fields the notice states."},
            "evidence": {"type": "object", "description": "JSON pointer of a field in "
                         "`case` -> the text of the notice it was read from.",
                         "propertyNames": {"pattern": r"^/[a-z_]+/[a-z_]+(/\d+/[a-z_]+)?$"},
                         "additionalProperties": {"type": "string"}},
            "warnings": {"type": "array", "items": {
                "type": "object", "required": ["code", "message"],
                "additionalProperties": False,
                "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                               "pointers": {"type": "array", "items": {"type": "string"},
                                            "description": "The fields it is about"}}}},
        },
    }


def _problem(description: str) -> dict:
    return {"description": description,
            "content": {"application/problem+json": {
                "schema": {"$ref": "#/components/schemas/Problem"}}}}


_ERRORS = {
    "400": _problem("Not JSON, or a bad query parameter"),
    "403": _problem("Sent by a browser from a page of another website (Sec-Fetch-Site, "
                    "Origin); programs send neither header"),
    "413": _problem("Request larger than 1 MB"),
    "415": _problem("Not sent as application/json"),
    "422": _problem("The case has errors; each with a pointer to its field"),
}
_LANGUAGE = {"name": "Accept-Language", "in": "header", "required": False,
             "schema": {"type": "string"}, "description": "de or en: the language of the "
             "messages (default de)"}
_TODAY = {"name": "today", "in": "query", "required": False, "schema": DATE,
          "description": "Count from this day instead of today in Europe/Berlin"}
_BODY = {"required": True, "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/Case"}}}}


@lru_cache(maxsize=1)
def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {"title": "Price-change objection assistant", "version": "1",
                 "description": "Deadlines and objection letters under German law. Not "
                                "legal advice. Nothing is stored."},
        "paths": {
            "/api/v1/assessment": {"post": {
                "operationId": "assess",
                "summary": "Every deadline, its legal basis, the status and the warnings",
                "parameters": [_TODAY, _LANGUAGE],
                "requestBody": _BODY,
                "responses": {"200": {"description": "The assessment", "content": {
                    "application/json": {"schema": {
                        "$ref": "#/components/schemas/Assessment"}}}}, **_ERRORS}}},
            "/api/v1/letter": {"post": {
                "operationId": "letter",
                "summary": "The objection letter as PDF (DIN 5008, for a window envelope)",
                "parameters": [
                    {"name": "lang", "in": "query", "required": False,
                     "schema": {"type": "string", "enum": ["de", "en"]},
                     "description": "Letter language; default the case's. Another language "
                                    "than the case's gives a marked translation."},
                    {"name": "records_sheet", "in": "query", "required": False,
                     "schema": {"type": "string", "enum": ["0", "1"], "default": "0"},
                     "description": "1: add the sheet for your records (deadlines, how "
                                    "to send, what to keep; not to be sent) after the "
                                    "objection letter; default: the letter alone"},
                    {"name": "type", "in": "query", "required": False,
                     "schema": {"type": "string", "enum": list(KINDS),
                                "default": "objection"},
                     "description": "A later letter from the case's history, dated today: "
                                    "422 when the history does not allow it yet"},
                    _TODAY, _LANGUAGE],
                "requestBody": _BODY,
                "responses": {"200": {"description": "The letter", "content": {
                    "application/pdf": {"schema": {"type": "string",
                                                   "contentMediaType": "application/pdf"}}}},
                    **_ERRORS}}},
            "/api/v1/notice": {"post": {
                "operationId": "readNotice",
                "summary": "Read a provider's price-change notice: what it states, with "
                           "the snippet behind each value",
                "description": "Nothing is guessed: a fact the notice does not state is "
                               "left out, and a warning names what to add. The file is "
                               "read in memory and dropped.",
                "parameters": [_LANGUAGE],
                "requestBody": {"required": True, "content": {
                    "text/plain": {"schema": {"type": "string"}},
                    "multipart/form-data": {"schema": {
                        "type": "object", "required": ["file"],
                        "properties": {"file": {
                            "type": "string", "contentMediaType": "application/octet-stream",
                            "description": "PDF (with or without a text layer), JPEG or "
                                           "PNG photo or scan, e-mail (.eml) or text; at "
                                           "most 10 MB"}}}}}},
                "responses": {"200": {"description": "What was read", "content": {
                    "application/json": {"schema": {
                        "$ref": "#/components/schemas/Reading"}}}},
                    "400": _problem("multipart/form-data without the field `file`"),
                    "403": _ERRORS["403"],
                    "413": _problem("The notice is larger than 10 MB"),
                    "415": _problem("Neither text/plain nor multipart/form-data"),
                    "422": _problem("The notice cannot be read (damaged, encrypted, "
                                    "with JavaScript, too complex, no text, too long to "
                                    "read, ...); errors[0].code says why"),
                    "503": {**_problem("Busy: the machine reads as many notices as it "
                                       "can at once; try again after Retry-After "
                                       "seconds, or send the text"),
                            "headers": {"Retry-After": {"schema": {"type": "integer"}}}}}}},
            "/api/v1/openapi.json": {"get": {
                "operationId": "openapi", "summary": "This document",
                "responses": {"200": {"description": "OpenAPI 3.1",
                                      "content": {"application/json": {}}}}}},
            "/healthz": {"get": {
                "operationId": "health", "summary": "For load balancers",
                "responses": {"200": {"description": "Up", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {
                        "status": {"const": "ok"}}}}}}}}},
        },
        "components": {"schemas": {"Case": case_schema(), "Assessment": ASSESSMENT,
                                   "Reading": reading_schema(), "Problem": PROBLEM}},
    }

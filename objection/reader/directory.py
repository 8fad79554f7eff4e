"""The provider read, against the provider directory (objection.providers, issue 27): a
cross-check, never a source. The notice's own name and address always stand; nothing the
notice does not say is taken from the directory.

- The name is a directory entry's (or one of its brands) and the address agrees: each of
  name, street, postal code and town the entry has letter by letter is borne out by an
  independent source, so a word text recognition was unsure of does not leave it out.
- The name is an entry's, the address another: the reading keeps the notice's address
  and tells the user which address the directory lists, to check against the notice.
- A name only nearly an entry's may be another provider: nothing is said.
"""
from __future__ import annotations

from collections.abc import Iterable

from .. import providers
from ..i18n import N_
from .findings import Confirmed, Fact, Finding, Note

PLACE = ("/provider/street", "/provider/postal_code", "/provider/city")


def cross_check(facts: Iterable[Fact]) -> list[Finding]:
    """What the directory says of the provider's facts just read."""
    read = {f.pointer: f.value for f in facts if isinstance(f.value, str)}
    name = read.get("/provider/name")
    found = providers.match(name, read.get("/provider/street"),
                            read.get("/provider/postal_code")) if name else None
    if found is None or not found.named:
        return []
    entry = found.provider
    if found.address_agrees:
        has = {"/provider/name": {entry.name, *entry.aliases},
               "/provider/street": {entry.street},
               "/provider/postal_code": {entry.postal_code},
               "/provider/city": {entry.city}}
        return [Confirmed(pointer, value) for pointer, value in read.items()
                if value in has.get(pointer, ())]
    if found.address_agrees is False:
        return [Note("directory_address", N_(
            "The provider directory lists another address for %(provider)s: "
            "%(address)s. The address is taken from the notice only: please check it "
            "against the notice."),
            {"provider": entry.name, "address": ", ".join(entry.address[1:])},
            tuple(p for p in PLACE if p in read))]
    return []

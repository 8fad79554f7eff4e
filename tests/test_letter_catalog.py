"""The catalog tells a translator where a letter's sentence stands: the letter, the part
and the statute behind it (objection/letters/catalog.py, from the kinds' registry), and
the file and line it is written on."""
import inspect
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from conftest import ROOT
from objection.letters import catalog
from objection.letters.kinds import KINDS

KINDS_MODULES = (*(f"kinds/{path.stem}" for path in (ROOT / "objection" / "letters" / "kinds")
                   .glob("*.py") if path.stem != "__init__"), "grounds", "shared")
DECLARATION = ("I hereby object to this %(increase)s. I do not consent to the change and do "
               "not accept your offer to amend the contract.")


def extracted() -> Catalog:
    """The letters' messages as scripts/i18n.py extracts them, with the comments."""
    template = Catalog()
    for path in sorted((ROOT / "objection" / "letters").rglob("*.py")):
        for line, message, comments, _ in extract_from_file(
                "python", str(path), keywords={"_": None, "N_": None},
                comment_tags=["TRANSLATORS:"]):
            template.add(message, locations=[(str(path.relative_to(ROOT)), line)],
                         auto_comments=comments)
    catalog.annotate(template)
    return template


def test_a_sentence_names_its_letter_part_and_statute():
    message = extracted()[DECLARATION]
    assert any(c.startswith("TRANSLATORS: objection, part objection (§ 311 Abs. 1 BGB")
               for c in message.auto_comments), message.auto_comments
    reminder = next(m for m in extracted()
                    if m.id.startswith("By letter of %(objection)s%(proof)s, I objected"))
    assert "TRANSLATORS: reminder, part facts (§ 130 Abs. 1 BGB)" in reminder.auto_comments


def _for_the_pages() -> set[tuple[str, int]]:
    """Where a kind's module writes for the pages, not the letter: its check."""
    lines = set()
    for kind in KINDS.values():
        source, first = inspect.getsourcelines(kind.blocked)
        path = str(Path(inspect.getfile(kind.blocked)).relative_to(ROOT))
        lines |= {(path, line) for line in range(first, first + len(source))}
    return lines


def test_every_sentence_of_a_kind_is_placed():
    # Each message in the kinds' modules is written by some part, subject or reference
    # block, or is the kind's name, file name or check (the pages'); one nothing reaches
    # would be a sentence no letter writes.
    pages = _for_the_pages()
    names = {msgid for kind in KINDS.values() for msgid in (kind.label, kind.filename)}
    placed = 0
    for message in extracted():
        if not message.id or not any(f"letters/{name}.py" in location for name in KINDS_MODULES
                                     for location, _ in message.locations):
            continue
        if message.id in names or set(message.locations) <= pages:
            continue
        placed += 1
        assert any(c.startswith("TRANSLATORS:") for c in message.auto_comments), message.id
    assert placed > 100


def test_a_sentence_no_part_reaches_has_no_comment():
    # plan.py's messages are the pages' advice, not a letter's: the comments come from
    # the registry, not from where a message happens to be written.
    message = next(m for m in extracted() if m.id == "Wait for the answer until %(date)s.")
    assert not message.auto_comments


def test_the_catalog_keeps_locations_and_comments():
    with (ROOT / "locales" / "de" / "LC_MESSAGES" / "messages.po").open("rb") as fp:
        german = read_po(fp, locale="de")
    message = german[DECLARATION]
    assert ("objection/letters/kinds/objection.py", message.locations[0][1]) == message.locations[0]
    assert any("part objection" in c for c in message.auto_comments)

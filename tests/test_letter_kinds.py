"""A new letter kind is one module under objection/letters/kinds/ and its catalog
entries (issue 25): every module there is registered with its name, file name and
check, and the API, the command line and the later page offer exactly the registry's
kinds, so a new module shows up everywhere without a line elsewhere."""
import ast
import html
import importlib
import re

from babel.messages.pofile import read_po

from conftest import FIXTURES, ROOT, load_json
from objection.assess import assess
from objection.case import from_dict
from objection.cli import main
from objection.letters.kinds import KINDS, LATER_KINDS
from objection.letters.parts import Kind
from test_web_later import later, page  # noqa: F401 (the fixture)

LETTERS = ROOT / "objection" / "letters"


def _defines_kind(path) -> bool:
    return any(isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "KIND"
                                                   for t in node.targets)
               for node in ast.parse(path.read_text(encoding="utf-8")).body)


def test_every_module_under_kinds_is_registered():
    modules = sorted(p for p in (LETTERS / "kinds").glob("*.py") if p.name != "__init__.py")
    assert len(modules) == len(KINDS) >= 7
    for path in modules:
        assert _defines_kind(path), path.name
        kind = importlib.import_module(f"objection.letters.kinds.{path.stem}").KIND
        assert KINDS[kind.key] is kind


def test_no_kind_is_declared_outside_kinds():
    # A KIND elsewhere in the letters would be found by nobody.
    assert [p.name for p in LETTERS.glob("*.py") if _defines_kind(p)] == []


def test_each_kind_has_its_place_name_file_and_check():
    with (ROOT / "locales" / "de" / "LC_MESSAGES" / "messages.po").open("rb") as fp:
        german = read_po(fp, locale="de")
    positions = [kind.position for kind in KINDS.values()]
    assert positions == sorted(set(positions))
    assert next(iter(KINDS)) == "objection" and "objection" not in LATER_KINDS
    assert list(LATER_KINDS) == list(KINDS)[1:]
    for kind in KINDS.values():
        assert isinstance(kind, Kind) and callable(kind.blocked)
        assert kind.filename.endswith(".pdf")
        for msgid in (kind.label, kind.filename):
            assert german[msgid] is not None and german[msgid].string, msgid


def test_the_objection_is_never_blocked_and_a_later_letter_waits_for_it():
    case = from_dict(load_json(FIXTURES / "telecom.json"))
    a = assess(case, a_day := case.letter.date)
    assert KINDS["objection"].blocked(case, a, a_day) is None
    for key in LATER_KINDS:
        assert KINDS[key].blocked(case, a, a_day) is not None, key


def test_the_api_offers_the_registrys_kinds(client, telecom_case):
    spec = client.get("/api/v1/openapi.json").get_json()
    params = spec["paths"]["/api/v1/letter"]["post"]["parameters"]
    assert next(p for p in params if p["name"] == "type")["schema"]["enum"] == list(KINDS)
    response = client.post("/api/v1/letter?type=postcard", json=telecom_case)
    assert response.status_code == 400
    detail = response.get_json()["errors"][0]["message"]
    assert detail.endswith(": " + ", ".join(KINDS) + ".")      # in the German default


def test_the_command_line_offers_the_registrys_kinds(capsys):
    assert main(["render", str(FIXTURES / "telecom.json"), "--type", "postcard"]) == 2
    offered = re.search(r"choose from (.*)\)", capsys.readouterr().err).group(1)
    assert re.findall(r"'([a-z_]+)'", offered) == list(KINDS)


def test_the_later_page_lists_every_later_kind(later):  # noqa: F811 (the fixture)
    listed = re.search(r'<ul class="letters">(.*?)</ul>', page(later), re.S).group(1)
    items = re.findall(r"<li>(.*?)</li>", listed, re.S)
    assert len(items) == len(LATER_KINDS)
    for item, key in zip(items, LATER_KINDS):
        assert KINDS[key].label in html.unescape(item), key

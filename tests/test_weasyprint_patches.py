"""The WeasyPrint and pydyf patches of docs/perf/ (objection/weasyprint_patches.py):
applied on the pinned versions, and without effect on what a letter looks like."""
import json
import re
import subprocess
import sys

import pytest

from conftest import CASES, FIXTURES, ROOT, load_json, page_images
from objection import pdf  # noqa: F401 (applies the patches)
from objection import weasyprint_patches
from test_pdf import signature_data_uri

LETTERS = [FIXTURES / "telecom.json", FIXTURES / "hosting_1und1.json",
           FIXTURES / "long_energy.json", *sorted(CASES.glob("*.json"))]
# Renders every fixture letter (with its records sheet, and the telecom case signed with
# a picture and in English) and prints them as JSON: {name: PDF as latin-1 text}.
RENDER = """
import json, sys, datetime as dt
from objection.pdf import render_pdf
from objection.case import from_dict
from objection.assess import assess
out = {}
for name, data in json.loads(sys.stdin.read()).items():
    case = from_dict(data)
    lang = "en" if name.endswith("/en") else None
    out[name] = render_pdf(case, assess(case, dt.date(2026, 9, 5)), lang=lang).decode("latin-1")
print(json.dumps(out))
"""


def _cases() -> dict:
    cases = {path.name: load_json(path) for path in LETTERS}
    signed = load_json(FIXTURES / "telecom.json")
    signed["notice"]["required_form"] = "text"
    signed["signature"] = {"mode": "image", "image": signature_data_uri()}
    cases["signed"] = cases["signed/en"] = signed
    return cases


def _rendered(patches: str) -> dict[str, bytes]:
    env = {"OBJECTION_WEASYPRINT_PATCHES": patches, "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-c", RENDER], cwd=ROOT, env=env, check=True,
                         input=json.dumps(_cases()), capture_output=True, text=True)
    return {name: data.encode("latin-1") for name, data in json.loads(run.stdout).items()}


def test_the_pins_are_what_the_patches_are_for():
    # A new WeasyPrint or pydyf in requirements.txt: the patches are left out (pinned()
    # is false) until they are checked against it and PINS moves with the pin.
    lock = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    for name, wanted in weasyprint_patches.PINS.items():
        assert re.search(rf"^{name}=={re.escape(wanted)} ", lock, re.M), (name, wanted)


def test_every_patch_is_applied_on_the_pinned_versions():
    assert weasyprint_patches.pinned()
    assert weasyprint_patches.apply() == [p.file for p in weasyprint_patches.PATCHES]
    assert sorted(p.file for p in weasyprint_patches.PATCHES) == sorted(
        p.name for p in weasyprint_patches.PATCH_DIR.glob("*.patch"))


def test_a_patch_that_does_not_fit_is_refused():
    source = "def f():\n    return 1\n"
    hunk = [(1, ["def f():\n", "    return 2\n"], ["def f():\n", "    return 3\n"])]
    with pytest.raises(weasyprint_patches.PatchMismatch):
        weasyprint_patches._patched(source, hunk, "example.patch")
    fitting = [(1, ["def f():\n", "    return 1\n"], ["def f():\n", "    return 3\n"])]
    assert weasyprint_patches._patched(source, fitting, "example.patch") \
        == "def f():\n    return 3\n"


def test_letters_look_the_same_with_and_without_the_speed_ups():
    # The fixes (tab-advance.patch) on both sides: they change what is drawn on purpose.
    fixed, patched = _rendered("fixes"), _rendered("on")
    assert fixed.keys() == patched.keys()
    for name in fixed:
        # Only the compression of the streams differs (pydyf at level 6): the bytes, not
        # the pages.
        assert page_images(fixed[name]) == page_images(patched[name]), name


def test_only_the_fixes_are_applied_when_the_switch_says_so():
    run = subprocess.run(
        [sys.executable, "-c", "from objection import weasyprint_patches as w; print(w.apply())"],
        cwd=ROOT, env={"OBJECTION_WEASYPRINT_PATCHES": "fixes", "PATH": "/usr/bin:/bin"},
        check=True, capture_output=True, text=True)
    assert run.stdout.strip() == str([p.file for p in weasyprint_patches.PATCHES if p.fix])
    assert "tab-advance.patch" in run.stdout


"""The command line, run as a user runs it: `python -m objection ...` in a subprocess."""
import json
import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT, CASES

pytestmark = pytest.mark.slow


def cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "objection", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_deadline_json():
    out = cli("deadline", "--received", "2026-10-03", "--period", "P4W", "--state", "SN",
              "--today", "2026-10-05", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["objection_deadline"] == "2026-11-02"
    assert data["send_by"] == "2026-10-26"
    assert data["termination_deadline"] is None
    assert "§ 193 BGB" in data["legal_basis"]
    assert data["warnings"] == []


def test_deadline_telecom_with_late_notice():
    out = cli("deadline", "--received", "2026-10-15", "--period", "P4W", "--state", "BE",
              "--sector", "telecom", "--effective", "2026-11-01", "--delivery", "fax",
              "--today", "2026-10-16", "--json")
    data = json.loads(out.stdout)
    assert data["objection_deadline"] == "2026-11-12"
    assert data["termination_deadline"] == "2027-01-15"
    assert data["termination_before_change"] == "2026-10-31"
    assert data["send_by"] == "2026-11-12" and data["send_by_before"] == "16:00"
    assert [w["code"] for w in data["warnings"]] == ["notice_too_late"]


def test_deadline_fixed_date_on_a_weekend():
    out = cli("deadline", "--received", "2027-06-27", "--period", "2027-07-04",
              "--state", "NI", "--json", "--today", "2027-06-28")
    assert json.loads(out.stdout)["objection_deadline"] == "2027-07-05"


def test_deadline_human_output_in_both_languages():
    args = ("deadline", "--received", "2026-10-03", "--period", "P4W", "--state", "SN",
            "--today", "2026-10-05")
    de = cli(*args, "--lang", "de").stdout
    en = cli(*args, "--lang", "en").stdout
    assert "Ihr Widerspruch muss eingegangen sein bis: Mo., 2. Nov. 2026" in de
    assert "Reformationstag" in de and "Keine Rechtsberatung" in de
    assert "Your objection must have arrived by: Mon, 2 Nov 2026" in en
    assert "Reformation Day" in en and "Not legal advice" in en


@pytest.mark.parametrize("args, fragment", [
    (("deadline", "--received", "2026-13-01", "--state", "BE"), "--received"),
    (("deadline", "--received", "2026-10-01", "--state", "XX"), "--state"),
    (("deadline", "--received", "2026-10-01", "--state", "BE", "--period", "4W"), "--period"),
    (("deadline", "--state", "BE"), "--received"),
    (("deadline", "--received", "2026-10-01"), "--state"),
    (("deadline", "--received", "2026-10-01", "--notice-date", "2026-10-05", "--state", "BE"),
     "--received"),
    (("frobnicate",), "invalid choice"),
    ((), "command"),
    (("check", "/nonexistent/case.json"), "cannot read"),
])
def test_bad_arguments_exit_2_with_one_line(args, fragment):
    out = cli(*args)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], out.stderr
    assert out.stdout == ""


def test_check_example_case():
    out = cli("check", str(CASES / "insurance.json"), "--json", "--today", "2026-11-09")
    data = json.loads(out.stdout)
    assert data["termination_deadline"] == "2026-12-07"
    # No period named: an objection would be due before the change; the letter only
    # terminates, so it must meet the window of section 40(1) VVG.
    assert data["objection_deadline"] == "2026-12-31"
    assert data["letter_deadline"] == "2026-12-07"
    # The letter only terminates: a missing objection period is no concern.
    assert "no_period_stated" not in [w["code"] for w in data["warnings"]]


def test_check_from_stdin_and_invalid_case(telecom_case):
    ok = cli("check", "-", "--json", "--today", "2026-09-05", stdin=json.dumps(telecom_case))
    assert json.loads(ok.stdout)["objection_deadline"] == "2026-10-01"
    telecom_case["notice"]["received"] = "yesterday"
    bad = cli("check", "-", "--today", "2026-09-05", stdin=json.dumps(telecom_case))
    assert bad.returncode == 2 and "notice.received" in bad.stderr
    broken = cli("check", "-", stdin="{not json")
    assert broken.returncode == 2 and "not valid JSON" in broken.stderr


def test_a_reader_that_goes_away_is_no_crash():
    # `python -m objection ... | head -1`: the pipe closes before the output is written.
    process = subprocess.Popen([sys.executable, "-m", "objection", "deadline", "--received",
                                "2026-09-02", "--period", "P4W", "--state", "BE", "--json",
                                "--today", "2026-09-05"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()
    stderr = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=60) == 1
    assert "Traceback" not in stderr and stderr == ""


def test_check_of_a_termination_only_letter_shows_no_objection_row(telecom_case):
    telecom_case["options"].update({"object": False, "terminate_fallback": True})
    out = cli("check", "-", "--today", "2026-09-05", "--lang", "en",
              stdin=json.dumps(telecom_case))
    assert out.returncode == 0, out.stderr
    assert "Special termination possible until: Thu, 3 Dec 2026" in out.stdout
    assert "Your objection must have arrived by" not in out.stdout


def test_version():
    out = cli("--version")
    assert out.returncode == 0 and out.stdout.startswith("python -m objection 0.")


def test_render_to_standard_output(tmp_path):
    """`render case.json -o -`: the PDF alone on stdout, byte for byte what a file gets."""
    from conftest import FIXTURES, page_count, pdf_text
    case = str(FIXTURES / "telecom.json")
    out = subprocess.run([sys.executable, "-m", "objection", "render", case, "-o", "-",
                          "--today", "2026-09-05"], cwd=tmp_path, capture_output=True,
                         timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(b"%PDF-") and out.stdout.rstrip().endswith(b"%%EOF")
    assert out.stderr == b"" and not list(tmp_path.iterdir())      # no file written
    assert page_count(out.stdout) == 2          # the letter and the records sheet
    assert "Widerspruch" in pdf_text(out.stdout, 1, 1)
    to_file = cli("render", case, "-o", str(tmp_path / "letter.pdf"), "--today", "2026-09-05")
    assert to_file.returncode == 0 and to_file.stdout.strip() == str(tmp_path / "letter.pdf")
    assert pdf_text((tmp_path / "letter.pdf").read_bytes()) == pdf_text(out.stdout)


def test_render_html_to_standard_output_is_refused():
    out = cli("render", str(CASES.parent / "telecom.json"), "--html", "-o", "-")
    assert out.returncode == 2 and "give a file name with -o" in out.stderr


# --- As people write them: periods in words, dates as written, state names ------------------

@pytest.mark.parametrize("period, iso", [("4 Wochen", "P4W"), ("6 weeks", "P6W"),
                                         ("ein Monat", "P1M"), ("14 Tage", "P14D"),
                                         ("31.10.2026", "2026-10-31")])
def test_the_period_as_the_notice_says_it(period, iso):
    def deadline(value):
        out = cli("deadline", "--received", "03.10.2026", "--period", value, "--state", "SN",
                  "--today", "2026-10-05", "--json")
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)["objection_deadline"]
    assert deadline(period) == deadline(iso)


def german(*args):
    return subprocess.run([sys.executable, "-m", "objection", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "LANG": "de_DE.UTF-8"})


def test_errors_say_it_the_persons_way():
    ambiguous = german("deadline", "--received", "11/12/2026", "--state", "BE")
    assert ambiguous.returncode == 2
    assert "„11/12/2026“ kann Fr., 11. Dez. 2026 oder Do., 12. Nov. 2026 sein." in \
        ambiguous.stderr
    period = cli("deadline", "--received", "2026-10-01", "--state", "BE", "--period", "bald")
    assert "such as 4 weeks, 14 days or 1 month" in period.stderr
    state = german("deadline", "--received", "2026-10-01", "--state", "XX")
    assert "Bayern (BY)" in state.stderr and "Nordrhein-Westfalen (NW)" in state.stderr


# The case JSON's formats, which a person reading the command's text never has to read.
FORMATS = re.compile(r"ISO[ -]?8601|JJJJ|YYYY|\bP\d+[YMWD]\b")


def test_no_text_output_shows_the_case_jsons_formats(tmp_path):
    notice = tmp_path / "notice.txt"
    notice.write_text("Ab dem 01.11.2026 kostet Ihr Tarif 29,99 € statt 19,99 €. Sie können "
                      "innerhalb von vier Wochen widersprechen.", encoding="utf-8")
    read = {lang: cli("read", str(notice), "--lang", lang).stdout for lang in ("de", "en")}
    assert "4 Wochen" in read["de"] and "4 weeks" in read["en"]        # the period in words
    outputs = [*read.values()]
    outputs += [cli(*args, "--help").stdout for args in ((), ("deadline",), ("check",),
                                                         ("render",), ("read",))]
    for lang in ("de", "en"):
        outputs += [
            cli("deadline", "--received", "03.10.2026", "--period", "4 Wochen", "--state", "SN",
                "--today", "2026-10-05", "--lang", lang).stdout,
            cli("check", str(CASES / "insurance.json"), "--today", "2026-11-09",
                "--lang", lang).stdout]
    outputs += [cli("deadline", "--received", "2026-10-01", "--state", "BE", *bad).stderr
                for bad in (("--period", "4W"), ("--today", "gestern"))]
    assert all(outputs)
    for text in outputs:
        assert not FORMATS.search(text), (FORMATS.search(text), text)

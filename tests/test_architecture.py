"""The shape of the package: the pure domain knows nothing of the web, the PDF
renderer or the command line, and importing it loads neither Flask nor WeasyPrint."""
import ast
import subprocess
import sys

from conftest import ROOT

PACKAGE = ROOT / "objection"
# Adapters around the domain; everything else in the package is domain.
ADAPTERS = {"web", "pdf", "cli", "__main__"}


def _domain_modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[0] not in ADAPTERS:
            yield ".".join(parts), path


def _imports(path):
    """Every module a file imports, resolved to its name inside the package."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:     # relative: from . import x / from .web import y
                base = "objection" + ("." + node.module if node.module else "")
                yield base
                yield from (f"{base}.{alias.name}" for alias in node.names)
            else:
                yield node.module


def test_the_domain_is_found():
    names = {name for name, _ in _domain_modules()}
    assert {"case", "deadlines", "rules", "assess", "letter", "records", "vocabulary",
            "reader.extract"} <= names


def test_no_domain_module_imports_an_adapter():
    for name, path in _domain_modules():
        for imported in _imports(path):
            top = imported.split(".")
            assert top[0] not in ("flask", "flask_babel", "flask_wtf", "weasyprint", "werkzeug"), \
                (name, imported)
            if top[0] == "objection" and len(top) > 1:
                assert top[1] not in ADAPTERS, (name, imported)


def test_the_planted_violation_is_caught(tmp_path):
    # The check above can fail: a relative import of the PDF renderer is seen.
    module = tmp_path / "bad.py"
    module.write_text("from .pdf import render_pdf\nfrom . import web\n")
    assert {"objection.pdf", "objection.web"} <= set(_imports(module))


def test_importing_the_domain_loads_neither_flask_nor_weasyprint():
    code = ("import sys, objection, objection.case, objection.assess, objection.letter, "
            "objection.records, objection.ics, objection.explain, objection.reader; "
            "print(sorted(m for m in ('flask', 'weasyprint', 'flask_babel') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "[]"

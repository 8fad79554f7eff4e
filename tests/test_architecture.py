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


def _module_name(path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(path, name="objection.module", modules=None):
    """Every module a file imports, resolved against `name`, the module's own name
    (relative imports count from its package). With `modules`, the imports that make a
    cycle: `from . import x` imports the module x where there is one (its package is
    loaded first anyway, which is no cycle), and what is imported for type checking
    only is left out."""
    runtime_only = modules is not None
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = set()
    if runtime_only:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                typing_only.update(id(n) for part in node.body for n in ast.walk(part))
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module
            if node.level:     # relative: from . import x / from .web import y
                base = package[:len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                inner = f"{module}.{alias.name}"
                yield inner if runtime_only and inner in modules else module
                if not runtime_only:
                    yield inner


def test_the_domain_is_found():
    names = {name for name, _ in _domain_modules()}
    assert {"case", "deadlines", "rules", "assess", "letters.content", "letters.records",
            "vocabulary", "reader.extract"} <= names


def test_no_domain_module_imports_an_adapter():
    for name, path in _domain_modules():
        for imported in _imports(path, "objection." + name):
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
    code = ("import sys, objection, objection.case, objection.assess, objection.letters, "
            "objection.ics, objection.explain, objection.reader; "
            "print(sorted(m for m in ('flask', 'weasyprint', 'flask_babel') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- The web adapter without import cycles ---------------------------------------------------

def _modules(package):
    """{dotted name: path} of every module of the package at `package` (a folder)."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imported(name, path, modules):
    """(module imported, names taken from it) for every import in the file, anywhere in
    it (a function's own imports too), resolved to the package's modules."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((alias.name, ()) for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[:len(parts) - node.level + 1])   # "" is above it
                base = ".".join(filter(None, [parent, node.module]))
            for alias in node.names:
                if f"{base}.{alias.name}" in modules:       # from . import draft
                    yield f"{base}.{alias.name}", ()
                elif base in modules:                       # from .cases import check
                    yield base, (alias.name,)


def _import_graph(package):
    modules = _modules(package)
    return {name: {target for target, _ in _imported(name, path, modules)}
            for name, path in modules.items()}


def _cycle(graph):
    """One import cycle of the graph as [a, b, ..., a], or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return stack[stack.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_web_adapter_has_no_import_cycle():
    graph = _import_graph(PACKAGE / "web")
    assert {"web.app", "web.pages", "web.cases", "web.problems"} <= set(graph)
    assert "web.language" in graph["web.pages"]          # the graph sees the edges
    assert _cycle(graph) is None


def test_a_planted_import_cycle_is_found(tmp_path):
    # A function's own import closes the cycle, as a lazy import to dodge one would.
    package = tmp_path / "web"
    package.mkdir()
    (package / "__init__.py").write_text("from .app import create_app\n")
    (package / "app.py").write_text("from . import pages\n\ndef create_app():\n    pass\n")
    (package / "pages.py").write_text("from .errors import page\n")
    (package / "errors.py").write_text("def page():\n    from .app import create_app\n")
    assert _cycle(_import_graph(package)) == ["web.app", "web.pages", "web.errors",
                                              "web.app"]
    (package / "errors.py").write_text("def page():\n    pass\n")
    assert _cycle(_import_graph(package)) is None


def _private_imports(package):
    modules = _modules(package)
    return [(name, target, taken) for name, path in modules.items()
            for target, names in _imported(name, path, modules)
            for taken in names if taken.startswith("_")]


def test_no_web_module_imports_another_ones_private_names(tmp_path):
    assert _private_imports(PACKAGE / "web") == []
    package = tmp_path / "web"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "views.py").write_text("def _problem():\n    pass\n")
    (package / "later.py").write_text("from .views import _problem\n")
    assert _private_imports(package) == [("web.later", "web.views", "_problem")]


# --- No import cycles in the package ------------------------------------------------------

def _graph(modules: dict) -> dict[str, set[str]]:
    return {name: {i for i in _imports(path, name, modules) if i in modules} - {name}
            for name, path in modules.items()}


def test_the_package_has_no_import_cycle():
    # What runs: imports for type checking only are left out (layout names the contents
    # it lays out), a function's own imports count.
    assert _cycle(_graph(MODULES)) is None


def test_the_letters_import_in_one_direction():
    # Content and layout apart: the letter and the records sheet are siblings.
    graph = _graph(MODULES)
    assert "objection.letters.content" not in graph["objection.letters.records"]
    assert not {"objection.letters.content", "objection.letters.records"} & \
        graph["objection.letters.layout"]


def test_a_planted_cycle_is_caught(tmp_path):
    # Two modules that import each other, one of them relatively, and a third that
    # imports one of them only for type checking (no cycle).
    package = tmp_path / "objection" / "planted"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("from objection.planted.a import thing\n")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                  "    from .a import thing\n")
    modules = {f"objection.planted.{p.stem}": p for p in package.glob("?.py")}
    modules["objection.planted"] = package / "__init__.py"
    graph = _graph(modules)
    assert _cycle(graph) == ["objection.planted.a", "objection.planted.b",
                             "objection.planted.a"]
    assert graph["objection.planted.c"] == set()

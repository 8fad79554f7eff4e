"""Where the app's own files are: templates, static files and message catalogs.

In a checkout they sit beside the package (the project's layout); an installed wheel
carries them inside it (pyproject.toml force-includes them). Everything that reads a
template, a font or a catalog asks here, so both work the same way.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# Installed: objection/templates; checkout: templates/ beside objection/.
BASE = PACKAGE if (PACKAGE / "templates").is_dir() else PACKAGE.parent

TEMPLATES = BASE / "templates"
STATIC = BASE / "static"
LOCALES = BASE / "locales"
LETTER_TEMPLATES = TEMPLATES / "letter"
FONTS = STATIC / "fonts"
# Curated campaigns: reviewed data files (objection/curated.py).
CAMPAIGNS = BASE / "campaigns"

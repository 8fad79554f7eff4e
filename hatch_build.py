"""Wheel build hook: the message catalogs go into the package compiled, as Flask-Babel
reads them (.mo), beside their sources (.po)."""
from __future__ import annotations

import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogs(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        out = Path(tempfile.mkdtemp(prefix="objection-mo-"))
        for po in sorted(Path(self.root, "locales").glob("*/LC_MESSAGES/messages.po")):
            target = po.relative_to(self.root).parent
            mo = out / target / "messages.mo"
            mo.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as source, mo.open("wb") as compiled:
                write_mo(compiled, read_po(source, locale=po.parts[-3]))
            build_data["force_include"][str(po)] = f"objection/{target}/messages.po"
            build_data["force_include"][str(mo)] = f"objection/{target}/messages.mo"

"""Wheel build hook: the message catalogs go into the package compiled, as Flask-Babel
reads them (.mo), beside their sources (.po). They are compiled into a temporary folder
that is removed when the wheel is written (or the build fails)."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogs(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        self._compiled = Path(tempfile.mkdtemp(prefix="objection-mo-"))
        try:
            for po in sorted(Path(self.root, "locales").glob("*/LC_MESSAGES/messages.po")):
                target = po.relative_to(self.root).parent
                mo = self._compiled / target / "messages.mo"
                mo.parent.mkdir(parents=True, exist_ok=True)
                with po.open("rb") as source, mo.open("wb") as compiled:
                    write_mo(compiled, read_po(source, locale=po.parts[-3]))
                build_data["force_include"][str(po)] = f"objection/{target}/messages.po"
                build_data["force_include"][str(mo)] = f"objection/{target}/messages.mo"
        except BaseException:
            self._remove()
            raise

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        self._remove()      # the wheel holds the .mo files now

    def _remove(self) -> None:
        shutil.rmtree(self._compiled, ignore_errors=True)

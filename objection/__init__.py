"""Price-change objection assistant: deadlines and objection letters under German law.

The package root belongs to the pure domain: it imports neither Flask nor WeasyPrint.
The web app's factory is `objection.web.create_app`.
"""

__version__ = "0.2.0.dev0"   # the one place; pyproject.toml reads it (tool.hatch.version)

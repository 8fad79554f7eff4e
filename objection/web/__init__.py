"""The web adapter: pages, the JSON API, errors. `flask --app objection.web run`."""
from .app import create_app

__all__ = ["create_app"]

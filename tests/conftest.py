import json
from pathlib import Path

import pytest

from objection import create_app

ROOT = Path(__file__).resolve().parent.parent
SHARED_CASES = ROOT.parent / "shared" / "cases"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def app():
    return create_app({"TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def telecom_case() -> dict:
    return load_json(FIXTURES / "telecom.json")

"""Logs an operator can use: a request id in every answer, on error pages, in
problem+json and on every line the app logs; tracebacks with every frame and without
what the user typed."""
import io
import re

import pytest

from conftest import TODAY
from objection.web import create_app
from objection.web.logs import HANDLER

HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def log():
    """What the app's log handler writes, as an operator reads it."""
    stream = io.StringIO()
    previous = HANDLER.setStream(stream)
    yield stream
    HANDLER.setStream(previous)


def broken_app(**config):
    """The real app (not in testing mode, so errors are handled as in production) with
    one more route that fails the way a bug would, on text the user typed."""
    app = create_app({"TODAY": TODAY, **config})

    def parse(value):
        return int(value)

    def broken():
        from flask import request
        parse(request.args.get("name", ""))

    app.add_url_rule("/broken", "broken", broken)
    app.add_url_rule("/api/v1/broken", "api_broken", broken)
    return app


def test_every_answer_has_its_own_request_id(client):
    first, second = client.get("/"), client.get("/about")
    ids = [r.headers["X-Request-ID"] for r in (first, second)]
    assert all(HEX_ID.fullmatch(i) for i in ids) and ids[0] != ids[1]


def test_a_request_id_from_outside_is_taken_only_from_a_trusted_proxy():
    nginx_id = "0123456789abcdef0123456789abcdef"
    direct = create_app({"TESTING": True}).test_client()
    assert direct.get("/", headers={"X-Request-ID": nginx_id}).headers["X-Request-ID"] != nginx_id
    proxied = create_app({"TESTING": True, "PROXIES": 1}).test_client()
    assert proxied.get("/", headers={"X-Request-ID": nginx_id}).headers["X-Request-ID"] == nginx_id
    for forged in ("short", "0123456789abcdef INFO forged", "<script>" * 4, "a" * 65):
        answered = proxied.get("/", headers={"X-Request-ID": forged}).headers["X-Request-ID"]
        assert HEX_ID.fullmatch(answered), forged


@pytest.mark.parametrize("lang, quote", [
    ("de", "Falls Sie sich deswegen an uns wenden, nennen Sie bitte diese Nummer:"),
    ("en", "If you contact us about this, please quote this number:")])
def test_error_pages_show_the_request_id(client, lang, quote):
    response = client.get(f"/nowhere?lang={lang}")
    page = response.get_data(as_text=True)
    rid = response.headers["X-Request-ID"]
    assert response.status_code == 404
    assert quote in page and f'<code class="request-id">{rid}</code>' in page


def test_problems_carry_the_request_id(client):
    response = client.post("/api/v1/assessment", data="not json",
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json["request_id"] == response.headers["X-Request-ID"]


def test_an_unexpected_error_logs_every_frame_but_nothing_typed(log):
    client = broken_app().test_client()
    response = client.get("/broken?lang=en&name=Erika+Mustermann")
    rid = response.headers["X-Request-ID"]
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in page and rid in page
    text = log.getvalue()
    lines = text.splitlines()
    # Every line of the entry carries the id, so one grep finds the whole traceback.
    assert len(lines) > 5 and all(f"request_id={rid}: " in line for line in lines), text
    assert "ERROR objection request_id=" in lines[0]
    assert "unhandled ValueError on GET /broken" in lines[0]
    # All frames, innermost included, with file, line and function ...
    assert re.search(r'File ".*test_logs\.py", line \d+, in broken', text)
    assert re.search(r'File ".*test_logs\.py", line \d+, in parse', text)
    assert re.search(r'File ".*flask/app\.py", line \d+, in dispatch_request', text)
    assert "builtins.ValueError (message not logged)" in text
    # ... but not the message, which holds what was typed.
    assert "Mustermann" not in text and "invalid literal" not in text


def test_an_unexpected_error_in_the_api_is_a_problem_with_the_id(log):
    response = broken_app().test_client().get("/api/v1/broken")
    assert response.status_code == 500 and response.mimetype == "application/problem+json"
    assert response.json["request_id"] == response.headers["X-Request-ID"]
    assert f"request_id={response.json['request_id']}" in log.getvalue()


def test_a_chained_error_logs_both_tracebacks_in_pythons_order(log):
    app = create_app({"TODAY": TODAY})

    def chained():
        from flask import request
        try:
            {}[request.args["name"]]
        except KeyError as exc:
            raise RuntimeError(f"no entry for {exc}") from exc

    app.add_url_rule("/chained", "chained", chained)
    app.test_client().get("/chained?name=Erika+Mustermann")
    text = log.getvalue()
    first, second = text.index("builtins.KeyError"), text.index("builtins.RuntimeError")
    assert first < text.index("The above exception was the direct cause") < second
    assert "Mustermann" not in text


def test_log_lines_outside_a_request_have_no_id(log):
    import logging
    create_app({"TESTING": True})
    logging.getLogger("objection.test").warning("starting")
    assert "WARNING objection.test request_id=-: starting" in log.getvalue()

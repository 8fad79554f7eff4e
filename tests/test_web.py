"""The Flask app: start page in both languages, language choice, health, headers."""


def test_index_german_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="de">' in page
    assert "Einer Preiserhöhung rechtzeitig widersprechen" in page


def test_index_follows_accept_language(client):
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.8"}).get_data(as_text=True)
    assert '<html lang="en">' in page and "Object to a price increase in time" in page


def test_lang_parameter_is_remembered(client):
    response = client.get("/?lang=en")
    assert "lang=en" in response.headers["Set-Cookie"]
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page


def test_unknown_language_falls_back(client):
    page = client.get("/?lang=xx", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="de">' in page


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_security_headers(client):
    headers = client.get("/").headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_page_loads_nothing_from_third_parties(client):
    page = client.get("/").get_data(as_text=True)
    assert "http://" not in page and "https://" not in page


def test_unknown_route_is_404(client):
    assert client.get("/nope").status_code == 404

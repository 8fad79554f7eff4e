"""The legal notice (§ 5 DDG) and the privacy notice (Art. 13 GDPR): filled from the
operator's settings in both languages, "not configured for public use" without them,
and settings that cannot be used stop the start with every problem named."""
import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT, TODAY, free_port
from objection.web import create_app
from objection.web.operator import OperatorError, from_mapping, load

OPERATOR = {
    "name": "Verbraucherhilfe Musterstadt e.V.", "representative": "Erika Mustermann",
    "street": "Musterstraße 1", "postcode": "10115", "city": "Berlin",
    "email": "kontakt@example.org", "phone": "+49 30 1234567",
    "register": "Amtsgericht Berlin (Charlottenburg), VR 12345 B",
    "vat_id": "DE 123 456 789", "economic_id": "DE123456789-00001",
    "privacy_email": "datenschutz@example.org", "dpo_name": "Max Muster",
    "dpo_email": "dsb@example.org", "state": "BE",
    "hosting": "Beispiel-Hosting GmbH\nHostweg 2, 90402 Nürnberg", "log_retention_days": 7,
}
MINIMAL = {k: OPERATOR[k] for k in ("name", "street", "postcode", "city", "email", "state")}


def page(app, path: str, lang: str) -> str:
    response = app.test_client().get(f"{path}?lang={lang}")
    assert response.status_code == 200, path
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


@pytest.fixture
def configured():
    return create_app({"TESTING": True, "TODAY": TODAY, "OPERATOR": OPERATOR})


@pytest.fixture
def unconfigured():
    return create_app({"TESTING": True, "TODAY": TODAY})


# --- Without settings ---------------------------------------------------------------

@pytest.mark.parametrize("lang, note", [
    ("de", "Diese Installation ist nicht für den öffentlichen Betrieb eingerichtet."),
    ("en", "This installation is not configured for public use.")])
def test_without_settings_both_pages_say_not_configured(unconfigured, lang, note):
    impressum, privacy = page(unconfigured, "/impressum", lang), page(unconfigured, "/privacy", lang)
    assert note in impressum and note in privacy
    assert "§ 5 DDG" in impressum and "Art. 13" in privacy
    # What the product does with what is typed is said all the same.
    assert ("Nichts, was Sie eingeben, wird auf unserem Server gespeichert" if lang == "de"
            else "Nothing you type is stored on our server") in privacy


@pytest.mark.parametrize("path", ["/", "/about", "/step/notice", "/impressum", "/privacy"])
def test_every_page_links_both_notices_and_says_when_not_configured(unconfigured, configured,
                                                                    path):
    for app, note in ((unconfigured, True), (configured, False)):
        html = page(app, path, "en")
        footer = html[html.index('<footer class="site">'):]
        assert '<a href="/impressum">Legal notice</a>' in footer
        assert '<a href="/privacy">Privacy</a>' in footer
        assert ("This installation is not configured for public use:" in footer) is note
    assert '<a href="/impressum">Impressum</a>' in page(configured, path, "de")


@pytest.mark.parametrize("query", ["", "?lang=de", "?lang=en", "?lang=xx"])
def test_impressum_never_404s(unconfigured, configured, query):
    for app in (unconfigured, configured):
        assert app.test_client().get(f"/impressum{query}").status_code == 200


# --- With settings ------------------------------------------------------------------

def test_legal_notice_in_german(configured):
    html = page(configured, "/impressum", "de")
    assert "<h1>Impressum</h1>" in html and "Angaben gemäß § 5 DDG" in html
    for text in ("Verbraucherhilfe Musterstadt e.V.", "Musterstraße 1<br>", "10115 Berlin",
                 "Vertreten durch: Erika Mustermann", "mailto:kontakt@example.org",
                 "Telefon: +49 30 1234567", "Registereintrag",
                 "Amtsgericht Berlin (Charlottenburg), VR 12345 B",
                 "Umsatzsteuer-Identifikationsnummer gemäß § 27a UStG: DE123456789",
                 "Wirtschafts-Identifikationsnummer gemäß § 139c AO: DE123456789-00001"):
        assert text in html, text
    assert "nicht für den öffentlichen Betrieb" not in html


def test_legal_notice_in_english(configured):
    html = page(configured, "/impressum", "en")
    assert "<h1>Legal notice</h1>" in html and "Information under § 5 DDG" in html
    assert "Represented by: Erika Mustermann" in html and "Telephone: +49 30 1234567" in html
    assert "VAT identification number under § 27a UStG: DE123456789" in html


def test_a_minimal_legal_notice_leaves_out_what_is_not_given():
    app = create_app({"TESTING": True, "OPERATOR": MINIMAL})
    html = page(app, "/impressum", "de")
    assert "Verbraucherhilfe Musterstadt e.V." in html and "mailto:kontakt@example.org" in html
    for absent in ("Vertreten durch", "Telefon", "Registereintrag", "Steuerliche Angaben"):
        assert absent not in html


def test_privacy_notice_in_german(configured):
    html = page(configured, "/privacy", "de")
    for text in ("Verantwortlicher im Sinne der Datenschutz-Grundverordnung (DSGVO) ist:",
                 "Verbraucherhilfe Musterstadt e.V.",
                 "Fragen zu Ihren personenbezogenen Daten: <a href=\"mailto:datenschutz@example.org\">",
                 "Unser Datenschutzbeauftragter: Max Muster, <a href=\"mailto:dsb@example.org\">",
                 "Art. 6 Abs. 1 lit. b DSGVO", "Art. 6 Abs. 1 lit. f DSGVO",
                 "§ 25 Abs. 2 Nr. 2 TDDDG", "__Host-draft0", "session", "lang",
                 "Beide Protokolle werden spätestens nach 7 Tagen automatisch gelöscht.",
                 "Auftragsverarbeiter", "Beispiel-Hosting GmbH<br>Hostweg 2, 90402 Nürnberg",
                 "Art. 15 DSGVO", "Widerspruchsrecht (Art. 21 DSGVO):", "Art. 22 DSGVO",
                 "Art. 77 DSGVO", "Berliner Beauftragte für Datenschutz und Informationsfreiheit",
                 "Alt-Moabit 59-61<br>", "10555 Berlin"):
        assert text in html, text


def test_privacy_notice_in_english(configured):
    html = page(configured, "/privacy", "en")
    for text in ("The controller under the General Data Protection Regulation (GDPR) is:",
                 "Art. 6(1)(f) GDPR", "§ 25(2) no. 2 TDDDG",
                 "Both logs are deleted automatically after 7 days at the latest.",
                 "It does not log your IP address", "Right to object (Art. 21 GDPR):",
                 "lodge a complaint with a data protection supervisory authority (Art. 77 GDPR)"):
        assert text in html, text


def test_privacy_notice_follows_the_settings():
    app = create_app({"TESTING": True, "OPERATOR": {
        **MINIMAL, "state": "BY", "log_retention_days": "1"}})
    html = page(app, "/privacy", "en")
    assert "Bayerisches Landesamt für Datenschutzaufsicht (BayLDA)" in html
    assert "after 1 day at the latest" in html
    assert "We pass no data to anyone." in html and "processor" not in html
    # Questions about data go to the operator when no privacy address is given.
    assert 'Questions about your personal data: <a href="mailto:kontakt@example.org">' in html
    assert "data protection officer" not in html
    # An authority given by name replaces the state's (public sector, seat abroad).
    app = create_app({"TESTING": True, "OPERATOR": {
        **MINIMAL, "authority_name": "Der Bundesbeauftragte für den Datenschutz und die "
        "Informationsfreiheit", "authority_address": "Graurheindorfer Straße 153\n53117 Bonn",
        "authority_url": "https://www.bfdi.bund.de/"}})
    html = page(app, "/privacy", "de")
    assert "Graurheindorfer Straße 153<br>" in html and "Alt-Moabit" not in html


def test_every_german_state_has_its_authority():
    from objection.vocabulary import STATE_NAMES
    from objection.web.authorities import AUTHORITIES
    assert set(AUTHORITIES) == {choice.key for choice in STATE_NAMES}
    for authority in AUTHORITIES.values():
        assert authority.url.startswith("https://") and authority.address
        assert re.fullmatch(r"\d{5} \S.*", authority.address[-1]), authority


# --- The privacy notice states what the shipped set-up does ---------------------------

def test_the_privacy_notice_names_exactly_what_nginx_logs():
    """The access log's fields as deploy/nginx-site.conf writes them: if one is added
    (an address, a query string, a referrer), templates/privacy.html must say so."""
    conf = (ROOT / "deploy" / "nginx-site.conf").read_text()
    fmt = re.search(r"log_format objection_private ((?:'[^']*'\s*)+);", conf).group(1)
    assert set(re.findall(r"\$(\w+)", fmt)) == {
        "time_iso8601", "request_method", "uri", "status", "body_bytes_sent",
        "request_time", "upstream_response_time", "request_id"}
    # Every log of the site goes where the retention applies.
    assert re.findall(r"access_log ([^\s;]+)", conf) == [
        "@LOG_DIR@/objection.access.log", "off", "@LOG_DIR@/objection.access.log"]
    assert set(re.findall(r"error_log (\S+);", conf)) == {"@LOG_DIR@/objection.error.log"}


def test_the_cookies_are_the_ones_the_privacy_notice_names(client, telecom_case, csrf):
    from test_web import fill
    fill(client, telecom_case, csrf)
    client.get("/result?lang=de")
    names = {cookie.key for cookie in client._cookies.values()}
    assert names <= {"session", "lang"} | {f"draft{i}" for i in range(10)}
    lang = client.get_cookie("lang")
    assert lang.max_age == 365 * 24 * 3600
    assert client.get_cookie("session").expires is None         # ends with the browser
    assert client.get_cookie("draft0").expires is None


# --- Settings: environment, file, checks -----------------------------------------------

def test_settings_from_the_environment_and_a_file(tmp_path):
    file = tmp_path / "operator.toml"
    file.write_text('name = "Datei e.V."\nstreet = "Weg 2"\npostcode = "01067"\n'
                    'city = "Dresden"\nemail = "a@example.org"\nstate = "SN"\n'
                    'log_retention_days = 14\n', encoding="utf-8")
    operator = load({"OBJECTION_OPERATOR_FILE": str(file),
                     "OBJECTION_OPERATOR_NAME": "Umgebung e.V."})
    assert operator.name == "Umgebung e.V." and operator.city == "Dresden"   # env wins
    assert operator.log_retention_days == 14
    assert operator.authority.name == "Sächsische Datenschutz- und Transparenzbeauftragte"
    assert load({}) is None and load({"OBJECTION_OPERATOR_NAME": "  "}) is None


def test_the_app_reads_the_environment(monkeypatch):
    for key, value in MINIMAL.items():
        monkeypatch.setenv(f"OBJECTION_OPERATOR_{key.upper()}", value)
    html = page(create_app({"TESTING": True}), "/impressum", "de")
    assert "Verbraucherhilfe Musterstadt e.V." in html


@pytest.mark.parametrize("change, problem", [
    ({"street": "Postfach 12 34"}, "street is a post box"),
    ({"email": "kontakt(at)example.org"}, "email is not an e-mail address"),
    ({"phone": "call us"}, "phone is not a telephone number"),
    ({"vat_id": "DE12345"}, "vat_id is not a VAT identification number"),
    ({"economic_id": "DE123456789"}, "economic_id is not a business identification number"),
    ({"state": "XY"}, "state is not a German state code"),
    ({"postcode": "1011"}, "postcode is not a German postal code"),
    ({"log_retention_days": 0}, "log_retention_days must be a number of days from 1 to 365"),
    ({"log_retention_days": "a week"}, "log_retention_days must be a number of days"),
    ({"dpo_name": "Max Muster"}, "dpo_email is missing"),
    ({"authority_name": "Behörde"}, "authority_name and authority_address go together"),
    ({"authority_url": "http://x"}, "authority_url must be an https:// address"),
    ({"name": "Evil\u202eCorp"}, "name contains control or direction characters"),
    ({"adress": "Weg 1"}, "unknown setting 'adress'"),
    ({"postcode": 10115}, "postcode must be text"),
])
def test_a_bad_setting_is_named(change, problem):
    with pytest.raises(OperatorError, match=re.escape(problem)):
        from_mapping({**MINIMAL, **change})


def test_every_missing_setting_is_named_at_once():
    with pytest.raises(OperatorError) as caught:
        from_mapping({"name": "Nur ein Name"})
    assert [p.split()[0] for p in caught.value.problems] == [
        "street", "postcode", "city", "email", "state"]


def test_an_address_abroad_keeps_its_postcode():
    operator = from_mapping({**MINIMAL, "postcode": "1010", "city": "Wien",
                             "country": "Österreich", "authority_name": "Datenschutzbehörde",
                             "authority_address": "Barichgasse 40-42\n1030 Wien"})
    assert operator.address == ("Musterstraße 1", "1010 Wien", "Österreich")


@pytest.mark.parametrize("content, problem", [
    (None, "cannot read"), ("name = ", "is not TOML")])
def test_an_unusable_file_is_named(tmp_path, content, problem):
    path = tmp_path / "operator.toml"
    if content is not None:
        path.write_text(content)
    with pytest.raises(OperatorError, match=problem):
        load({"OBJECTION_OPERATOR_FILE": str(path)})


@pytest.mark.slow
def test_gunicorn_refuses_to_start_with_bad_settings_and_says_why():
    env = {**os.environ, "PORT": str(free_port()), "OBJECTION_OPERATOR_NAME": "Nur ein Name",
           "OBJECTION_OPERATOR_EMAIL": "kein-at-zeichen"}
    out = subprocess.run([sys.executable, "-m", "gunicorn", "-c",
                          "python:objection.web.gunicorn_conf", "objection.web.wsgi:app"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode != 0
    assert out.stderr.strip().splitlines()[-1].startswith(
        "objection: cannot start: the operator settings")
    for problem in ("street is missing", "email is not an e-mail address", "state is missing"):
        assert problem in out.stderr
    assert "Traceback" not in out.stderr

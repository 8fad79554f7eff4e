"""The data protection supervisory authority of each German state for the private
sector (Art. 51 GDPR, § 40 BDSG): where a user may lodge a complaint (Art. 77 GDPR)
about an operator whose seat is in that state. An operator in the public sector, or
outside Germany, names its authority itself (OBJECTION_OPERATOR_AUTHORITY_*).

Names, postal addresses and websites as the authorities give them on their contact
pages, taken from the datenanfragen.de data set (datenanfragen/data,
supervisory-authorities/de*.json, July 2026, each record citing the authority's own
contact page); Berlin, Brandenburg, Hamburg and Saxony also checked against the
authorities' own pages. Postal addresses are where a complaint by letter goes; several
authorities ask for their post box to be used.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Authority:
    name: str
    address: tuple[str, ...]        # postal address lines, without the country
    url: str


AUTHORITIES: dict[str, Authority] = {
    "BW": Authority("Der Landesbeauftragte für den Datenschutz und die Informationsfreiheit "
                    "Baden-Württemberg", ("Postfach 10 29 32", "70025 Stuttgart"),
                    "https://www.baden-wuerttemberg.datenschutz.de/"),
    "BY": Authority("Bayerisches Landesamt für Datenschutzaufsicht (BayLDA)",
                    ("Postfach 1349", "91504 Ansbach"), "https://www.lda.bayern.de/"),
    "BE": Authority("Berliner Beauftragte für Datenschutz und Informationsfreiheit",
                    ("Alt-Moabit 59-61", "10555 Berlin"), "https://www.datenschutz-berlin.de/"),
    "BB": Authority("Die Landesbeauftragte für den Datenschutz und für das Recht auf "
                    "Akteneinsicht Brandenburg", ("Stahnsdorfer Damm 77", "14532 Kleinmachnow"),
                    "https://www.lda.brandenburg.de/"),
    "HB": Authority("Die Landesbeauftragte für Datenschutz und Informationsfreiheit Bremen",
                    ("Arndtstraße 1", "27570 Bremerhaven"), "https://www.datenschutz.bremen.de/"),
    "HH": Authority("Der Hamburgische Beauftragte für Datenschutz und Informationsfreiheit",
                    ("Ludwig-Erhard-Straße 22, 7. OG", "20459 Hamburg"),
                    "https://datenschutz-hamburg.de/"),
    "HE": Authority("Der Hessische Beauftragte für Datenschutz und Informationsfreiheit",
                    ("Postfach 3163", "65021 Wiesbaden"), "https://datenschutz.hessen.de/"),
    "MV": Authority("Der Landesbeauftragte für Datenschutz und Informationsfreiheit "
                    "Mecklenburg-Vorpommern", ("Schloss Schwerin", "Lennéstraße 1",
                                               "19053 Schwerin"),
                    "https://www.datenschutz-mv.de/"),
    "NI": Authority("Der Landesbeauftragte für den Datenschutz Niedersachsen",
                    ("Postfach 221", "30002 Hannover"), "https://lfd.niedersachsen.de/"),
    "NW": Authority("Landesbeauftragte für Datenschutz und Informationsfreiheit "
                    "Nordrhein-Westfalen", ("Kavalleriestraße 2-4", "40213 Düsseldorf"),
                    "https://www.ldi.nrw.de/"),
    "RP": Authority("Der Landesbeauftragte für den Datenschutz und die Informationsfreiheit "
                    "Rheinland-Pfalz", ("Postfach 30 40", "55020 Mainz"),
                    "https://www.datenschutz.rlp.de/"),
    "SL": Authority("Unabhängiges Datenschutzzentrum Saarland",
                    ("Fritz-Dobisch-Straße 12", "66111 Saarbrücken"),
                    "https://www.datenschutz.saarland.de/"),
    "SN": Authority("Sächsische Datenschutz- und Transparenzbeauftragte",
                    ("Postfach 11 01 32", "01330 Dresden"), "https://www.datenschutz.sachsen.de/"),
    "ST": Authority("Landesbeauftragter für den Datenschutz Sachsen-Anhalt",
                    ("Postfach 1947", "39009 Magdeburg"), "https://datenschutz.sachsen-anhalt.de/"),
    "SH": Authority("Unabhängiges Landeszentrum für Datenschutz Schleswig-Holstein",
                    ("Postfach 71 16", "24171 Kiel"), "https://www.datenschutzzentrum.de/"),
    "TH": Authority("Thüringer Landesbeauftragter für den Datenschutz und die "
                    "Informationsfreiheit", ("Postfach 900455", "99107 Erfurt"),
                    "https://www.tlfdi.de/"),
}

import pytest

from objection.deadlines import STATES
from objection.postcodes import REGIONS, state_for, states_for


@pytest.mark.parametrize("code, state", [
    ("10115", "BE"), ("20095", "HH"), ("80331", "BY"), ("70173", "BW"), ("01309", None),
    ("24103", "SH"), ("28195", None), ("99084", "TH"), ("39104", None), ("66111", None),
    ("55116", "RP"), ("60311", "HE"), ("40213", "NW"), ("30159", "NI"), ("18055", "MV"),
])
def test_state_for(code, state):
    assert state_for(code) == state


def test_ambiguous_regions_offer_the_candidates():
    assert states_for("14467") == ("BE", "BB")
    assert states_for("28195")[0] == "HB"


@pytest.mark.parametrize("code", ["", "1234", "123456", "ABCDE", "00000"])
def test_unknown(code):
    assert states_for(code) == ()


def test_every_state_is_reachable_and_codes_are_valid():
    seen = {s for states in REGIONS.values() for s in states}
    assert seen == set(STATES)

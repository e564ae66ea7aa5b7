"""NATO member states at the date, with period-correct borders."""

from geo.memberships import member_states

LAYER = "nato"


def build(seeds, as_of):
    return member_states(seeds, "NATO", LAYER, as_of)

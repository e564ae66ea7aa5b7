"""CSTO member states at the date (Uzbekistan 1992-1999 and 2006-2012, Azerbaijan and
Georgia until 1999, ...), with period-correct borders."""

from geo.memberships import member_states

LAYER = "csto"


def build(seeds, as_of):
    return member_states(seeds, "CSTO", LAYER, as_of)

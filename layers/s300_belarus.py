"""S-300 air-defence sites in Belarus: the 2006 transfer, the Baranovichi brigade,
the 29 Oct 2013 announcement (seed 000) and the regions reported for the four
battalions in 2014-2016. Locations are towns or regions, never sites."""

from geo.features import site_layer

LAYER = "s300_belarus"


def build(seeds, as_of):
    return site_layer(seeds, LAYER, as_of)

"""The other NATO/US missile-defence sites of the EPAA: Kürecik, Rota, Redzikowo, Ramstein."""

from geo.features import site_layer

LAYER = "epaa"


def build(seeds, as_of):
    return site_layer(seeds, LAYER, as_of)

"""The Aegis Ashore interceptor site at Deveselu, Romania, with its status at the date."""

from geo.features import site_layer

LAYER = "romania_interceptor"


def build(seeds, as_of):
    return site_layer(seeds, LAYER, as_of)

"""US and NATO sites outside the EPAA list: Patriot rotations at Morąg (from May
2010), the cancelled 2007-2009 plan (interceptors at Redzikowo, radar at Brdy;
both dropped 17 Sep 2009) and the Aegis ships in the Mediterranean before Rota
(USS Monterey first, 2011). Each with its status at the date; a ship at sea is
a region-wide point."""

from geo.features import site_layer

LAYER = "nato_sites"


def build(seeds, as_of):
    return site_layer(seeds, LAYER, as_of)

"""Russian sites and radars, with Belarusian air-defence units other than the S-300:
S-400 and the Iskander timeline in Kaliningrad Region, the Voronezh-DM radar
(Kaliningrad Region), the Volga radar at Hantsavichy, the Gabala radar (until
10 Dec 2012) and the 120th brigade's Tor-M2 at Baranovichi. Each with its
status at the date; region points carry a region-wide precision."""

from geo.features import site_layer

LAYER = "russian_sites"


def build(seeds, as_of):
    return site_layer(seeds, LAYER, as_of)

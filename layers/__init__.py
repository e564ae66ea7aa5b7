"""One module per map layer; each exposes ``build(seeds, as_of) -> GeoDataFrame``."""

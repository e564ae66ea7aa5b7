"""The web map: folium/Leaflet pieces, the offline assets and the self-contained HTML export."""

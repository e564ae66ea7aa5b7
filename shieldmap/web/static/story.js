/* The guided tour of the HTML export (inline there). shieldmapStory(map, story, groups): story is the data of
   shieldmap.web.story_html.story_data (steps, options, variants, data: the distinct GeoJSON features); groups
   maps the export's layer ids to their Leaflet groups, hidden while the story runs. */
window.shieldmapStory = function (map, story, groups) {
    function collection(indexes) { return {type: "FeatureCollection",
        features: indexes.map(function (i) { return story.data[i]; })}; }
    var shown = null, current = 0, drawn = [];
    var header = document.querySelector(".shieldmap-header .asof"), headerText = header && header.textContent;
    function el(tag, text, cls) { var e = document.createElement(tag); if (text) e.textContent = text;
        if (cls) e.className = cls; return e; }
    function layerOf(options, data, isUncertainty) {
        var base = isUncertainty ? options.uncertainty : options.style;
        return L.geoJson(data, {
            style: function (f) { var v = f && f.properties.variant;
                return Object.assign({}, base, (v && story.variants[v]) || {}); },
            pointToLayer: function (f, latlng) { return options.icon && !isUncertainty
                ? L.marker(latlng, {icon: L.divIcon(options.icon)}) : L.circleMarker(latlng, base); },
            onEachFeature: function (f, layer) { layer.bindTooltip(f.properties.tip, {sticky: true});
                if (!isUncertainty) layer.bindPopup(f.properties.popup, {maxWidth: 380}); }
        });
    }
    var T = story.texts;  // the panel's words, translated by the page's maker (shieldmap.i18n), with {placeholders}
    var box = L.DomUtil.create("div", "shieldmap-box shieldmap-story leaflet-control");
    L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
    function render() {
        box.innerHTML = "";
        if (!shown) {
            var start = el("button", T.start.replace("{n}", story.steps.length), "story-start");
            start.onclick = function () { go(1); };
            box.appendChild(start); return;
        }
        var step = story.steps[current - 1];
        box.appendChild(el("div", T.step.replace("{number}", step.number).replace("{total}", story.steps.length)
                           .replace("{date}", step.day), "story-step"));
        box.appendChild(el("div", step.title, "story-title"));
        box.appendChild(el("p", step.caption, "story-caption"));
        var sources = el("div", T.sources, "story-sources");
        step.citations.forEach(function (c, i) {
            if (i) sources.appendChild(document.createTextNode("; "));
            var item = el(c.url ? "a" : "span", c.label);
            if (c.url) { item.href = c.url; item.target = "_blank"; item.rel = "noopener noreferrer"; }
            sources.appendChild(item);
        });
        box.appendChild(sources);
        var nav = el("div", null, "story-nav");
        [["\u25c0 " + T.previous, current - 1, current === 1], [T.next + " \u25b6", current + 1, current === story.steps.length],
         [T.close, 0, false]].forEach(function (b) {
            var button = el("button", b[0]); button.disabled = b[2];
            button.onclick = function () { go(b[1]); }; nav.appendChild(button); });
        box.appendChild(nav);
    }
    function go(number) {
        drawn.forEach(function (l) { map.removeLayer(l); }); drawn = [];
        if (!number) {
            if (shown) Object.keys(shown).forEach(function (id) { if (shown[id]) map.addLayer(groups[id]); });
            shown = null; current = 0; if (header) header.textContent = headerText;
            history.replaceState(null, "", location.pathname + location.search);
            map.shieldmapStory = 0; render(); return;
        }
        if (!shown) { shown = {}; Object.keys(groups).forEach(function (id) {
            shown[id] = map.hasLayer(groups[id]); map.removeLayer(groups[id]); }); }
        current = number;
        var step = story.steps[number - 1];
        step.layers.forEach(function (item) {
            var options = story.options[item.layer];
            if (item.uncertainty !== null) drawn.push(layerOf(options, collection(item.uncertainty), true).addTo(map));
            drawn.push(layerOf(options, collection(item.data), false).addTo(map));
        });
        map.setView(step.center, step.zoom);
        if (header) header.textContent = T.header.replace("{date}", step.day).replace("{number}", step.number);
        history.replaceState(null, "", "#story=" + number);
        map.shieldmapStory = number; map.shieldmapAsOf = step.date;
        render();
    }
    var control = L.control({position: "topleft"});
    control.onAdd = function () { render(); return box; };
    control.addTo(map);
    var asked = /^#story=(\d+)$/.exec(location.hash);
    if (asked && +asked[1] >= 1 && +asked[1] <= story.steps.length) go(+asked[1]);
};

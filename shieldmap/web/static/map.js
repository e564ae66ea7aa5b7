/* The map's own behaviour, for the app (served as /app/static/shieldmap/map.js) and the HTML export
   (inline): panes, the hatch pattern, names on the map by zoom and their declutter, the layer style
   function, and the key. shieldmapMapExtras(map, config) sets it up for one Leaflet map; config (JSON
   from shieldmap.web.mapkey.MapExtras): sea, the background colour; variants, the per-feature style
   changes (layers/style.py VARIANTS); hatch, the hatch over rejected areas (layers/style.py HATCH); band, the
   cross-hatch over a sector edge no source gives (layers/style.py BAND_HATCH); lang, the language of the country
   names (a label's text_LANG, else its text); texts, the key's title already translated (shieldmap.i18n: no text
   is translated here); scale, the scale bar's words (shieldmap/web/scale.py). The map's container says
   data-shieldmap-labels="settled" once the names are decluttered after the last change ("pending" before). */
(function () {
  function pattern(id, h) {  // a hatch as an SVG pattern (layers/style.py Hatch: spacing, angle, cross)
    var n = function (v) { return String(Number(v)); }, s = n(h.spacing);
    var paint = '" stroke="' + String(h.color).replace(/[^#0-9a-zA-Z]/g, '') + '" stroke-width="' + n(h.width) +
      '" stroke-opacity="' + n(h.opacity) + '"/>';
    return '<pattern id="' + id + '" patternUnits="userSpaceOnUse" width="' + s + '" height="' + s +
      '" patternTransform="rotate(' + n(90 - h.angle) + ')"><line x1="0" y1="0" x2="0" y2="' + s + paint +
      (h.cross ? '<line x1="0" y1="0" x2="' + s + '" y2="0' + paint : '') + '</pattern>';
  }
  function hatchDefs(config) {  // the hatch over rejected areas and the band's cross-hatch
    return '<svg id="shieldmap-defs" width="0" height="0" style="position:absolute" aria-hidden="true"><defs>' +
      pattern('shieldmap-hatch', config.hatch) + pattern('shieldmap-band', config.band) + '</defs></svg>';
  }
  var FAN = 11, ICON = 18;  // px: how far overlapping markers are moved apart at least; an icon's size
  var KEY_OPEN = {x: 700, y: 560};  // px: a smaller map (a phone, the embedded view) starts with its key folded
  var MARGIN = 10, CHROME_Y = 45, TIP_Y = 20, CHROME_X = 46, MIN_ROOM = 160;
  function popupRoom(map, popup) {  // a popup's size: the room above its point (or MIN_ROOM), the map's width
    var size = map.getSize(), at = map.latLngToContainerPoint(popup._latlng).add(popup._getAnchor())
      .add(L.point(popup.options.offset));
    var full = size.y - 2 * MARGIN - CHROME_Y - TIP_Y, room = at.y - CHROME_Y - MARGIN;
    return {maxWidth: Math.max(120, Math.min(380, size.x - 2 * MARGIN - CHROME_X)), minWidth: 50,
            maxHeight: Math.max(60, Math.min(full, Math.max(room, MIN_ROOM))), autoPanPadding: [MARGIN, MARGIN]};
  }
  function fitPopups(map) {
    /* Popups fit the map: at most as high as the room above their point (so Leaflet's autoPan, which keeps
       the popup in the map, moves the view by at most MIN_ROOM px), at most as wide as the map less its margins;
       longer content scrolls inside. The controls give way to an open popup they would cover. */
    if (!L.Popup.prototype.shieldmapFits) {  // once per page: each map says how its popups fit
      var layout = L.Popup.prototype._updateLayout;
      L.Popup.prototype._updateLayout = function () {
        if (this._map && this._map.shieldmapPopupRoom && this._latlng) L.setOptions(this, this._map.shieldmapPopupRoom(this));
        return layout.call(this);
      };
      L.Popup.prototype.shieldmapFits = true;
    }
    map.shieldmapPopupRoom = function (popup) { return popupRoom(map, popup); };
    function clear() {  // the controls (zoom, key...) an open popup would be under are hidden until it closes
      var popup = map._popup && map.hasLayer(map._popup) && map._popup.getElement(),
        a = popup && popup.querySelector('.leaflet-popup-content-wrapper').getBoundingClientRect();
      [].forEach.call(map.getContainer().querySelectorAll('.leaflet-control'), function (control) {
        control.classList.remove('shieldmap-gives-way');
        var b = control.getBoundingClientRect();
        if (a && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
          control.classList.add('shieldmap-gives-way');
        }
      });
    }
    map.on('popupopen moveend', clear);
    map.on('popupclose', function () { setTimeout(clear, 0); });  // once the closed popup has left the map
  }
  function laterSources(map) {
    /* A popup's sources dated after the date the map shows (map.shieldmapAsOf, set by the date stamp) are marked
       as published later: the app's popups are made once per change day, the date shown may be later. */
    map.on('popupopen', function (e) {
      var asOf = map.shieldmapAsOf, el = e.popup.getElement();
      if (!asOf || !el) return;
      [].forEach.call(el.querySelectorAll('li[data-published]'), function (li) {
        li.classList.toggle('shieldmap-later', li.dataset.published > asOf);
      });
    });
  }
  function clickThrough(map) {
    /* While placing or measuring (shieldmapClickMode), a click anywhere, on any feature, is the map's own click,
       at the pointer (the one streamlit-folium reports): no feature is an event target, so no popup, no tooltip. */
    var find = map._findEventTargets, fire = map._fireDOMEvent;
    map._findEventTargets = function (e, type) { return this.shieldmapClicking ? [this] : find.call(this, e, type); };
    map._fireDOMEvent = function (e, type, canvasTargets) {
      return fire.call(this, e, type, this.shieldmapClicking ? false : canvasTargets); };
  }
  function stillOnFocus(map) {
    /* Leaflet focuses the map on a press (for its keyboard handler) with focus(), which scrolls the app's page
       to bring the map's frame into view: the page jumped under the pointer between press and release, so
       the first click on a marker landed elsewhere and opened nothing. The focus now leaves the page still. */
    var keyboard = map.keyboard, box = map.getContainer();
    if (!keyboard) return;
    L.DomEvent.off(box, 'mousedown', keyboard._onMouseDown, keyboard);
    keyboard._onMouseDown = function () { if (!this._focused) box.focus({preventScroll: true}); };
    L.DomEvent.on(box, 'mousedown', keyboard._onMouseDown, keyboard);
  }
  function twoFingers(map) {
    /* On a touch screen (no hover, a coarse pointer), as common map embeds do: one finger scrolls the page
       (Leaflet's dragging is off, so the container's touch-action, pan-x pan-y, lets the browser scroll), two
       fingers move and pinch the map (Leaflet's touch zoom); a one-finger swipe shows how to move the map.
       A tap still opens a popup or places a point. */
    if (!(window.matchMedia && matchMedia('(hover: none) and (pointer: coarse)').matches)) return;
    var box = map.getContainer(), start = null, timer = null;
    map.dragging.disable();
    box.classList.add('shieldmap-two-fingers');
    var hint = L.DomUtil.create('div', 'shieldmap-gesture-hint', box);
    hint.textContent = 'Use two fingers to move the map';
    hint.setAttribute('role', 'status');
    function hide() { hint.classList.remove('shieldmap-shown'); }
    box.addEventListener('touchstart', function (e) {
      start = e.touches.length === 1 ? [e.touches[0].clientX, e.touches[0].clientY] : null;
      if (e.touches.length > 1) hide();
    }, {passive: true});
    box.addEventListener('touchmove', function (e) {
      if (!start || e.touches.length !== 1) return;
      if (Math.abs(e.touches[0].clientX - start[0]) + Math.abs(e.touches[0].clientY - start[1]) < 12) return;
      hint.classList.add('shieldmap-shown');
      clearTimeout(timer); timer = setTimeout(hide, 1600);
    }, {passive: true});
  }
  window.shieldmapClickMode = function (map, on) {  // clicks are points (on) or open popups (off)
    map.shieldmapClicking = !!on;
    map.getContainer().classList.toggle('shieldmap-clicking', !!on);
    if (on) {
      map.closePopup();
      map.eachLayer(function (layer) { if (layer.closeTooltip) layer.closeTooltip(); });
    }
  };
  function scaleBar(map, lang, units) {
    /* Leaflet's scale bar with its words in the page's language (Leaflet writes "km", "mi" and has no option for
       them): units, {km|m|mi|ft: {plural category: "{n} ..."}} from the catalogue (shieldmap/web/scale.py), the
       category of each number by Intl.PluralRules; the label is set as text. */
    var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang || 'en') : null;
    function label(unit, n) {
      var forms = (units && units[unit]) || {}, text = forms[rules ? rules.select(n) : 'other'] || forms.other;
      return text ? text.replace('{n}', String(n)) : n + ' ' + unit;
    }
    var Scale = L.Control.Scale.extend({
      _updateMetric: function (maxMeters) {
        var meters = this._getRoundNum(maxMeters);
        this._updateScale(this._mScale, meters < 1000 ? label('m', meters) : label('km', meters / 1000),
                          meters / maxMeters);
      },
      _updateImperial: function (maxMeters) {
        var maxFeet = maxMeters * 3.2808399, maxMiles, miles, feet;
        if (maxFeet > 5280) {
          maxMiles = maxFeet / 5280; miles = this._getRoundNum(maxMiles);
          this._updateScale(this._iScale, label('mi', miles), miles / maxMiles);
        } else {
          feet = this._getRoundNum(maxFeet);
          this._updateScale(this._iScale, label('ft', feet), feet / maxFeet);
        }
      },
      _updateScale: function (scale, text, ratio) {
        scale.style.width = Math.round(this.options.maxWidth * ratio) + 'px';
        scale.textContent = text;
      }
    });
    new Scale().addTo(map);
  }
  window.shieldmapMapExtras = function (map, config) {
    scaleBar(map, config.lang, config.scale);
    var texts = config.texts || {};
    if (map.zoomControl && texts.zoom_in) {  // Leaflet's own buttons in the page's language
      [[map.zoomControl._zoomInButton, texts.zoom_in], [map.zoomControl._zoomOutButton, texts.zoom_out]].forEach(
        function (pair) { if (pair[0]) { pair[0].title = pair[1]; pair[0].setAttribute('aria-label', pair[1]); } });
    }
    if (texts.close_popup) map.on('popupopen', function (e) {  // Leaflet's popup button, in the page's language
      var close = e.popup.getElement() && e.popup.getElement().querySelector('.leaflet-popup-close-button');
      if (close) { close.setAttribute('aria-label', texts.close_popup); close.title = texts.close_popup; }
    });
    var prefix = map.attributionControl && map.attributionControl.options.prefix;  // Leaflet's link and its title
    if (texts.leaflet && typeof prefix === 'string')
      map.attributionControl.setPrefix(prefix.replace('A JavaScript library for interactive maps', texts.leaflet));
    if (!document.getElementById('shieldmap-defs')) document.body.insertAdjacentHTML('beforeend', hatchDefs(config));
    map.getContainer().style.background = config.sea;
    var hatch = map.createPane('shieldmap-hatch'); hatch.style.zIndex = 410; hatch.style.pointerEvents = 'none';
    var names = map.createPane('shieldmap-labels'); names.style.zIndex = 620; names.style.pointerEvents = 'none';
    var timer = null;
    function zoomClasses() {
      var z = Math.round(map.getZoom()), c = map.getContainer();
      for (var i = 0; i <= 19; i++) c.classList.toggle('shieldmap-z' + i, i <= z);
    }
    function fanOut() {
      /* Markers that overlap on screen at this zoom (two S-300 records at one town, Iskander beside Voronezh-DM in
         Kaliningrad, a cancelled plan's site where a later one stands) are spread on a circle round their middle,
         in the order of their layer and id, far enough apart that each can be seen and clicked; each popup still
         points at the true place. Done again at every zoom. */
      var markers = [];
      map.eachLayer(function (layer) {
        if (layer instanceof L.Marker && layer.feature && layer._icon) markers.push(layer);
      });
      markers.sort(function (a, b) {
        var p = a.feature.properties, q = b.feature.properties, x = (p.layer || '') + ' ' + (p.id || ''),
          y = (q.layer || '') + ' ' + (q.id || '');
        return x < y ? -1 : x > y ? 1 : 0; });
      var at = markers.map(function (m) { return map.latLngToLayerPoint(m.getLatLng()); });
      var group = markers.map(function (m, i) { return i; }), shown = at.slice(), groups;
      function root(i) { while (group[i] !== i) i = group[i] = group[group[i]]; return i; }
      for (var pass = 0; pass < 6; pass++) {  // spreading a group can land it on a neighbour: join them, again
        var joined = false;
        for (var i = 0; i < markers.length; i++) {
          for (var j = i + 1; j < markers.length; j++) {
            if (root(i) !== root(j) && shown[i].distanceTo(shown[j]) < ICON) { group[root(j)] = root(i); joined = true; }
          }
        }
        if (pass && !joined) break;
        groups = {};
        markers.forEach(function (m, i) { (groups[root(i)] = groups[root(i)] || []).push(i); });
        Object.keys(groups).forEach(function (key) {
          var list = groups[key], n = list.length;
          var mid = list.reduce(function (s, i) { return s.add(at[i]); }, L.point(0, 0)).divideBy(n);
          var r = n > 1 ? Math.max(FAN, (ICON + 2) / (2 * Math.sin(Math.PI / n))) : 0;
          list.forEach(function (i, k) {
            var a = Math.PI * (2 * k / n - 1);
            shown[i] = n > 1 ? L.point(mid.x + r * Math.cos(a), mid.y + r * Math.sin(a)) : at[i];
          });
        });
      }
      markers.forEach(function (marker, i) {
        var el = marker._icon, fanned = groups[root(i)].length > 1;
        if (el._shieldmapMargin === undefined || el._shieldmapIcon !== marker) {
          el._shieldmapMargin = [parseFloat(el.style.marginLeft) || 0, parseFloat(el.style.marginTop) || 0];
          el._shieldmapIcon = marker;
        }
        el.style.marginLeft = (el._shieldmapMargin[0] + Math.round(shown[i].x - at[i].x)) + 'px';
        el.style.marginTop = (el._shieldmapMargin[1] + Math.round(shown[i].y - at[i].y)) + 'px';
        el.classList.toggle('shieldmap-fanned', fanned);
      });
    }
    function declutter() {  // of two overlapping labels, hide the one of lower priority
      timer = null;
      fanOut();
      var kept = [], items = [].slice.call(names.querySelectorAll('.shieldmap-label-text'));
      var frame = map.getContainer().getBoundingClientRect();
      items.forEach(function (el) {
        el.parentNode.classList.remove('shieldmap-crowded');
        if (el.parentNode.classList.contains('shieldmap-label-sector')) {  // a sector's name stays in the frame
          el.style.marginLeft = '0px';
          var r = el.getBoundingClientRect(), mid = (r.left + r.right) / 2;  // its point in view: pull it in
          if (r.width && r.width < frame.width - 8 && mid > frame.left && mid < frame.right) el.style.marginLeft =
            (Math.max(0, frame.left + 4 - r.left) - Math.max(0, r.right - frame.right + 4)) + 'px';
        }
      });
      items = items.map(function (el) { return {el: el, r: el.getBoundingClientRect(), p: +el.dataset.priority}; })
        .filter(function (it) { return it.r.width > 0; })
        .sort(function (a, b) { return b.p - a.p; });
      items.forEach(function (it) {
        var r = it.r, hit = kept.some(function (k) {
          return r.left < k.right && k.left < r.right && r.top < k.bottom && k.top < r.bottom; });
        if (hit) it.el.parentNode.classList.add('shieldmap-crowded'); else kept.push(r);
      });
      keyClear();
      map.getContainer().dataset.shieldmapLabels = 'settled';  // what tests and screenshots wait for
    }
    function later() {  // a pass after the last of a burst of changes
      map.getContainer().dataset.shieldmapLabels = 'pending';
      if (!timer) timer = setTimeout(declutter, 60);
    }
    map.on('zoomend', function () { zoomClasses(); later(); });
    map.on('layeradd layerremove moveend', later);
    zoomClasses();
    later();
    window.shieldmapLabel = function (lat, lon, html, kind, minzoom, priority) {
      return L.marker([lat, lon], {pane: 'shieldmap-labels', interactive: false, keyboard: false,
        icon: L.divIcon({className: 'shieldmap-label shieldmap-label-' + kind + ' shieldmap-min-' + minzoom,
          iconSize: null, html: '<span class="shieldmap-label-text" data-priority="' + priority + '">' + html + '</span>'})});
    };
    window.shieldmapStyle = function (base) {  // a layer's style, then its variant's (planned...), then the feature's
      var variants = config.variants;
      return function (feature) {
        var p = (feature && feature.properties) || {};
        return Object.assign({}, base, (p.variant && variants[p.variant]) || {}, p.style || {}); };
    };
    window.shieldmapDecorate = function (feature, group) {  // a layer feature's label and hatch
      var p = feature.properties;  // hatch: true (a rejected area) or 'band' (an edge no source gives)
      var pattern = p.hatch === 'band' ? 'url(#shieldmap-band)' : 'url(#shieldmap-hatch)';
      if (p.hatch) L.geoJson(feature.geometry, {renderer: L.svg({pane: 'shieldmap-hatch'}), interactive: false,
        className: p.hatch === 'band' ? 'shieldmap-band' : 'shieldmap-hatched',
        style: {stroke: false, fillColor: pattern, fillOpacity: 1}}).addTo(group);
      if (p.label) shieldmapLabel(p.label_at[0], p.label_at[1], p.label, p.label_kind, p.label_min,
                                  p.label_priority).addTo(group);
    };
    window.shieldmapCountryLabels = function (data) {
      var layer = L.layerGroup();
      (data.labels || []).forEach(function (l) {
        shieldmapLabel(l.lat, l.lon, (config.lang && l['text_' + config.lang]) || l.text, 'country', l.minzoom,
                       l.priority).addTo(layer); });
      layer.addTo(map);
    };
    var sections = {}, body = null, key = L.control({position: 'bottomright'});
    key.onAdd = function () {
      var box = L.DomUtil.create('details', 'shieldmap-key leaflet-control');
      box.open = map.getSize().x >= KEY_OPEN.x && map.getSize().y >= KEY_OPEN.y;  // folded on a phone, embedded
      box.innerHTML = '<summary></summary><div class="shieldmap-key-body"></div>';
      box.firstChild.textContent = (config.texts && config.texts.key) || 'Key';
      body = box.lastChild;
      L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    key.addTo(map);
    function render() {
      var seen = {}, parts = Object.keys(sections).sort().map(function (k) { return sections[k]; })
        .filter(function (h) { if (!h || seen[h]) return false; seen[h] = 1; return true; });
      body.innerHTML = parts.join('');
      key.getContainer().style.display = parts.length ? '' : 'none';
    }
    render();
    var placedForReader = true;  // until the reader opens the key, it is placed (or folded) for them
    function keyClear(byReader) {
      /* The open key stands in the corner where it covers the fewest markers (bottom right if none); where every
         corner would cover one, it folds until the reader opens it (then it takes the least covered corner);
         opening the Features list folds it, so the list never opens under it. */
      var box = key.getContainer();
      if (!box || !box.open) return;
      var icons = [].slice.call(map.getContainer().querySelectorAll('.leaflet-marker-icon[aria-label]'));
      function covered() {
        var k = box.getBoundingClientRect();
        return icons.filter(function (icon) {
          var r = icon.getBoundingClientRect(), x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
          return r.width && x > k.left && x < k.right && y > k.top && y < k.bottom; }).length;
      }
      function put(corner) {  // under the corner's other controls at the top, above them at the bottom
        var place = map._controlCorners[corner];
        if (box.parentNode === place) return;
        if (corner.indexOf('top') === 0) place.appendChild(box); else place.insertBefore(box, place.firstChild);
      }
      var best = null;
      ['bottomright', 'bottomleft', 'topright', 'topleft'].forEach(function (corner) {
        put(corner);
        var n = covered();
        if (best === null || n < best.n) best = {corner: corner, n: n};
      });
      put(best.corner);
      if (best.n && placedForReader && byReader !== true) box.open = false;
    }
    key.getContainer().addEventListener('click', function (e) {  // the reader's own opening (not the first one)
      if (e.target.closest && e.target.closest('summary')) placedForReader = false;
    });
    key.getContainer().addEventListener('toggle', function () { keyClear(!placedForReader); });
    var replace = null;  // markers drawn or moved after the key was placed: place it again, once they settle
    map.on('layeradd zoomend moveend', function () {
      if (replace) clearTimeout(replace);
      replace = setTimeout(function () { replace = null; keyClear(); }, 80);
    });
    map.getContainer().addEventListener('toggle', function (e) {  // toggle does not bubble: caught on the way down
      var box = key.getContainer();
      if (e.target.classList && e.target.classList.contains('shieldmap-features') && e.target.open && box) box.open = false;
    }, true);
    fitPopups(map);
    laterSources(map);
    clickThrough(map);
    stillOnFocus(map);
    twoFingers(map);
    window.shieldmapKeySection = function (group, id, html) {
      group.on('add', function () { sections[id] = html; render(); });
      group.on('remove', function () { delete sections[id]; render(); });
      if (group._map) { sections[id] = html; render(); }
    };
  };
})();

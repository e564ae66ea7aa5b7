/* The map for keyboard and screen-reader users, for the app and the HTML export.
   shieldmapAccessible(map, config) sets up one Leaflet map; config (JSON from shieldmap.web.access): lang,
   the page's language where it says none; label, the map region's name; described, the description region's;
   list, the features list's summary; layers, {layer id: title}; opened, what the live region says when a
   popup opens. shieldmapDescribe(map, title, text) sets the frame's title and the text description the map's
   region is described by (the app sends it with the view: shieldmap/describe.py).

   - Markers are buttons named by their feature (Enter opens the popup: Leaflet's keyboard option).
   - "Features (N)": a list of the shown features, a button each, grouped by layer, rebuilt whenever a layer
     is added or removed; a button opens the feature's popup at its point (a polygon's: the point the app
     computed inside it, in the default view where it can); the popup's autoPan moves the view only as far
     as the popup needs.
   - The description: a visually hidden region the map's container names with aria-describedby; the frame
     (streamlit-folium's iframe) takes the title. In the HTML export the map is described by the map in words
     under it (#shieldmap-words-text).
   - Escape closes a popup; a popup opened from the list on a narrow map takes the focus and gives it back. */
(function () {
  function name(feature) {  // the name shown (in the page's language where the data has one), else the name
    var p = feature.properties || {}; return String(p.shown_name || p.name || ''); }
  function popupPoint(layer) {
    if (layer.getLatLng) return layer.getLatLng();
    var at = layer.feature.properties.at;
    return at ? L.latLng(at[0], at[1]) : layer.getBounds().getCenter();
  }
  window.shieldmapAccessible = function (map, config) {
    var container = map.getContainer();
    if (!document.documentElement.lang) document.documentElement.lang = config.lang;  // the export's page has none
    container.setAttribute('role', 'region');
    container.setAttribute('aria-label', config.label);
    if (document.getElementById('shieldmap-words-text')) {  // the HTML export's map in words, under the map
      container.setAttribute('aria-describedby', 'shieldmap-words-text');
    }
    var described = document.createElement('div');  // named and linked once it has a text (shieldmapDescribe)
    described.id = 'shieldmap-description';
    described.className = 'shieldmap-sr-only';
    described.dataset.label = config.described;
    document.body.appendChild(described);
    var live = document.createElement('div');
    live.className = 'shieldmap-sr-only';
    live.setAttribute('aria-live', 'polite');
    document.body.appendChild(live);
    map.on('popupopen', function (e) {
      var source = e.popup._source;
      if (source && source.feature) live.textContent = config.opened + ' ' + name(source.feature);
    });

    var list = L.control({position: 'topright'}), body = null, summary = null, timer = null, drawn = null;
    list.onAdd = function () {
      var box = L.DomUtil.create('details', 'shieldmap-features leaflet-control');
      box.innerHTML = '<summary></summary><div class="shieldmap-features-body"></div>';
      summary = box.firstChild;
      body = box.lastChild;
      L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    list.addTo(map);
    function shown() {  // the shown features that open a popup, by layer, in the map's order
      var groups = {}, order = [];
      map.eachLayer(function (layer) {
        if (!layer.feature || !layer.getPopup || !layer.getPopup()) return;
        var id = String(layer.feature.properties.layer || '');
        if (!groups[id]) { groups[id] = []; order.push(id); }
        groups[id].push(layer);
      });
      return order.map(function (id) { return {id: id, layers: groups[id]}; });
    }
    var returnTo = null;
    function openFromList(layer, button) {
      /* The popup opens at the feature's point; its autoPan keeps it clear of the open list too (on the
         right), moving the view only as far as that needs. Where the map is too narrow for both side by side
         (a phone), the list gives way to the popup (map.js) and the focus goes into the popup, a dialog named
         by its feature; Escape or its close button brings the focus back to the list. */
      var popup = layer.getPopup(), box = list.getContainer().getBoundingClientRect();
      popup.options.autoPanPaddingBottomRight = L.point(Math.ceil(box.width) + 20, 10);
      layer.openPopup(popupPoint(layer));
      delete popup.options.autoPanPaddingBottomRight;
      var element = popup.getElement(), wrapper = element && element.querySelector('.leaflet-popup-content-wrapper');
      if (wrapper && wrapper.getBoundingClientRect().width + box.width + 40 > map.getSize().x) {
        wrapper.setAttribute('tabindex', '-1');
        wrapper.setAttribute('role', 'dialog');
        wrapper.setAttribute('aria-label', name(layer.feature));
        returnTo = button;
        wrapper.focus({preventScroll: true});
      }
    }
    map.on('popupclose', function () {
      var back = returnTo;
      returnTo = null;
      if (back) setTimeout(function () {  // after map.js has shown the controls again
        if (back.isConnected) back.focus({preventScroll: true}); }, 0);
    });
    function render() {
      timer = null;
      var groups = shown(), count = 0, focused = document.activeElement, again = null;
      var signature = JSON.stringify(groups.map(function (group) {
        return [group.id, group.layers.map(function (layer) { return L.stamp(layer); })]; }));
      if (signature === drawn) return;  // the same features: the list (and the focus in it) stays
      drawn = signature;
      var was = focused && body.contains(focused) ? focused.dataset.feature : null;
      body.textContent = '';
      groups.forEach(function (group) {
        var head = document.createElement('div');
        head.className = 'shieldmap-features-head';
        head.textContent = config.layers[group.id] || group.id;
        var items = document.createElement('ul');
        items.setAttribute('aria-label', head.textContent);
        group.layers.forEach(function (layer) {
          var item = document.createElement('li'), button = document.createElement('button');
          button.type = 'button';
          button.textContent = name(layer.feature);
          button.dataset.feature = String(L.stamp(layer));
          if (button.dataset.feature === was) again = button;
          button.addEventListener('click', function () { openFromList(layer, button); });
          item.appendChild(button);
          items.appendChild(item);
          count += 1;
        });
        body.appendChild(head);
        body.appendChild(items);
      });
      summary.textContent = config.list + ' (' + count + ')';
      list.getContainer().style.display = count ? '' : 'none';
      container.dataset.shieldmapFeatures = String(count);  // what tests wait for
      if (again) again.focus();  // a feature still shown keeps the focus across a change of layers
    }
    function later() { if (!timer) timer = setTimeout(render, 50); }
    map.on('layeradd', function (e) {
      var layer = e.layer;
      if (layer instanceof L.DivOverlay) return;  // a popup or a tooltip
      if (layer._icon && layer.feature && layer.options.keyboard) {  // a marker: a button with its feature's name
        layer._icon.setAttribute('aria-label', name(layer.feature));
      }
      later();
    });
    map.on('layerremove', function (e) { if (!(e.layer instanceof L.DivOverlay)) later(); });
    render();
    map.on('keydown', function (e) {  // Escape closes the popup wherever the focus is in the map
      if (e.originalEvent.key === 'Escape') map.closePopup();
    });
  };
  window.shieldmapDescribe = function (map, title, text) {
    var described = document.getElementById('shieldmap-description');
    if (described) {
      described.setAttribute('role', 'region');  // a landmark a screen reader lists: the map in words
      described.setAttribute('aria-label', described.dataset.label);
      map.getContainer().setAttribute('aria-describedby', described.id);
      described.textContent = '';
      text.split('\n\n').forEach(function (part) {
        var p = document.createElement('p'); p.textContent = part; described.appendChild(p); });
    }
    document.title = title;
    try {  // the app's frame (same origin): its title names the map; the HTML export has none
      if (window.frameElement) window.frameElement.setAttribute('title', title);
    } catch (error) { /* a frame of another origin */ }
  };
})();

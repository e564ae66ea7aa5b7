/* The app's layer loader (/app/static/shieldmap/fetch.js; not in the HTML export, whose layers are inline).
   shieldmapFetchLayer(url, add): each layer file is fetched at once and added in the order of the calls (one
   promise chain per page, window.shieldmapLayers); on a rerun a file already loaded is added at once. */
window.shieldmapFetchLayer = function (url, add) {
    var loaded = window.shieldmapData = window.shieldmapData || {};
    if (loaded[url]) { add(loaded[url]); return; }
    var data = fetch(url).then(function (r) { if (!r.ok) { throw new Error(r.status + " " + url); } return r.json(); });
    window.shieldmapLayers = (window.shieldmapLayers || Promise.resolve()).then(function () { return data; })
        .then(function (json) { loaded[url] = json; add(json); })
        .catch(function (error) { console.error("shieldmap: layer not loaded", error); });
};

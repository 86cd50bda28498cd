/* Kvarterkort context basemap: no map is ever a blank grey box (mapping/context_basemap.py).
 * When the map has no tile layer, or a tile fails to load, the outlines, names and stops of the
 * loaded layers are fetched from /api/basemap for the visible box and drawn in greyscale below
 * the data layers, without interaction and hidden from assistive technology (decoration: the
 * data layers and the page's table carry the information). Names are set with textContent. */
(function () {
  "use strict";
  var KK = window.KK = window.KK || {};
  var WEIGHT = {kommune: 2.5, postnummer: 1.2, sogn: 1, "boligområde": 1};
  var DASH = {postnummer: "6 4"};

  function tileLayers(map) {
    var found = [];
    map.eachLayer(function (layer) { if (layer instanceof L.TileLayer) { found.push(layer); } });
    return found;
  }

  KK.contextBasemap = function (map, opts) {
    var on = false, drawn = null, timer = null, pending = null;

    function start() {
      if (on) { return; }
      on = true;
      var pane = map.createPane("kkContext");
      pane.style.zIndex = 250;  // above tiles (200), below overlays (400) and markers (600)
      pane.style.pointerEvents = "none";
      pane.style.filter = "grayscale(1)";
      pane.setAttribute("aria-hidden", "true");
      map.getContainer().classList.add("kk-context-basemap");
      map.getContainer().dataset.contextBasemap = "on";
      var lang = (document.documentElement.lang || "da").slice(0, 2);
      var note = (opts.labels[lang] || opts.labels.da || {}).basemap;
      if (note && map.attributionControl) { map.attributionControl.addAttribution(note.replace(/[<>&]/g, "")); }
      load();
      map.on("moveend", function () { clearTimeout(timer); timer = setTimeout(load, 250); });
    }

    function load() {
      var b = map.getBounds();
      var box = [Math.max(b.getWest(), -180), Math.max(b.getSouth(), -90),
                 Math.min(b.getEast(), 180), Math.min(b.getNorth(), 90)].map(function (v) { return v.toFixed(5); });
      if (pending) { pending.abort(); }
      pending = new AbortController();
      fetch("/api/basemap?zoom=" + Math.max(0, Math.min(22, Math.round(map.getZoom()))) + "&bbox=" + box.join(","),
            {headers: {"Accept": "application/geo+json"}, signal: pending.signal})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(draw)
        .catch(function () { /* the data layers still show; nothing more to do */ });
    }

    function label(feature, at) {
      var text = document.createElement("span");
      text.className = "kk-ctx-text";
      text.textContent = feature.properties.name;
      return L.marker(at, {pane: "kkContext", interactive: false, keyboard: false,
        icon: L.divIcon({className: "kk-ctx-label kk-ctx-" + feature.properties.kind, html: text, iconSize: null})});
    }

    function draw(data) {
      if (!data) { return; }
      var next = L.geoJSON(data, {
        pane: "kkContext",
        interactive: false,
        style: function (f) {
          var kind = f.properties.kind;
          return {color: "#555", weight: WEIGHT[kind] || 1, opacity: 0.8, dashArray: DASH[kind] || null, fill: false};
        },
        pointToLayer: function (f, at) {
          if (f.properties.role === "label") { return label(f, at); }
          return L.circleMarker(at, {pane: "kkContext", radius: 2.5, color: "#444", weight: 1,
                                     fillColor: "#fff", fillOpacity: 1, interactive: false});
        }
      });
      if (drawn) { map.removeLayer(drawn); }
      drawn = next.addTo(map);
    }

    if (opts.always || tileLayers(map).length === 0) {
      start();
    } else {
      tileLayers(map).forEach(function (layer) { layer.once("tileerror", start); });
    }
  };
})();

/* Kvarterkort vector tiles (mapping/vector_tiles.py): one map layer drawn from /tiles/... with
 * the vendored Leaflet.VectorGrid, styled by fixed colours per category or by a small lookup
 * embedded in the page (the ranking choropleth: {code: [fill, rank text, ...]}), with popups
 * and tooltips built from a template.
 *
 * Templates are HTML written by the server with every static text already escaped; their
 * placeholders are filled here:  {p.name} a tile property, escaped;  {u.code} a tile property
 * as a URL component, escaped;  {l.rank} a column of the feature's lookup row (escaped by the
 * server);  {t.category} the server's (escaped) label of a property's value, else the value
 * escaped. Nothing from a tile reaches the page unescaped. Aggregated points (property
 * point_count > 1, at low zoom) are drawn larger by their count and zoom in when clicked. */
(function () {
  "use strict";
  var KK = window.KK = window.KK || {};
  var PANE = "kkTiles";

  function esc(value) {
    return String(value === undefined || value === null ? "" : value)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;").replace(/`/g, "&#96;");
  }

  function rowOf(spec, props) {
    var lookup = spec.lookup;
    if (!lookup) { return null; }
    var row = lookup.rows[String(props[lookup.key])];
    if (!row) { return null; }
    var named = {};
    lookup.columns.forEach(function (column, i) { named[column] = row[i]; });
    return named;
  }

  function fill(template, spec, props, row) {
    return template.replace(/\{([plut])\.([A-Za-z_][\w]*)\}/g, function (_m, kind, name) {
      if (kind === "p") { return esc(props[name]); }
      if (kind === "u") { return esc(encodeURIComponent(String(props[name] === undefined ? "" : props[name]))); }
      if (kind === "l") { return row && row[name] !== undefined && row[name] !== null ? String(row[name]) : ""; }
      var labels = (spec.labels || {})[name] || {};
      var value = props[name];
      return Object.prototype.hasOwnProperty.call(labels, value) ? labels[value] : esc(value);
    });
  }

  function count(props) {
    var n = +props.point_count;
    return n > 1 ? n : 1;
  }

  function styleOf(spec) {
    return function (props) {
      var row = rowOf(spec, props);
      if (spec.lookup && spec.lookup.only && !row) { return []; }
      var style = L.extend({}, spec.style);
      if (spec.by && spec.by.values[props[spec.by.property]]) {
        L.extend(style, spec.by.values[props[spec.by.property]]);
      }
      if (row && spec.lookup.fill) { style.fillColor = row[spec.lookup.fill]; }
      if (row && spec.lookup.variant && spec.variants) {
        L.extend(style, spec.variants[+row[spec.lookup.variant] || 0] || {});
      }
      if (spec.points) {
        var n = count(props);
        style.radius = (spec.style.radius || 5) + (n > 1 ? Math.min(14, 2 * Math.log2(n)) : 0);
      }
      return style;
    };
  }

  function aggregateText(spec, props) {
    return esc((spec.aggregate || "{n}").replace("{n}", count(props)));
  }

  function bindEvents(map, layer, spec) {
    var tip = L.tooltip({sticky: true, direction: "top", offset: [0, -6]});
    layer.on("click", function (e) {
      var props = e.layer.properties || {};
      L.DomEvent.stop(e);
      if (spec.points && count(props) > 1) {
        map.setView(e.latlng, Math.min(map.getZoom() + 2, map.getMaxZoom()));
        return;
      }
      if (!spec.popup) { return; }
      L.popup({maxWidth: 320}).setLatLng(e.latlng)
        .setContent(fill(spec.popup, spec, props, rowOf(spec, props))).openOn(map);
    });
    if (!spec.tooltip) { return; }
    layer.on("mouseover", function (e) {
      var props = e.layer.properties || {};
      var text = spec.points && count(props) > 1 ? aggregateText(spec, props)
        : fill(spec.tooltip, spec, props, rowOf(spec, props));
      tip.setLatLng(e.latlng).setContent(text).openOn(map);
    });
    layer.on("mousemove", function (e) { tip.setLatLng(e.latlng); });
    layer.on("mouseout", function () { map.closeTooltip(tip); });
  }

  // VectorGrid's points are CircleMarkers without a position of their own; Leaflet then reads
  // that missing position for every click. Without getLatLng it takes the pointer's instead.
  var Grid = L.VectorGrid.Protobuf.extend({
    _createLayer: function (feat, pxPerExtent, layerStyle) {
      var layer = L.VectorGrid.Protobuf.prototype._createLayer.call(this, feat, pxPerExtent, layerStyle);
      if (feat.type === 1) { layer.getLatLng = null; }
      return layer;
    }
  });

  KK.vectorTiles = function (map, spec) {
    if (!map.getPane(PANE)) {
      map.createPane(PANE).style.zIndex = 390;  // above the context basemap, below markers
    }
    var layer = new Grid(spec.url, {
      pane: PANE,
      interactive: Boolean(spec.popup || spec.tooltip || spec.points),
      attribution: spec.attribution || "",
      maxNativeZoom: 20,
      vectorTileLayerStyles: (function () { var s = {}; s[spec.layer] = styleOf(spec); return s; })()
    });
    bindEvents(map, layer, spec);
    layer.on("load", function () {
      map.getContainer().dataset.kkTiles = "loaded";  // for tests and benchmarks
    });
    return layer;
  };
})();

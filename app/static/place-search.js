/* Kvarterkort place search: a Leaflet control on every map (mapping/place_search.py).
 * A labelled combobox input; results in a listbox (arrow keys move, Enter chooses, Escape
 * closes) announced through an aria-live status. Choosing a result pans/zooms the map, shows a
 * marker and, inside a page's iframe, tells the page (the asset form places the asset there).
 * Names from the database are only ever inserted with textContent, never as HTML. */
(function () {
  "use strict";
  var KK = window.KK = window.KK || {};
  var counter = 0;

  function words(labels) {
    var lang = (document.documentElement.lang || "da").slice(0, 2);
    return labels[lang] || labels.da || {};
  }

  function fill(text, values) {
    return String(text || "").replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  function el(tag, cls, parent) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  KK.placeSearch = function (map, labels) {
    var T = words(labels);
    var n = ++counter;
    var results = [], active = -1, timer = null, pending = null, marker = null;
    var control = L.control({position: "topright"});

    control.onAdd = function () {
      var box = el("div", "kk-place-search leaflet-bar");
      var label = el("label", "kk-ps-label", box);
      label.htmlFor = "kk-ps-input-" + n;
      label.textContent = T.label;
      var input = el("input", "kk-ps-input", box);
      input.id = label.htmlFor; input.type = "search"; input.autocomplete = "off";
      input.placeholder = T.placeholder || "";
      input.setAttribute("role", "combobox");
      input.setAttribute("aria-autocomplete", "list");
      input.setAttribute("aria-expanded", "false");
      input.setAttribute("aria-controls", "kk-ps-list-" + n);
      var list = el("ul", "kk-ps-list", box);
      list.id = "kk-ps-list-" + n; list.hidden = true;
      list.setAttribute("role", "listbox");
      list.setAttribute("aria-label", T.label);
      var status = el("p", "kk-ps-status", box);
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      wire(input, list, status);
      return box;
    };

    function wire(input, list, status) {
      function close() {
        list.hidden = true; list.textContent = ""; results = []; active = -1;
        input.setAttribute("aria-expanded", "false");
        input.removeAttribute("aria-activedescendant");
      }
      function highlight(i) {
        active = i;
        Array.prototype.forEach.call(list.children, function (li, j) {
          li.setAttribute("aria-selected", j === i ? "true" : "false");
        });
        if (i >= 0) {
          input.setAttribute("aria-activedescendant", list.children[i].id);
          list.children[i].scrollIntoView({block: "nearest"});
        }
      }
      function show(rows) {
        close();
        results = rows;
        if (!rows.length) { status.textContent = T.none; return; }
        rows.forEach(function (row, i) {
          var li = el("li", "kk-ps-option", list);
          li.id = "kk-ps-" + n + "-" + i;
          li.setAttribute("role", "option");
          li.setAttribute("aria-selected", "false");
          el("span", "kk-ps-name", li).textContent = row.name;
          el("span", "kk-ps-kind", li).textContent = T["kind." + row.kind] || row.kind;
          li.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
          li.addEventListener("click", function () { choose(i); });
        });
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = rows.length === 1 ? T.one_result : fill(T.results, {n: rows.length});
      }
      function choose(i) {
        var row = results[i];
        if (!row) { return; }
        close();
        input.value = row.name;
        place(row);
        status.textContent = fill(T.chosen, {name: row.name});
      }
      function search(chooseFirst) {
        var q = input.value.trim();
        if (pending) { pending.abort(); pending = null; }
        if (q.length < 2) { close(); status.textContent = ""; return; }
        pending = new AbortController();
        fetch("/api/places?limit=10&q=" + encodeURIComponent(q.slice(0, 100)),
              {headers: {"Accept": "application/json"}, signal: pending.signal})
          .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
          .then(function (rows) { pending = null; show(rows); if (chooseFirst) { choose(0); } })
          .catch(function (err) { if (err.name !== "AbortError") { close(); status.textContent = T.error; } });
      }
      function cancel() { clearTimeout(timer); if (pending) { pending.abort(); pending = null; } }
      input.addEventListener("input", function () {
        cancel(); close();  // the shown list answers the old text: never choose from it
        timer = setTimeout(search, 200);
      });
      input.addEventListener("keydown", function (ev) {
        ev.stopPropagation();
        if (ev.key === "ArrowDown" && results.length) {
          ev.preventDefault(); highlight(active < results.length - 1 ? active + 1 : 0);
        } else if (ev.key === "ArrowUp" && results.length) {
          ev.preventDefault(); highlight(active > 0 ? active - 1 : results.length - 1);
        } else if (ev.key === "Enter") {
          ev.preventDefault();
          if (results.length) { choose(active >= 0 ? active : 0); }
          else { cancel(); search(true); }  // typed and pressed Enter at once: search, then go
        } else if (ev.key === "Escape") {
          if (!list.hidden) { ev.preventDefault(); close(); status.textContent = ""; }
        }
      });
      input.addEventListener("blur", function () { setTimeout(function () { cancel(); close(); }, 150); });
    }

    function place(row) {
      var at = L.latLng(row.lat, row.lon);
      if (row.bbox) {
        map.fitBounds([[row.bbox[1], row.bbox[0]], [row.bbox[3], row.bbox[2]]], {maxZoom: 16});
      } else {
        map.setView(at, Math.max(map.getZoom(), 17));
      }
      var title = fill(T.marker, {name: row.name});
      if (marker) { marker.setLatLng(at); } else { marker = L.marker(at, {title: title, alt: title, keyboard: false}).addTo(map); }
      if (marker._icon) {  // a reused marker: every name on it is the new place's
        marker._icon.setAttribute("aria-label", title);
        marker._icon.title = title; marker._icon.alt = title;
      }
      if (window.parent !== window) {
        window.parent.postMessage({type: "kk-place", lat: row.lat, lon: row.lon, name: row.name},
                                  window.location.origin);
      }
    }

    control.addTo(map);
    return control;
  };
})();

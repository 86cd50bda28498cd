/* Kvarterkort asset map: the bridge between Folium maps (iframes) and the pages around them.
 * Works without this script too (typed coordinates, plain forms); with it, a map click fills the
 * location, the duplicate hint appears as you type, and the public map's URL keeps its view.
 * User-written text is only ever inserted with textContent, never as HTML. */
(function () {
  "use strict";
  var origin = window.location.origin;
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function debounce(fn, ms) {
    var timer = null;
    return function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }

  /* --- the add/edit form: picker map, keyboard alternatives, duplicate hint --- */
  function setupForm(form) {
    var lat = document.getElementById("f-lat");
    var lon = document.getElementById("f-lon");
    var picker = document.getElementById("picker");
    var status = document.getElementById("location-status");
    var category = document.getElementById("f-category");
    var sub = document.getElementById("f-subcategory");
    var title = document.getElementById("f-title");
    var similar = document.getElementById("similar");
    if (!lat || !lon || !picker) { return; }

    function tell(message) { if (picker.contentWindow) { picker.contentWindow.postMessage(message, origin); } }
    function announce(text) { if (status) { status.textContent = text; } }
    function setPoint(la, lo) {
      lat.value = Number(la).toFixed(6); lon.value = Number(lo).toFixed(6);
      announce((status && status.dataset.picked || "") + " " + lat.value + ", " + lon.value);
      lookup();
    }
    window.addEventListener("message", function (ev) {
      if (ev.origin !== origin || !ev.data || ev.source !== picker.contentWindow) { return; }
      if (ev.data.type === "kk-pick") { setPoint(ev.data.lat, ev.data.lon); }
      if (ev.data.type === "kk-place") {  /* a place chosen in the map's search box */
        setPoint(ev.data.lat, ev.data.lon); tell({type: "kk-set", lat: ev.data.lat, lon: ev.data.lon});
      }
    });
    function typed() {
      var la = parseFloat(lat.value.replace(",", ".")), lo = parseFloat(lon.value.replace(",", "."));
      if (isFinite(la) && isFinite(lo)) { tell({type: "kk-set", lat: la, lon: lo}); lookup(); }
    }
    lat.addEventListener("change", typed); lon.addEventListener("change", typed);
    document.getElementById("use-centre").addEventListener("click", function () { tell({type: "kk-centre"}); });
    document.getElementById("use-location").addEventListener("click", function () {
      if (!navigator.geolocation) { announce(status.dataset.denied); return; }
      navigator.geolocation.getCurrentPosition(function (pos) {
        setPoint(pos.coords.latitude, pos.coords.longitude);
        tell({type: "kk-set", lat: pos.coords.latitude, lon: pos.coords.longitude});
      }, function () { announce(status.dataset.denied); });
    });

    function filterSubs() {
      if (!category || !sub) { return; }
      Array.prototype.forEach.call(sub.querySelectorAll("optgroup"), function (group) {
        var show = !category.value || group.dataset.category === category.value;
        group.hidden = !show; group.disabled = !show;
      });
      var chosen = sub.options[sub.selectedIndex];
      if (chosen && chosen.parentNode.disabled) { sub.value = ""; }
    }
    if (category) { category.addEventListener("change", function () { filterSubs(); lookup(); }); filterSubs(); }

    var lookup = debounce(function () {
      if (!similar) { return; }
      var params = new URLSearchParams();
      if (lat.value && lon.value) { params.set("lat", lat.value); params.set("lon", lon.value); }
      if (category && category.value) { params.set("category", category.value); }
      if (title && title.value.trim().length >= 3) { params.set("title", title.value.trim()); }
      if (!params.has("lat") && !params.has("title")) { similar.hidden = true; return; }
      fetch("/api/assets/similar?" + params.toString(), {headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (rows) { showSimilar(rows); })
        .catch(function () { similar.hidden = true; });
    }, 350);
    if (title) { title.addEventListener("input", lookup); }

    function showSimilar(rows) {
      similar.textContent = "";
      if (!rows.length) { similar.hidden = true; return; }
      var heading = document.createElement("h2");
      heading.textContent = form.dataset.similarTitle;
      similar.appendChild(heading);
      var list = document.createElement("ul");
      rows.forEach(function (row) { list.appendChild(similarItem(row)); });
      similar.appendChild(list);
      similar.hidden = false;
    }
    function similarItem(row) {
      var li = document.createElement("li");
      li.dataset.testid = "similar-item";
      var link = document.createElement("a");
      link.href = row.url; link.target = "_blank"; link.textContent = row.title;
      li.appendChild(link);
      var meta = " · " + row.category_label + (row.distance_m !== null && row.distance_m !== undefined
        ? " · " + Math.round(row.distance_m) + " m " + (form.dataset.away || "") : "");
      li.appendChild(document.createTextNode(meta + " "));
      var button = document.createElement("button");
      button.type = "button"; button.className = "kk-secondary"; button.textContent = form.dataset.endorse;
      button.addEventListener("click", function () { endorse(row.id, li, button); });
      li.appendChild(button);
      return li;
    }
    function endorse(id, li, button) {
      button.disabled = true;
      fetch("/api/assets/" + id + "/endorse", {method: "POST", headers: {"X-CSRF-Token": csrf}})
        .then(function (r) {
          if (!r.ok) { throw new Error(String(r.status)); }
          var done = document.createElement("strong");
          done.textContent = " " + form.dataset.endorsed;
          li.appendChild(done);
        })
        .catch(function () { button.disabled = false; });
    }
    if (lat.value && lon.value) { lookup(); }
  }

  /* --- the public map: keep the view in the URL, the share link and the embed code --- */
  function setupPublicMap(frame) {
    var share = document.getElementById("share-url");
    var embed = document.getElementById("embed-code");
    window.addEventListener("message", function (ev) {
      if (ev.origin !== origin || !ev.data || ev.data.type !== "kk-view" || ev.source !== frame.contentWindow) { return; }
      var url = new URL(window.location.href);
      url.searchParams.set("lat", ev.data.lat); url.searchParams.set("lon", ev.data.lon);
      url.searchParams.set("zoom", ev.data.zoom);
      window.history.replaceState(null, "", url.toString());
      if (share) { share.value = url.toString(); }
      if (embed) {
        var src = new URL(embed.dataset.base);
        ["lat", "lon", "zoom"].forEach(function (k) { src.searchParams.set(k, url.searchParams.get(k)); });
        embed.value = embed.value.replace(/src="[^"]*"/, 'src="' + src.toString().replace(/"/g, "&quot;") + '"');
      }
    });
  }

  function setupQueue() {
    var all = document.getElementById("select-all");
    if (!all) { return; }
    all.addEventListener("change", function () {
      Array.prototype.forEach.call(document.querySelectorAll('input[name="ids"]'), function (box) { box.checked = all.checked; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("asset-form");
    if (form) { setupForm(form); }
    var map = document.getElementById("asset-map");
    if (map) { setupPublicMap(map); }
    setupQueue();
    var summary = document.getElementById("refusal") || document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
})();

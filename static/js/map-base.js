// What every map starts from (an enhancement: each page works without it). Settings and texts come from
// the container's data attributes (templates/_macros/map.html): the background tiles; the district
// boundaries as a vector layer, which needs no tile server; and a short notice in the map when the
// tiles do not load (a network that blocks the tile server, an outage), instead of a silent grey box.
(function () {
  "use strict";
  if (typeof L === "undefined") {
    return;
  }
  // The tile server is taken to be out of reach after this many failed tiles with none loaded in
  // between, or when no tile at all has loaded after this long (a server that never answers).
  var FAILED_TILES = 3;
  var PATIENCE_MS = 10000;
  var DISTRICT_STYLE = { color: "#00406b", weight: 2, opacity: 0.9, fillColor: "#00406b", fillOpacity: 0.06 };

  function noticeBox(map) {
    var box = L.DomUtil.create("p", "map-notice");
    // In the page from the start and empty, so screen readers announce the text when it is filled in.
    box.setAttribute("role", "status");
    L.DomEvent.disableClickPropagation(box);
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () { return box; };
    control.addTo(map);
    return box;
  }

  function districtLayer(map) {
    return L.geoJSON(null, {
      style: function () { return DISTRICT_STYLE; },
      onEachFeature: function (feature, path) {
        var label = document.createElement("span");
        label.textContent = feature.properties.name;  // a name is text, never HTML
        path.bindTooltip(label, { sticky: true });
      }
    }).addTo(map);
  }

  function loadDistricts(layer, url) {
    if (!url || !window.fetch) {
      return Promise.resolve(layer);
    }
    return fetch(url, { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && data.features && data.features.length) { layer.addData(data); }
        return layer;
      })
      .catch(function () { return layer; });
  }

  function watchTiles(tiles, onChange) {
    var failedSinceLoad = 0;
    var loadedOnce = false;
    tiles.on("tileload", function () {
      loadedOnce = true;
      failedSinceLoad = 0;
      onChange(false);
    });
    tiles.on("tileerror", function () {
      failedSinceLoad += 1;
      if (failedSinceLoad >= FAILED_TILES) { onChange(true); }
    });
    setTimeout(function () { if (!loadedOnce) { onChange(true); } }, PATIENCE_MS);
  }

  // A map in `container`, with tiles, the districts and the notice: { map, districts, districtsReady }.
  function create(container) {
    var data = container.dataset;
    var center = data.center.split(",").map(Number);
    var map = L.map(container).setView(center, Number(data.zoom) || 13);
    var notice = noticeBox(map);
    var districts = districtLayer(map);
    var tilesDown = false;

    function tell() {
      var drawn = districts.getLayers().length > 0;
      notice.textContent = tilesDown ? (drawn ? data.tilesFailedDistricts : data.tilesFailed) : "";
    }

    if (data.tileUrl) {  // an empty MAP_TILE_URL: no background, the districts alone
      var tiles = L.tileLayer(data.tileUrl, { maxZoom: Number(data.tileMaxZoom) || 19, attribution: data.tileAttribution });
      watchTiles(tiles, function (down) {
        tilesDown = down;
        tell();
      });
      tiles.addTo(map);
    }
    var districtsReady = loadDistricts(districts, data.districtsUrl).then(function (layer) {
      tell();
      return layer;
    });
    return { map: map, districts: districts, districtsReady: districtsReady };
  }

  window.StadslabMap = { create: create };
})();

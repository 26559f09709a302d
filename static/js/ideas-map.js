// The idea map: an enhancement of the idea list, which works without it.
// Data comes from the GeoJSON feed named in data-geojson-url; no inline script is needed.
// Needs map-base.js (loaded before it) for the map itself.
(function () {
  "use strict";
  var container = document.querySelector(".idea-map");
  if (!container || !window.StadslabMap || !window.fetch) {
    return;
  }
  container.hidden = false;
  var map = window.StadslabMap.create(container).map;  // tiles, district boundaries, the notice (map-base.js)
  var group = typeof L.markerClusterGroup === "function" ? L.markerClusterGroup() : L.featureGroup();
  group.addTo(map);

  function popup(properties) {
    // Built from DOM nodes with textContent: titles typed by people never become HTML.
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.title;
    var meta = document.createElement("p");
    meta.textContent = properties.status + " · " + properties.supports + " ♥";
    box.appendChild(link);
    box.appendChild(meta);
    return box;
  }

  fetch(container.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" } })
    .then(function (response) { return response.ok ? response.json() : { features: [] }; })
    .then(function (data) {
      data.features.forEach(function (feature) {
        var c = feature.geometry.coordinates;
        L.marker([c[1], c[0]], { title: feature.properties.title, alt: feature.properties.title })
          .bindPopup(popup(feature.properties))
          .addTo(group);
      });
      if (data.features.length && group.getBounds) {
        map.fitBounds(group.getBounds(), { maxZoom: 16, padding: [20, 20] });
      }
    })
    .catch(function () { container.hidden = true; });
})();

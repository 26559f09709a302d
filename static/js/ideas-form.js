// Enhancements of the idea form; without them the district choice and the coordinates fields suffice.
(function () {
  "use strict";

  // 1. Pick a location by clicking the map: fills the latitude and longitude fields.
  var mapBox = document.querySelector(".location-map");
  var lat = document.getElementById("latitude");
  var lng = document.getElementById("longitude");
  if (mapBox && lat && lng && window.StadslabMap) {
    mapBox.hidden = false;
    var map = window.StadslabMap.create(mapBox).map;  // tiles, district boundaries, the notice (map-base.js)
    var marker = null;
    var place = function (latlng) {
      if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
    };
    if (lat.value && lng.value) {
      place([Number(lat.value), Number(lng.value)]);
      map.setView([Number(lat.value), Number(lng.value)], 16);
    }
    map.on("click", function (event) {
      place(event.latlng);
      lat.value = event.latlng.lat.toFixed(6);
      lng.value = event.latlng.lng.toFixed(6);
    });
  }

  // 2. While typing a title, show similar ideas so people can support instead of duplicating.
  var similarBox = document.querySelector(".similar-live");
  var title = document.getElementById("title");
  if (similarBox && title && window.fetch) {
    var timer = null;
    var look = function () {
      var text = title.value.trim();
      if (text.length < 5) { similarBox.hidden = true; return; }
      var url = similarBox.dataset.similarUrl + "?q=" + encodeURIComponent(text);
      fetch(url).then(function (r) { return r.ok ? r.json() : []; }).then(function (ideas) {
        similarBox.textContent = "";
        if (!ideas.length) { similarBox.hidden = true; return; }
        var heading = document.createElement("p");
        heading.textContent = similarBox.dataset.heading;
        var list = document.createElement("ul");
        ideas.forEach(function (idea) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = idea.url;
          link.textContent = idea.title;
          item.appendChild(link);
          list.appendChild(item);
        });
        similarBox.appendChild(heading);
        similarBox.appendChild(list);
        similarBox.hidden = false;
      }).catch(function () { similarBox.hidden = true; });
    };
    title.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(look, 400);
    });
  }
})();

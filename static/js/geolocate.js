// "Use my location": asks the browser (with the visitor's consent) and sorts results by distance.
(function () {
  "use strict";
  var button = document.querySelector("[data-geolocate]");
  if (!button || !navigator.geolocation) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(function (pos) {
      var params = new URLSearchParams(window.location.search);
      params.set("lat", pos.coords.latitude.toFixed(4));  // ~10 m is plenty, and kinder to privacy
      params.set("lon", pos.coords.longitude.toFixed(4));
      params.set("sort", "distance");
      params.delete("near");
      params.delete("page");
      window.location.search = params.toString();
    }, function () { button.disabled = false; }, { timeout: 10000, maximumAge: 600000 });
  });
})();

// "Use my location": asks the browser (with the visitor's consent) and sorts results by
// distance. Whatever the browser answers is said next to the button: a refusal changes nothing
// and says so, instead of leaving the visitor wondering.
(function () {
  "use strict";
  var button = document.querySelector("[data-geolocate]");
  var status = document.querySelector("[data-geolocate-status]");
  if (!button || !navigator.geolocation) return;
  button.hidden = false;

  function say(key) {
    if (status) status.textContent = status.dataset[key] || "";
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    say("waiting");
    navigator.geolocation.getCurrentPosition(function (pos) {
      var params = new URLSearchParams(window.location.search);
      params.set("lat", pos.coords.latitude.toFixed(4));  // ~10 m is plenty, and kinder to privacy
      params.set("lon", pos.coords.longitude.toFixed(4));
      params.set("sort", "distance");
      params.delete("near");
      params.delete("page");
      window.location.search = params.toString();
    }, function (error) {
      button.disabled = false;
      say(error && error.code === 1 ? "denied" : "unavailable");  // 1: PERMISSION_DENIED
    }, { timeout: 10000, maximumAge: 600000 });
  });
})();

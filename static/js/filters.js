// The filter panel on narrow screens: results come first; "Filters (n)" opens the panel in
// place. Without JavaScript the same link still works (the panel shows as the page's :target).
(function () {
  "use strict";
  var toggle = document.querySelector("[data-filters-toggle]");
  var panel = document.getElementById("filters");
  if (!toggle || !panel) return;
  var closer = panel.querySelector("[data-filters-close]");
  toggle.setAttribute("role", "button");
  toggle.setAttribute("aria-expanded", "false");

  function setOpen(open) {
    panel.classList.toggle("is-open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      panel.focus();
    } else {
      toggle.focus();
    }
  }

  toggle.addEventListener("click", function (event) {
    event.preventDefault();
    setOpen(!panel.classList.contains("is-open"));
  });
  if (closer) {
    closer.addEventListener("click", function (event) {
      event.preventDefault();
      setOpen(false);
    });
  }
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && panel.classList.contains("is-open")) setOpen(false);
  });
})();

// Suggestions as you type: a progressive enhancement of the plain search form.
(function () {
  "use strict";
  var form = document.querySelector("form[data-suggest]");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[type=search]");
  var list = document.createElement("ul");
  list.className = "suggestions";
  list.id = "q-suggestions";
  list.hidden = true;
  list.setAttribute("role", "listbox");
  form.appendChild(list);
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-autocomplete", "list");
  var timer = null;
  var last = "";

  function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); }

  function show(items) {
    list.textContent = "";
    items.forEach(function (text) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      var a = document.createElement("a");
      a.href = form.action + "?q=" + encodeURIComponent(text);
      a.textContent = text;  // textContent: suggestions are data, never markup
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
  }

  input.addEventListener("input", function () {
    var q = input.value.trim();
    clearTimeout(timer);
    if (!q) { close(); return; }
    timer = setTimeout(function () {
      if (q === last) return;
      last = q;
      fetch(form.dataset.suggest + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) { if (input.value.trim() === q) show(data.suggestions || []); })
        .catch(close);
    }, 150);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") close();
    if (e.key === "ArrowDown" && !list.hidden) { e.preventDefault(); list.querySelector("a").focus(); }
  });
  list.addEventListener("keydown", function (e) {
    var current = document.activeElement.parentElement;
    if (e.key === "ArrowDown" && current.nextElementSibling) { e.preventDefault(); current.nextElementSibling.firstChild.focus(); }
    if (e.key === "ArrowUp") { e.preventDefault(); (current.previousElementSibling ? current.previousElementSibling.firstChild : input).focus(); }
    if (e.key === "Escape") { close(); input.focus(); }
  });
  document.addEventListener("click", function (e) { if (!form.contains(e.target)) close(); });
})();

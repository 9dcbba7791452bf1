// Autocomplete for every search box with data-suggest: GET <data-suggest>?q=<text>&limit=8 answers
// {"results": [{"iri", "url", "kind", "label", "label_en", "code"}]}. Without that service (or
// without JavaScript) the box is a plain form to /search.
(function () {
  "use strict";
  function attach(input) {
    var list = document.createElement("ul");
    list.className = "mskg-suggestions";
    list.hidden = true;
    input.parentNode.appendChild(list);
    var pending = null, active = -1;
    function close() { list.hidden = true; list.innerHTML = ""; active = -1; }
    function show(results) {
      list.innerHTML = "";
      results.forEach(function (r) {
        var item = document.createElement("li"), link = document.createElement("a");
        link.href = r.url || r.iri;
        link.textContent = r.label || r.iri;
        var extra = [r.label_en, r.code, r.kind].filter(Boolean).join(" · ");
        if (extra) { var small = document.createElement("small"); small.textContent = extra; link.appendChild(small); }
        item.appendChild(link);
        list.appendChild(item);
      });
      list.hidden = results.length === 0;
      active = -1;
    }
    input.addEventListener("input", function () {
      var text = input.value.trim();
      if (pending) { pending.abort(); }
      if (!text) { close(); return; }
      pending = new AbortController();
      var url = input.dataset.suggest + "?q=" + encodeURIComponent(text) + "&limit=8";
      fetch(url, { signal: pending.signal, headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { show((data && data.results) || []); })
        .catch(function () { /* no suggestions: the form still searches */ });
    });
    input.addEventListener("keydown", function (event) {
      var links = list.querySelectorAll("a");
      if (list.hidden || !links.length) { return; }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        active = (active + (event.key === "ArrowDown" ? 1 : links.length - 1)) % links.length;
        links.forEach(function (a, i) { a.classList.toggle("active", i === active); });
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = links[active].href;
      } else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 200); });
  }
  document.querySelectorAll("input[data-suggest]").forEach(attach);
})();

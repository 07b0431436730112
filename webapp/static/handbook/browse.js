// Catalogue browser: filter the listed entries as the user types (no inline scripts: CSP script-src 'self').
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var input = document.getElementById("hb-filter");
    if (!input) { return; }
    var root = document.querySelector(input.getAttribute("data-filter-target"));
    if (!root) { return; }
    var rows = Array.prototype.slice.call(root.querySelectorAll("tr[data-filter-text]"));
    var sections = Array.prototype.slice.call(root.querySelectorAll("section"));
    input.addEventListener("input", function () {
      var words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      rows.forEach(function (tr) {
        var text = tr.getAttribute("data-filter-text").toLowerCase();
        tr.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
      });
      sections.forEach(function (sec) {
        sec.hidden = !sec.querySelector("tr[data-filter-text]:not([hidden])");
      });
    });
  });
})();

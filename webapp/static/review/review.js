// 引用审核 page: click (or Enter on) a marked citation, or a row of the table, to show its detail panel.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var doc = document.getElementById("rv-doc");
    if (!doc) { return; }
    var hint = document.getElementById("rv-hint");
    var current = null;

    function show(i, scrollDoc) {
      var panel = document.getElementById("rv-d-" + i);
      if (!panel) { return; }
      document.querySelectorAll(".rv-detail").forEach(function (p) { p.hidden = true; });
      document.querySelectorAll("mark.cite.rv-active, .rv-row.rv-active").forEach(function (el) {
        el.classList.remove("rv-active");
      });
      panel.hidden = false;
      if (hint) { hint.hidden = true; }
      var mark = doc.querySelector('mark.cite[data-i="' + i + '"]');
      if (mark) {
        mark.classList.add("rv-active");
        if (scrollDoc) { mark.scrollIntoView({ block: "center" }); }
      }
      var row = document.querySelector('.rv-row[data-i="' + i + '"]');
      if (row) { row.classList.add("rv-active"); }
      current = i;
      panel.focus({ preventScroll: !scrollDoc });
    }

    doc.addEventListener("click", function (ev) {
      var mark = ev.target.closest("mark[data-i]");
      if (mark) { show(mark.getAttribute("data-i"), false); }
    });
    doc.addEventListener("keydown", function (ev) {
      var mark = ev.target.closest("mark.cite[data-i]");
      if (mark && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); show(mark.getAttribute("data-i"), false); }
    });
    document.querySelectorAll("a.rv-open").forEach(function (a) {
      a.addEventListener("click", function (ev) { ev.preventDefault(); show(a.getAttribute("data-i"), true); });
    });
    // keyboard: n / p step through the citations that need attention
    document.addEventListener("keydown", function (ev) {
      if (ev.target.closest("input, textarea, select")) { return; }
      if (ev.key !== "n" && ev.key !== "p") { return; }
      var marks = Array.prototype.slice.call(doc.querySelectorAll("mark.cite:not(.st-ok)"));
      if (!marks.length) { return; }
      var idx = marks.findIndex(function (m) { return m.getAttribute("data-i") === current; });
      idx = ev.key === "n" ? (idx + 1) % marks.length : (idx <= 0 ? marks.length - 1 : idx - 1);
      show(marks[idx].getAttribute("data-i"), true);
    });
    var first = doc.querySelector("mark.cite:not(.st-ok)");
    if (first) { show(first.getAttribute("data-i"), false); }
  });
})();

// Discretion calculator: recompute through the JSON API whenever the form changes; the form itself still
// works without JavaScript (GET to the same page). Results are written with textContent only.
(function () {
  "use strict";
  function params(form) {
    var q = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "run" || el.disabled) { return; }
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) { return; }
      if (el.value === "") { return; }
      q.append(el.name, el.value);
    });
    return q;
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  function render(box, r) {
    box.textContent = "";
    box.appendChild(el("h2", "建议"));
    var dl = el("dl", null, "props");
    function row(label, value, field) {
      dl.appendChild(el("dt", label));
      var dd = el("dd", value);
      dd.setAttribute("data-field", field);
      dl.appendChild(dd);
      return dd;
    }
    row("裁量档次", r.level || "—", "level");
    row("结论", r.outcome + (r.adjustment ? "（" + r.adjustment + "）" : ""), "outcome");
    var fine = row("建议罚款", r.fine ? r.fine.text : "不罚款", "fine");
    if (r.level_fine && r.fine && r.level_fine.text !== r.fine.text) {
      fine.appendChild(el("span", "（档次幅度：" + r.level_fine.text + "）", "muted"));
    }
    row("其他处理", (r.sanctions || []).join("、") || "—", "sanctions");
    box.appendChild(dl);
    box.appendChild(el("h3", "决定书理由"));
    var reasons = el("div", null, "hb-quote");
    reasons.id = "hb-reasons";
    reasons.setAttribute("data-field", "reasons");
    (r.reasons || []).forEach(function (t) { reasons.appendChild(el("p", t)); });
    box.appendChild(reasons);
    var p = el("p");
    var copy = el("button", "复制理由", "button");
    copy.type = "button";
    copy.addEventListener("click", function () {
      var text = Array.prototype.map.call(reasons.querySelectorAll("p"), function (x) { return x.textContent; }).join("\n");
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { copy.textContent = "已复制"; });
      } else {
        var range = document.createRange(); range.selectNodeContents(reasons);
        var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        copy.textContent = "已选中，请按 Ctrl+C";
      }
    });
    p.appendChild(copy);
    box.appendChild(p);
    if (r.lenient && r.lenient.length) {
      box.appendChild(el("h3", "轻罚免罚清单"));
      var lu = el("ul", null, "hb-plain");
      lu.setAttribute("data-field", "lenient");
      r.lenient.forEach(function (a) {
        var state = a.qualifies ? "条件均已具备" : (a.failed.length ? "不符合：" + a.failed.join("；")
                                                   : "尚待核实：" + a.unknown.join("；"));
        var li = el("li");
        li.appendChild(el("strong", a.entry.cited));
        li.appendChild(document.createTextNode("（" + a.entry.kind + "）：" + state));
        lu.appendChild(li);
      });
      box.appendChild(lu);
    }
    if (r.warnings && r.warnings.length) {
      var ul = el("ul", null, "hb-warnings");
      ul.setAttribute("data-field", "warnings");
      r.warnings.forEach(function (w) { ul.appendChild(el("li", w, "hb-warn")); });
      box.appendChild(ul);
    }
    box.hidden = false;
  }
  function showError(box, message) {
    box.textContent = "";
    box.appendChild(el("h2", "建议"));
    var p = el("p", message, "form-error");
    p.setAttribute("role", "alert");
    box.appendChild(p);
    box.hidden = false;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("hb-calc");
    var box = document.getElementById("hb-result");
    if (!form || !box || !window.lawdesk) { return; }
    var pending = 0;
    function run() {
      var q = params(form);
      var my = ++pending;
      window.lawdesk.fetchJSON(form.getAttribute("data-api") + "?" + q.toString())
        .then(function (r) { if (my === pending) { render(box, r); } })
        .catch(function (err) { if (my === pending) { showError(box, err.message); } });
      if (window.history && window.history.replaceState) {
        q.append("run", "1");
        window.history.replaceState(null, "", form.getAttribute("action") + "?" + q.toString());
      }
    }
    form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
    form.addEventListener("change", run);
  });
})();

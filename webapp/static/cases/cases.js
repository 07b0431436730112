// Case wizard: live preview of unsaved edits, catalogue search through the handbook API, discretion calculator.
// Loaded as a file (CSP: no inline scripts); every request goes through lawdesk.fetchJSON (CSRF header).
(function () {
  "use strict";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function debounce(fn, ms) {
    var t = null;
    return function () { clearTimeout(t); t = setTimeout(fn, ms); };
  }

  // ---------------------------------------------------------------------------------------- live preview
  function setupPreview() {
    var form = document.getElementById("step-form");
    var select = document.getElementById("preview-form");
    var target = document.getElementById("preview-doc");
    var issues = document.getElementById("preview-issues");
    if (!form || !select || !target) { return; }
    var url = form.getAttribute("data-preview-url");
    var seq = 0;
    function refresh() {
      var data = new FormData(form);
      data.set("preview_form", select.value);
      var mine = ++seq;
      target.setAttribute("aria-busy", "true");
      window.lawdesk.fetchJSON(url, { method: "POST", body: data }).then(function (body) {
        if (mine !== seq) { return; }
        target.innerHTML = body.html;             // server-rendered, every value escaped
        issues.textContent = "";
        var ul = el("ul", "issues");
        (body.issues || []).forEach(function (i) {
          ul.appendChild(el("li", "issue issue-" + (i.level === "error" ? "error" : "warning"),
            (i.level === "error" ? "错误：" : "警告：") + i.message));
        });
        if (!body.issues || !body.issues.length) { ul.appendChild(el("li", "issue ok", "校验通过")); }
        issues.appendChild(ul);
      }).catch(function (err) {
        if (mine !== seq) { return; }
        issues.textContent = "";
        issues.appendChild(el("p", "issue issue-error", err.message));
      }).then(function () { target.removeAttribute("aria-busy"); });
    }
    var later = debounce(refresh, 500);
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    select.addEventListener("change", refresh);
    refresh();
  }

  // ---------------------------------------------------------------------------------------- catalogue search
  function setupSearch() {
    var form = document.getElementById("catalogue-search");
    var input = document.getElementById("catalogue-q");
    var box = document.getElementById("catalogue-results");
    if (!form || !input || !box) { return; }
    var api = form.getAttribute("data-api");
    var stepForm = document.getElementById("step-form");
    if (!api || !stepForm) { return; }
    var token = window.lawdesk.csrfToken();
    var seq = 0;
    function addForm(entry) {
      var f = el("form", "inline-form");
      f.method = "post";
      f.action = form.action;
      [["csrf_token", token], ["action", "add_catalogue"], ["entry", entry.id]].forEach(function (kv) {
        var h = document.createElement("input");
        h.type = "hidden"; h.name = kv[0]; h.value = kv[1];
        f.appendChild(h);
      });
      var b = el("button", "button small", "添加");
      b.type = "submit";
      b.appendChild(el("span", "visually-hidden", entry.name));
      f.appendChild(b);
      return f;
    }
    var search = debounce(function () {
      var q = input.value.trim();
      if (q.length < 2) { return; }
      var mine = ++seq;
      window.lawdesk.fetchJSON(api + "?q=" + encodeURIComponent(q)).then(function (body) {
        if (mine !== seq) { return; }
        box.textContent = "";
        var list = (body.entries || []).slice(0, 12);
        if (!list.length) { box.appendChild(el("p", "muted", "目录中没有找到“" + q + "”。")); return; }
        list.forEach(function (e) {
          var div = el("div", "result");
          var p = el("p");
          p.appendChild(el("strong", null, e.name));
          var refs = (e.violated || []).map(function (r) { return r.ref || r; }).join("、");
          var basis = (e.basis || []).map(function (r) { return r.ref || r; }).join("、");
          p.appendChild(el("span", "muted", " " + e.id + (refs ? " · 违反 " + refs : "") + (basis ? " · 依据 " + basis : "")));
          div.appendChild(p);
          div.appendChild(addForm(e));
          box.appendChild(div);
        });
      }).catch(function () { /* keep the server-side results; the GET form still works */ });
    }, 300);
    input.addEventListener("input", search);
  }

  // ---------------------------------------------------------------------------------------- calculator
  function setupCalc() {
    document.querySelectorAll(".calc-button").forEach(function (btn) {
      var url = btn.getAttribute("data-url");
      if (!url) { btn.hidden = true; return; }
      btn.addEventListener("click", function () {
        var i = btn.getAttribute("data-index");
        var out = document.getElementById("calc-result-" + i);
        var circ = [];
        document.querySelectorAll('input[name="v' + i + '.circumstances"]:checked').forEach(function (c) { circ.push(c.value); });
        var level = document.querySelector('[name="v' + i + '.level"]');
        var body = { circumstances: circ, level: level && level.value ? level.value : null,
                     party: btn.getAttribute("data-party") || "当事人" };   // 你单位 or the person's name, as the decision says
        out.textContent = "计算中…";
        window.lawdesk.fetchJSON(url, { method: "POST", body: JSON.stringify(body),
                                        headers: { "Content-Type": "application/json" } }).then(function (s) {
          out.textContent = "";
          out.appendChild(el("p", null, "建议：" + (s.level ? s.level + "，" : "") + (s.fine ? s.fine.text : "（无罚款幅度）") +
            (s.sanctions && s.sanctions.length ? "；" + s.sanctions.join("、") : "")));
          (s.warnings || []).forEach(function (w) { out.appendChild(el("p", "issue issue-warning", w)); });
          if (s.reasons && s.reasons.length && s.example) {
            // the handbook's levels are an example, not a published 裁量基准: never copied into a decision
            out.appendChild(el("p", null, "理由（示例）：" + s.reasons.join("")));
            out.appendChild(el("p", "issue issue-warning calc-example",
              "以上按处罚裁量手册的示例档次计算，不能写入告知书和决定书；本单位采用公布的裁量基准后，可直接采用其阶次和理由。"));
          } else if (s.reasons && s.reasons.length) {
            var use = el("button", "button", "采用裁量理由");
            use.type = "button";
            use.addEventListener("click", function () {
              var ta = document.querySelector('[name="v' + i + '.discretion_reason"]');
              if (ta) { ta.value = s.reasons.join(""); ta.dispatchEvent(new Event("input", { bubbles: true })); }
              if (s.level && level) { level.value = s.level; }
            });
            out.appendChild(el("p", null, "理由：" + s.reasons.join("")));
            out.appendChild(use);
          }
        }).catch(function (err) { out.textContent = err.message; });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupPreview();
    setupSearch();
    setupCalc();
  });
})();

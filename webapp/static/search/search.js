// Statute search pages: law-name suggestions (ARIA combobox), copy citation, scroll to a cited 款/项.
// Everything here is an enhancement: the forms, links and the citation text work without it.
(function () {
  "use strict";

  function getJSON(url) {
    if (window.lawdesk && window.lawdesk.fetchJSON) { return window.lawdesk.fetchJSON(url); }
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    });
  }

  // ------------------------------------------------------------------------------------ suggestions
  var uid = 0;

  function looksLikeName(text) {
    // a law name being typed: no digits, no 条/款/项 number, no spaces, not too long
    return text.length > 0 && text.length <= 30 && !/[0-9０-９\s]/.test(text) && !/第.*[条款项]/.test(text);
  }

  function Combo(input) {
    uid += 1;
    this.input = input;
    this.url = input.getAttribute("data-suggest");
    this.options = [];
    this.active = -1;
    this.timer = null;
    this.seq = 0;
    this.list = document.createElement("ul");
    this.list.id = "sp-listbox-" + uid;
    this.list.className = "sp-listbox";
    this.list.setAttribute("role", "listbox");
    this.list.setAttribute("aria-label", "法规名称提示");
    this.list.hidden = true;
    this.status = document.createElement("span");
    this.status.className = "visually-hidden";
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    input.parentNode.appendChild(this.list);
    input.parentNode.appendChild(this.status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.list.id);
    var self = this;
    input.addEventListener("input", function () { self.schedule(); });
    input.addEventListener("keydown", function (ev) { self.onKey(ev); });
    input.addEventListener("blur", function () { window.setTimeout(function () { self.close(); }, 150); });
    this.list.addEventListener("mousedown", function (ev) { ev.preventDefault(); });   // keep focus in the input
    this.list.addEventListener("click", function (ev) {
      var li = ev.target.closest("li[role=option]");
      if (li) { self.choose(Number(li.getAttribute("data-index"))); }
    });
  }

  Combo.prototype.schedule = function () {
    var self = this;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () { self.fetch(); }, 120);
  };

  Combo.prototype.fetch = function () {
    var text = this.input.value.trim().replace(/[《》]/g, "");
    if (!looksLikeName(text)) { this.close(); return; }
    var self = this;
    var seq = ++this.seq;
    getJSON(this.url + "?limit=8&q=" + encodeURIComponent(text)).then(function (body) {
      if (seq !== self.seq) { return; }                       // an older answer
      self.render((body && body.laws) || []);
    }).catch(function () { self.close(); });
  };

  Combo.prototype.render = function (laws) {
    var self = this;
    this.options = laws;
    this.active = -1;
    this.list.textContent = "";
    if (!laws.length || (laws.length === 1 && laws[0].title === this.input.value.trim())) { this.close(); return; }
    laws.forEach(function (law, i) {
      var li = document.createElement("li");
      li.id = self.list.id + "-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-index", String(i));
      var title = document.createElement("span");
      title.textContent = law.title;
      var meta = document.createElement("span");
      meta.className = "sp-opt-meta";
      meta.textContent = [law.level, law.region, law.repealed ? "已废止" : "", law.matched && law.matched !== law.title ? "（" + law.matched + "）" : ""]
        .filter(Boolean).join(" · ");
      li.appendChild(title);
      li.appendChild(meta);
      self.list.appendChild(li);
    });
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.status.textContent = "有 " + laws.length + " 个法规名称提示，可用上下方向键选择。";
  };

  Combo.prototype.close = function () {
    this.list.hidden = true;
    this.active = -1;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  };

  Combo.prototype.isOpen = function () { return !this.list.hidden; };

  Combo.prototype.move = function (delta) {
    if (!this.options.length) { return; }
    if (!this.isOpen()) { this.list.hidden = false; this.input.setAttribute("aria-expanded", "true"); }
    var n = this.options.length;
    this.active = this.active < 0 ? (delta > 0 ? 0 : n - 1) : (this.active + delta + n) % n;
    var items = this.list.querySelectorAll("li[role=option]");
    for (var i = 0; i < items.length; i++) {
      items[i].setAttribute("aria-selected", i === this.active ? "true" : "false");
    }
    var cur = items[this.active];
    this.input.setAttribute("aria-activedescendant", cur.id);
    if (cur.scrollIntoView) { cur.scrollIntoView({ block: "nearest" }); }
  };

  Combo.prototype.choose = function (i) {
    var law = this.options[i];
    if (!law) { return; }
    this.input.value = law.title;
    this.close();
    this.input.focus();
  };

  Combo.prototype.onKey = function (ev) {
    if (ev.key === "ArrowDown") { ev.preventDefault(); this.move(1); }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); this.move(-1); }
    else if (ev.key === "Enter") {
      if (this.isOpen() && this.active >= 0) { ev.preventDefault(); this.choose(this.active); }
      else { this.close(); }
    } else if (ev.key === "Escape") {
      if (this.isOpen()) { ev.preventDefault(); this.close(); }
    } else if (ev.key === "Tab") { this.close(); }
  };

  // ------------------------------------------------------------------------------------ copy citation
  function setupCopy() {
    var btn = document.getElementById("sp-copy");
    if (!btn) { return; }
    var target = document.querySelector(btn.getAttribute("data-copy-target"));
    var status = document.getElementById("sp-copy-status");
    if (!target) { return; }
    btn.hidden = false;
    function say(text) { if (status) { status.textContent = text; } }
    function selectText() {
      var range = document.createRange();
      range.selectNodeContents(target);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    }
    btn.addEventListener("click", function () {
      var text = target.textContent.trim();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { say("已复制：" + text); }, function () {
          selectText();
          say("无法直接复制，已选中引用文字，请按 Ctrl+C。");
        });
        return;
      }
      selectText();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      say(ok ? "已复制：" + text : "已选中引用文字，请按 Ctrl+C 复制。");
    });
  }

  // ------------------------------------------------------------------------------------ cited 款/项
  function showFocus() {
    var el = document.querySelector(".sp-text .sp-focus");
    if (el && !window.location.hash && el.scrollIntoView) { el.scrollIntoView({ block: "center" }); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-suggest]").forEach(function (input) { input.combo = new Combo(input); });
    setupCopy();
    showFocus();
  });
})();

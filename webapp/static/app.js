// lawdesk: small progressive enhancements. No inline scripts anywhere (CSP script-src 'self').
(function () {
  "use strict";
  function csrf() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute("content") : "";
  }
  // fetch wrapper for feature pages: same-origin, CSRF header, JSON errors → Error with the Chinese message
  window.lawdesk = {
    csrfToken: csrf,
    fetchJSON: function (url, options) {
      options = options || {};
      options.credentials = "same-origin";
      options.headers = Object.assign({ "Accept": "application/json", "X-CSRF-Token": csrf() }, options.headers || {});
      return fetch(url, options).then(function (resp) {
        return resp.json().catch(function () { return {}; }).then(function (body) {
          if (!resp.ok) {
            var msg = body && body.error ? body.error.message : "请求失败（" + resp.status + "）";
            var err = new Error(msg); err.status = resp.status; err.code = body && body.error && body.error.code;
            throw err;
          }
          return body;
        });
      });
    }
  };
  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById("site-nav");
    if (toggle && nav) {
      toggle.addEventListener("click", function () {
        var open = nav.classList.toggle("open");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (ev) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { ev.preventDefault(); }
      });
    });
    document.querySelectorAll("[data-copy]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var el = document.querySelector(btn.getAttribute("data-copy"));
        if (!el) { return; }
        var text = el.textContent.trim();
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(function () { btn.textContent = "已复制"; });
        } else {
          var range = document.createRange(); range.selectNodeContents(el);
          var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
          btn.textContent = "已选中，请按 Ctrl+C";
        }
      });
    });
  });
})();

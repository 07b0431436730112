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
  // the banner while the whole library is being indexed: its share follows /api/v1/library/status
  function followLibraryBuild(banner) {
    var url = banner.getAttribute("data-status-url");
    var share = banner.querySelector("[data-share]");
    var bar = banner.querySelector("progress");
    if (!url || !share) { return; }
    var timer = window.setInterval(function () {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (st) {
          if (!st) { return; }
          if (st.complete) {
            window.clearInterval(timer);
            banner.innerHTML = "";
            var p = document.createElement("p");
            p.textContent = "全库索引已建立完成：刷新页面后，检索和引用核对即覆盖整个法规库。";
            banner.appendChild(p);
            return;
          }
          if (!st.building) { window.clearInterval(timer); return; }
          var pct = Math.round((st.share || 0) * 100);
          share.textContent = String(pct);
          if (bar) { bar.value = pct; bar.textContent = pct + "%"; }
        })
        .catch(function () { /* keep the last figure */ });
    }, 5000);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var banner = document.querySelector(".library-banner[data-status-url]");
    if (banner) { followLibraryBuild(banner); }
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

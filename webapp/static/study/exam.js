// Study mode: the timed mock exam. Answers are saved as they change; at 0:00 the paper is submitted.
(function () {
  "use strict";

  function init(form) {
    var timer = document.getElementById("exam-timer");
    var answered = document.getElementById("exam-answered");
    var saved = document.getElementById("exam-saved");
    var errorBox = document.getElementById("exam-error");
    var bar = document.getElementById("exam-bar");
    var total = form.querySelectorAll("fieldset.question").length;
    var deadline = Date.now() + parseInt(timer.getAttribute("data-remaining"), 10) * 1000;
    var dirty = false, saving = false, finished = false, lastAnnounced = null;

    function answers() {
      var out = {};
      Array.prototype.slice.call(form.querySelectorAll("fieldset.question")).forEach(function (fs) {
        var chosen = Array.prototype.slice.call(fs.querySelectorAll("input:checked")).map(function (i) { return parseInt(i.value, 10); });
        if (chosen.length) { out[fs.getAttribute("data-qid")] = chosen; }
      });
      return out;
    }

    function count() {
      var n = Object.keys(answers()).length;
      answered.textContent = "已答 " + n + "/" + total;
    }

    function showError(msg) { errorBox.hidden = false; errorBox.textContent = msg; }

    function save() {
      if (!dirty || saving || finished) { return Promise.resolve(); }
      saving = true; dirty = false;
      return window.lawdesk.fetchJSON(form.getAttribute("data-save"), {
        method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ answers: answers() })
      }).then(function () {
        saved.textContent = "已自动保存";
      }).catch(function (err) {
        dirty = true;
        if (err.code === "exam_timed_out" || err.code === "exam_finished") { finished = true; window.location = form.getAttribute("data-result"); return; }
        saved.textContent = "保存失败，将重试";
      }).then(function () { saving = false; });
    }

    function submit() {
      if (finished) { return; }
      finished = true;
      document.getElementById("submit-exam").disabled = true;
      window.lawdesk.fetchJSON(form.getAttribute("data-submit"), {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ answers: answers() })
      }).then(function () {
        window.location = form.getAttribute("data-result");
      }).catch(function (err) {
        finished = false;
        document.getElementById("submit-exam").disabled = false;
        showError("交卷失败：" + err.message);
      });
    }

    function tick() {
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      var m = Math.floor(left / 60), s = left % 60;
      timer.textContent = m + ":" + (s < 10 ? "0" : "") + s;
      if (left <= 300) { bar.classList.add("urgent"); }
      if (left % 60 === 0 && left !== lastAnnounced && left > 0) {
        lastAnnounced = left;
        saved.textContent = "剩余 " + m + " 分钟";
      }
      if (left === 0) { saved.textContent = "时间到，正在交卷……"; submit(); return; }
      window.setTimeout(tick, 1000);
    }

    var pending = null;
    form.addEventListener("change", function () {
      dirty = true; count(); saved.textContent = "";
      if (pending) { window.clearTimeout(pending); }
      pending = window.setTimeout(function () { pending = null; save(); }, 1500);
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var n = Object.keys(answers()).length;
      var msg = n < total ? "还有 " + (total - n) + " 题未作答，确定交卷吗？" : "确定交卷吗？交卷后不能修改。";
      if (window.confirm(msg)) { submit(); }
    });
    window.setInterval(save, 20000);
    window.addEventListener("beforeunload", function () { if (dirty && !finished) { save(); } });
    count();
    tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("exam-form");
    if (form) { init(form); }
  });
})();

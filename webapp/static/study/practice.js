// Study mode: practice and wrong-book drills. One question at a time; answers go to /api/v1/study/answers.
(function () {
  "use strict";
  var LETTERS = "ABCDEFGH";

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function init(root) {
    var status = document.getElementById("practice-status");
    var queue = [], done = 0, right = 0;
    var params = new URLSearchParams();
    params.set("mode", root.getAttribute("data-mode"));
    params.set("limit", "10");
    ["unit", "topic", "law", "source"].forEach(function (k) {
      var v = root.getAttribute("data-f-" + k);
      if (v) { params.set(k, v); }
    });

    function say(text) { status.textContent = text; }

    function load() {
      say("正在载入题目……");
      window.lawdesk.fetchJSON(root.getAttribute("data-api") + "?" + params.toString()).then(function (body) {
        queue = body.questions || [];
        if (!queue.length) {
          clear();
          say(root.getAttribute("data-mode") === "wrongbook" ? "错题本里没有可练的题目。" : "没有符合条件的题目。");
          return;
        }
        show(queue.shift());
      }).catch(function (err) { say("载入失败：" + err.message); });
    }

    function clear() {
      Array.prototype.slice.call(root.querySelectorAll(".question")).forEach(function (n) { n.remove(); });
    }

    function show(q) {
      clear();
      say("本组已答 " + done + " 题，答对 " + right + " 题。");
      var form = el("form", { "class": "question panel", "data-qid": q.id, "novalidate": "" });
      var fs = el("fieldset", { "class": "question-fields" });
      var legend = el("legend");
      legend.appendChild(el("span", { "class": "q-type" }, "[" + q.type_label + (q.source === "generated" ? " · " + q.kind_label : "") + "] "));
      legend.appendChild(document.createTextNode(q.stem));
      fs.appendChild(legend);
      var multi = q.type === "multiple";
      q.options.forEach(function (o, i) {
        var label = el("label", { "class": "option" });
        var input = el("input", { type: multi ? "checkbox" : "radio", name: "opt", value: String(o.index) });
        label.appendChild(input);
        label.appendChild(el("span", { "class": "opt-letter" }, LETTERS[i] + "."));
        label.appendChild(document.createTextNode(" " + o.text));
        fs.appendChild(label);
      });
      form.appendChild(fs);
      var meta = el("p", { "class": "muted q-meta" }, q.topic + (q.law ? " · " + q.law : ""));
      form.appendChild(meta);
      var guess = el("label", { "class": "option" });
      var guessBox = el("input", { type: "checkbox", name: "guess" });
      guess.appendChild(guessBox);
      guess.appendChild(document.createTextNode(" 没有把握（答对也会更早安排复习）"));
      form.appendChild(guess);
      var actions = el("div", { "class": "actions" });
      var submit = el("button", { type: "submit", "class": "button primary" }, "提交答案");
      actions.appendChild(submit);
      form.appendChild(actions);
      var feedback = el("div", { "class": "feedback", role: "status", "aria-live": "polite", hidden: "" });
      form.appendChild(feedback);
      root.appendChild(form);
      var first = form.querySelector("input[name=opt]");
      if (first) { first.focus(); }

      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        if (form.getAttribute("data-answered")) { next(); return; }
        var chosen = Array.prototype.slice.call(form.querySelectorAll("input[name=opt]:checked")).map(function (i) { return parseInt(i.value, 10); });
        if (!chosen.length) { say("请先选择答案。"); return; }
        submit.disabled = true;
        window.lawdesk.fetchJSON(root.getAttribute("data-answer"), {
          method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ question_id: q.id, answer: chosen, mode: root.getAttribute("data-mode"),
                                 feeling: guessBox.checked ? "hard" : null })
        }).then(function (res) {
          done += 1; if (res.correct) { right += 1; }
          form.setAttribute("data-answered", "1");
          Array.prototype.slice.call(form.querySelectorAll("input")).forEach(function (i) { i.disabled = true; });
          Array.prototype.slice.call(form.querySelectorAll("label.option input[name=opt]")).forEach(function (i) {
            var idx = parseInt(i.value, 10);
            if (res.answer.indexOf(idx) >= 0) { i.parentNode.classList.add("right"); }
            else if (res.chosen.indexOf(idx) >= 0) { i.parentNode.classList.add("wrong"); }
          });
          feedback.hidden = false;
          feedback.className = "feedback " + (res.correct ? "right" : "wrong");
          feedback.textContent = "";
          feedback.appendChild(el("p", { "class": "verdict" }, res.correct ? "回答正确。" : "回答错误，已记入错题本。"));
          var expl = el("p", { "class": "q-expl" });
          expl.innerHTML = "解析：" + res.explanation_html;     // server-escaped, links to the article versions
          feedback.appendChild(expl);
          feedback.appendChild(el("p", { "class": "muted" }, "下次复习：" + res.next_review +
            (res.cleared_from_wrong_book ? "；已连续答对，移出错题本。" : "")));
          submit.disabled = false;
          submit.textContent = queue.length ? "下一题" : "再来一组";
          submit.focus();
          say("本组已答 " + done + " 题，答对 " + right + " 题。");
        }).catch(function (err) { submit.disabled = false; say("提交失败：" + err.message); });
      });
    }

    function next() {
      if (queue.length) { show(queue.shift()); } else { load(); }
    }

    load();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("practice");
    if (root) { init(root); }
  });
})();

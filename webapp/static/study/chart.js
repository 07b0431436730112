// Study mode: small SVG charts (no library, no CDN): exam scores over time and accuracy per topic.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";

  function svg(tag, attrs, text) {
    var e = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function scores(box, data) {
    var pts = data.scores || [];
    var W = 480, H = 220, L = 36, R = 12, T = 12, B = 28;
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, "aria-hidden": "true", focusable: "false" });
    function y(v) { return T + (H - T - B) * (1 - v / 100); }
    function x(i) { return pts.length < 2 ? (L + W - R) / 2 : L + (W - L - R) * i / (pts.length - 1); }
    [0, 20, 40, 60, 80, 100].forEach(function (v) {
      root.appendChild(svg("line", { "class": "grid", x1: L, x2: W - R, y1: y(v), y2: y(v) }));
      root.appendChild(svg("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end" }, String(v)));
    });
    root.appendChild(svg("line", { "class": "axis", x1: L, x2: L, y1: T, y2: H - B }));
    root.appendChild(svg("line", { "class": "axis", x1: L, x2: W - R, y1: H - B, y2: H - B }));
    root.appendChild(svg("line", { "class": "pass-line", x1: L, x2: W - R, y1: y(data.pass_mark), y2: y(data.pass_mark) }));
    if (pts.length > 1) {
      var d = pts.map(function (p, i) { return (i ? "L" : "M") + x(i).toFixed(1) + " " + y(p.score).toFixed(1); }).join(" ");
      root.appendChild(svg("path", { "class": "line", d: d }));
    }
    pts.forEach(function (p, i) {
      var c = svg("circle", { "class": "dot" + (p.score < data.pass_mark ? " fail" : ""), cx: x(i), cy: y(p.score), r: 4.5 });
      c.appendChild(svg("title", {}, "第 " + (i + 1) + " 次：" + p.score + " 分"));
      root.appendChild(c);
      root.appendChild(svg("text", { x: x(i), y: H - B + 16, "text-anchor": "middle" }, String(i + 1)));
    });
    box.appendChild(root);
  }

  function topics(box, data) {
    var items = (data.topics || []).slice(0, 16);
    var row = 24, L = 120, R = 48, W = 480, T = 6;
    var H = T * 2 + row * Math.max(1, items.length);
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, "aria-hidden": "true", focusable: "false" });
    items.forEach(function (t, i) {
      var yy = T + i * row;
      var w = (W - L - R) * (t.accuracy || 0) / 100;
      root.appendChild(svg("text", { x: L - 6, y: yy + 16, "text-anchor": "end" }, t.topic.length > 9 ? t.topic.slice(0, 9) + "…" : t.topic));
      root.appendChild(svg("rect", { "class": "grid", x: L, y: yy + 4, width: W - L - R, height: row - 8, fill: "#eef0f3" }));
      var rect = svg("rect", { "class": "bar-rect" + ((t.accuracy || 0) < data.pass_mark ? " low" : ""), x: L, y: yy + 4, width: Math.max(0, w).toFixed(1), height: row - 8 });
      rect.appendChild(svg("title", {}, t.topic + "：" + t.accuracy + "%（" + t.correct + "/" + t.total + "）"));
      root.appendChild(rect);
      root.appendChild(svg("text", { x: L + w + 4, y: yy + 16 }, (t.accuracy === null ? "—" : t.accuracy + "%")));
    });
    box.appendChild(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.slice.call(document.querySelectorAll(".chart[data-chart]")).forEach(function (box) {
      var data;
      try { data = JSON.parse(box.getAttribute("data-chart")); } catch (e) { return; }
      if (box.getAttribute("data-kind") === "scores") { scores(box, data); } else { topics(box, data); }
    });
    Array.prototype.slice.call(document.querySelectorAll(".bar-fill[data-pct]")).forEach(function (b) {
      b.style.width = Math.max(0, Math.min(100, parseFloat(b.getAttribute("data-pct")) || 0)) + "%";
    });
  });
})();

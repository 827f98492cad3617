/* explainer charts: every mark that carries a fact (data-tip-* attributes, written at
   build time in the page's language) is reached with Tab, hover or a tap, and shows a
   tooltip: label, value, kind and a link to the fact in "Facts and sources". Escape or
   a tap elsewhere hides it; Enter follows the link. A ring (HTML, so that no clip-path of
   the drawing cuts it) shows which mark the tooltip is about. Without this script the
   page is the same, less the tooltips. No inline style: positions go through the CSSOM. */
(function () {
  "use strict";
  var MARK = "[data-tip-label]";
  var svgs = document.querySelectorAll("svg.chart-svg[data-tip-more]");
  if (!svgs.length || !document.body) return;
  var tip = document.createElement("div"), ring = document.createElement("div");
  var shown = null, pinned = false, timer = 0;
  tip.id = "chart-tip";
  tip.className = "chart-tip";
  tip.setAttribute("role", "tooltip");
  ring.className = "chart-ring";
  tip.hidden = ring.hidden = true;
  document.body.appendChild(ring);
  document.body.appendChild(tip);

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  each(svgs, function (svg) {
    var seen = {};
    // a group of focusable marks, named as the image was; the drawing's own text is
    // said by that name (title and description), so screen readers skip it
    svg.setAttribute("role", "group"); // which the stylesheet reads as "tooltips on"
    each(svg.querySelectorAll("text"), function (t) { t.setAttribute("aria-hidden", "true"); });
    each(svg.querySelectorAll(MARK), function (m) {
      var key = m.getAttribute("data-tip-href");
      m.setAttribute("role", "link");
      m.setAttribute("aria-label", m.getAttribute("data-tip-name") || "");
      if (!seen[key]) m.setAttribute("tabindex", "0"); // a region's countries: one stop
      seen[key] = 1;
    });
  });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    e.className = cls;
    e.textContent = text;
    return e;
  }
  function target(m) {
    var h = m.getAttribute("data-tip-href") || "";
    return /^[a-z][a-z0-9+.-]*:/i.test(h) ? "" : h; // our relative links only
  }
  function fill(m) {
    var kind = m.getAttribute("data-tip-kind"), h = target(m);
    var more = m.closest("svg").getAttribute("data-tip-more");
    tip.className = "chart-tip" + (m.hasAttribute("data-place") ? " chart-tip-place" : "");
    tip.textContent = "";
    tip.appendChild(el("span", "chart-tip-label", m.getAttribute("data-tip-label")));
    tip.appendChild(el("span", "chart-tip-value", m.getAttribute("data-tip-value")));
    if (kind) tip.appendChild(el("span", "chart-tip-kind", kind));
    if (h && more) {
      var a = el("a", "chart-tip-link", more);
      a.href = h;
      if (h.charAt(0) !== "#") { a.target = "_blank"; a.rel = "noopener"; }
      tip.appendChild(a);
    }
  }
  function px(n) { return Math.round(n) + "px"; }
  function place(m) {
    tip.style.left = tip.style.top = "0px"; // measured where nothing squeezes it
    var r = m.getBoundingClientRect(), doc = document.documentElement;
    var t = tip.getBoundingClientRect(), w = doc.clientWidth, gap = 8;
    var x = Math.max(gap, Math.min(r.left + r.width / 2 - t.width / 2, w - t.width - gap));
    var y = r.top - t.height - gap;
    if (y < gap) y = Math.min(r.bottom + gap, doc.clientHeight - t.height - gap);
    tip.style.left = px(x + window.pageXOffset);
    tip.style.top = px(Math.max(gap, y) + window.pageYOffset);
  }
  function frame(m) { // the ring around the mark the tooltip is about, or the focused one
    ring.hidden = !m;
    if (!m) return;
    var r = m.getBoundingClientRect();
    ring.style.left = px(r.left + window.pageXOffset - 4);
    ring.style.top = px(r.top + window.pageYOffset - 4);
    ring.style.width = px(r.width + 8);
    ring.style.height = px(r.height + 8);
  }
  function mark(node) {
    return node && node.closest ? node.closest('svg[role="group"] ' + MARK) : null;
  }
  function show(m, pin) {
    clearTimeout(timer);
    if (shown && shown !== m) shown.removeAttribute("aria-describedby");
    pinned = pin || (shown === m && pinned);
    shown = m;
    fill(m);
    m.setAttribute("aria-describedby", tip.id);
    tip.hidden = false;
    place(m);
    frame(m);
  }
  function hide() {
    clearTimeout(timer);
    if (shown) shown.removeAttribute("aria-describedby");
    shown = null;
    pinned = false;
    tip.hidden = true;
    frame(mark(document.activeElement));
  }

  document.addEventListener("focusin", function (e) {
    var m = mark(e.target);
    if (m) show(m);
  });
  document.addEventListener("focusout", function (e) {
    if (!mark(e.target)) return;
    if (!pinned && !tip.contains(e.relatedTarget)) hide();
    else frame(shown);
  });
  document.addEventListener("pointerover", function (e) {
    var m = mark(e.target);
    if (tip.contains(e.target)) clearTimeout(timer);
    else if (m && e.pointerType !== "touch") show(m);
  });
  document.addEventListener("pointerout", function (e) {
    if (shown && !pinned && e.pointerType !== "touch" && (mark(e.target) || tip.contains(e.target))) {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (document.activeElement !== shown) hide();
      }, 300);
    }
  });
  document.addEventListener("click", function (e) {
    var m = mark(e.target);
    if (m) show(m, true);
    else if (shown && !tip.contains(e.target)) hide();
  });
  document.addEventListener("keydown", function (e) {
    var m = mark(e.target), h = m && target(m);
    if (e.key === "Escape" && shown) hide();
    else if (e.key === "Enter" && h) {
      hide();
      if (h.charAt(0) === "#") location.hash = h;
      else window.open(h, "_blank", "noopener");
    }
  });
  window.addEventListener("resize", function () {
    if (shown) place(shown);
    frame(shown || mark(document.activeElement));
  });
})();

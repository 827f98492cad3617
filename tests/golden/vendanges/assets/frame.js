/* explainer embed frame: tells the host page how tall this chart is (see embed.js). */
(function () {
  if (window.parent === window) return;
  var el = document.querySelector("[data-chart]");
  var id = el ? el.getAttribute("data-chart") : "";
  var last = 0;
  function post(force) {
    var h = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (h && (h !== last || force === true)) {
      last = h;
      window.parent.postMessage({ "explainer-height": h, id: id }, "*");
    }
  }
  window.addEventListener("load", post);
  window.addEventListener("resize", post);
  window.addEventListener("message", function (e) {
    if (e.source === window.parent && e.data && e.data["explainer-ping"]) post(true);
  });
  if (window.ResizeObserver) new ResizeObserver(post).observe(document.documentElement);
  post();
})();

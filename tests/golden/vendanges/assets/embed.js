/* explainer responsive embeds: sizes each explainer iframe to its content. */
(function () {
  if (window.explainerEmbed) return;
  window.explainerEmbed = 1;
  function frames() { return document.getElementsByTagName("iframe"); }
  window.addEventListener("message", function (e) {
    var h = e.data && e.data["explainer-height"];
    if (typeof h !== "number" || !(h > 0) || h > 20000) return;
    for (var f = frames(), i = 0; i < f.length; i++) {
      if (f[i].contentWindow === e.source) f[i].style.height = Math.ceil(h) + "px";
    }
  });
  for (var f = frames(), i = 0; i < f.length; i++) {
    try { f[i].contentWindow.postMessage({ "explainer-ping": 1 }, "*"); } catch (x) {}
  }
})();

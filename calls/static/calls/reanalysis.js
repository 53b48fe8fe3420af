/* The re-analysis card of every editor (the tag editor, the library editor; the views are
   calls/reanalysis_views.py): while a run is active, poll its progress from the card's
   data-status-url. Without JavaScript, reloading the page shows it too. Plain JS, no
   dependencies besides calls/russian.js for the counts. */
(function () {
  "use strict";
  var box = document.querySelector("[data-reanalysis]");
  if (!box) { return; }
  // The bar's width is set here, not in a style attribute, which the CSP forbids.
  var bar = box.querySelector("[data-run-bar]");
  bar.style.width = (bar.getAttribute("data-percent") || "0") + "%";
  var stateScript = document.getElementById("reanalysis-state");
  var state = stateScript ? JSON.parse(stateScript.textContent) : null;
  if (!window.fetch || !state || !state.active) { return; }
  var set = function (name, value) {
    var element = box.querySelector("[data-run-" + name + "]");
    if (element) { element.textContent = value; }
  };
  var timer = window.setInterval(function () {
    window.fetch(box.getAttribute("data-status-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.run) { return; }
        var run = data.run;
        box.querySelector("[data-reanalysis-stale]").hidden = !data.needs_reanalysis;
        set("status", run.status_label);
        set("done", window.slyshuRussian.formatCount(run.done));
        set("total", window.slyshuRussian.formatCount(run.total));
        set("unit", window.slyshuRussian.pluralForm(run.total, "звонка,звонков,звонков"));
        set("percent", run.percent);
        bar.style.width = run.percent + "%";
        if (!run.active) {
          window.clearInterval(timer);
          box.querySelector("[data-run-button]").disabled = false;
        }
      });
  }, 2000);
})();

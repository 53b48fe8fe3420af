/* The library pages: the assembled-answer preview, the re-analysis progress and the exemplar
   player. Each part only spares a reload: without JavaScript the pages work as plain forms.
   Plain JS, no dependencies. */
(function () {
  "use strict";

  // --- The assembled answer: acknowledge + argument + question as one text -------------------
  var preview = document.querySelector("[data-preview]");
  if (preview) {
    var answer = preview.querySelector("[data-answer]");
    var kinds = ["acknowledge", "argument", "question"];
    var assemble = function () {
      var parts = [];
      kinds.forEach(function (kind) {
        var chosen = preview.querySelector("input[data-kind='" + kind + "']:checked");
        if (chosen) { parts.push(chosen.getAttribute("data-text").trim()); }
      });
      if (parts.length) { answer.textContent = parts.join(" "); }
    };
    preview.addEventListener("change", assemble);
  }

  // --- Re-analysis progress: poll while a run is active ----------------------------------------
  var box = document.querySelector("[data-reanalysis]");
  if (box) {
    // The bar's width is set here, not in a style attribute, which the CSP forbids.
    var bar = box.querySelector("[data-run-bar]");
    bar.style.width = (bar.getAttribute("data-percent") || "0") + "%";
    var stateScript = document.getElementById("reanalysis-state");
    var state = stateScript ? JSON.parse(stateScript.textContent) : null;
    if (window.fetch && state && state.active) {
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
    }
  }

  // --- The exemplar player: start at the moment, stop at its end -------------------------------
  var audio = document.querySelector("[data-exemplar-audio]");
  if (audio) {
    var start = parseFloat(audio.getAttribute("data-start")) || 0;
    var end = parseFloat(audio.getAttribute("data-end"));
    var stopAtEnd = true;
    var playFrom = function (seconds, stop) {
      stopAtEnd = stop;
      audio.currentTime = seconds;
      var playing = audio.play();
      if (playing && typeof playing.catch === "function") {
        playing.catch(function () { /* autoplay refused: the listener presses play */ });
      }
    };
    audio.addEventListener("loadedmetadata", function () {
      if (audio.currentTime < start) { audio.currentTime = start; }
    });
    audio.addEventListener("timeupdate", function () {
      if (stopAtEnd && !isNaN(end) && audio.currentTime >= end) {
        audio.pause();
        stopAtEnd = false;  // pressing play again goes on past the moment
      }
    });
    var replay = document.querySelector("[data-exemplar-replay]");
    if (replay) {
      replay.hidden = false;
      replay.addEventListener("click", function () { playFrom(start, true); });
    }
    var transcript = document.querySelector("[data-exemplar-transcript]");
    if (transcript) {
      transcript.addEventListener("click", function (event) {
        var line = event.target.closest("[data-start]");
        if (line) { playFrom(parseFloat(line.getAttribute("data-start")), false); }
      });
    }
  }
})();

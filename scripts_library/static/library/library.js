/* The library pages: the assembled-answer preview and the exemplar player (the re-analysis
   progress is calls/static/calls/reanalysis.js, shared with the tag editor). Each part only
   spares a reload: without JavaScript the pages work as plain forms. Plain JS, no dependencies. */
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

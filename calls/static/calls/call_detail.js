/* The call page: a transcript that plays the recording from any segment, and a status poll
   while the call is still being processed. Plain JS, no dependencies. */
(function () {
  "use strict";

  // --- Transcript ↔ player -------------------------------------------------------------------
  var audio = document.querySelector("[data-call-audio]");
  var transcript = document.querySelector("[data-transcript]");

  if (audio && transcript) {
    var segments = Array.prototype.slice.call(transcript.querySelectorAll("[data-start]"));
    var bounds = segments.map(function (element) {
      var start = parseFloat(element.getAttribute("data-start"));
      var end = parseFloat(element.getAttribute("data-end"));
      return { element: element, start: start, end: isNaN(end) ? start : end };
    });

    var playFrom = function (seconds) {
      audio.currentTime = seconds;
      var playing = audio.play();
      if (playing && typeof playing.catch === "function") {
        playing.catch(function () { /* autoplay refused: the listener presses play */ });
      }
    };

    transcript.addEventListener("click", function (event) {
      // A moment action (a link, calls/extensions.py) leaves the page, and a correction form
      // is for typing: nothing to play.
      if (event.target.closest("a") || event.target.closest("[data-segment-correction]")) {
        return;
      }
      var element = event.target.closest("[data-start]");
      if (!element || !transcript.contains(element)) {
        return;
      }
      // Selecting text to copy it must not jump the player.
      var selection = window.getSelection ? String(window.getSelection()) : "";
      if (selection && !event.target.closest("button")) {
        return;
      }
      playFrom(parseFloat(element.getAttribute("data-start")));
    });

    // Highlight every segment that covers the current moment (both speakers may talk at once).
    var highlight = function () {
      var now = audio.currentTime;
      bounds.forEach(function (segment) {
        var active = now >= segment.start && now < segment.end;
        if (active !== segment.element.classList.contains("is-playing")) {
          segment.element.classList.toggle("is-playing", active);
          if (active) {
            segment.element.setAttribute("aria-current", "true");
          } else {
            segment.element.removeAttribute("aria-current");
          }
        }
      });
    };
    audio.addEventListener("timeupdate", highlight);
    audio.addEventListener("seeked", highlight);

    // A link may name a moment, /calls/<id>/#t=12.5 (the library's metrics and review open a
    // call at an objection's evidence): the player is set there, without playing, and the
    // segment said then is scrolled into view.
    var moment = /^#t=(\d+(?:\.\d+)?)$/.exec(window.location.hash);
    if (moment) {
      var seekTo = parseFloat(moment[1]);
      var seek = function () { audio.currentTime = seekTo; };
      if (audio.readyState >= 1) {
        seek();
      } else {
        audio.addEventListener("loadedmetadata", seek, { once: true });
      }
      var said = bounds.filter(function (segment) {
        return seekTo >= segment.start && seekTo < segment.end;
      })[0];
      if (said) {
        said.element.scrollIntoView({ block: "center" });
      }
    }
  }

  // --- A moment action for the whole call starts where the player stands ----------------------
  var fromPlayer = document.querySelector("[data-moment-from-player]");
  if (fromPlayer && audio && window.URL) {
    fromPlayer.addEventListener("click", function (event) {
      var link = event.target.closest("a[href]");
      if (!link || !(audio.currentTime > 0)) {
        return;
      }
      var target = new window.URL(link.getAttribute("href"), window.location.href);
      var at = Math.round(audio.currentTime * 10) / 10;
      target.searchParams.set("start", String(at));
      target.searchParams.delete("end");
      var back = target.searchParams.get("next");
      if (back) {
        target.searchParams.set("next", back.split("#")[0] + "#t=" + at.toFixed(1));
      }
      link.setAttribute("href", target.pathname + target.search);
    });
  }

  // --- Poll while the call is in progress ------------------------------------------------------
  var head = document.querySelector("[data-poll-interval]");
  if (head && window.fetch && window.DOMParser) {
    var interval = parseInt(head.getAttribute("data-poll-interval"), 10) || 5000;
    var status = head.getAttribute("data-call-status");
    var timer = window.setInterval(function () {
      window.fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) {
            return;
          }
          var fresh = new window.DOMParser().parseFromString(html, "text/html")
            .querySelector("[data-call-status]");
          if (!fresh || fresh.getAttribute("data-call-status") === status) {
            return;
          }
          window.clearInterval(timer);
          // Never interrupt someone who is listening: offer the reload instead.
          if (audio && !audio.paused) {
            var note = document.querySelector("[data-progress-note]");
            if (note) {
              note.querySelector(".alert__body").insertAdjacentHTML(
                "beforeend",
                '<p><a href="" class="btn btn--small btn--primary">' +
                  (head.getAttribute("data-reload-label") || "Обновить") + "</a></p>"
              );
            }
            return;
          }
          window.location.reload();
        })
        .catch(function () { /* offline for a moment: try again on the next tick */ });
    }, interval);
  }
})();

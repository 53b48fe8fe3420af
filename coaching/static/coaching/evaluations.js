/* The evaluation page: a time button (transcript or comment) seeks the player; a comment takes
   the player's current moment. Without JavaScript the moment is typed in seconds. Plain JS. */
(function () {
  "use strict";
  var audio = document.querySelector("[data-evaluation-audio]");
  if (!audio) { return; }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-seek]");
    if (!button) { return; }
    audio.currentTime = parseFloat(button.getAttribute("data-seek")) || 0;
    var playing = audio.play();
    if (playing && typeof playing.catch === "function") {
      playing.catch(function () { /* autoplay refused: the listener presses play */ });
    }
  });
  var form = document.querySelector("[data-comment-form]");
  if (form) {
    var at = form.querySelector("input[name='at']");
    var current = form.querySelector("[data-use-current-time]");
    current.hidden = false;
    current.addEventListener("click", function () {
      at.value = audio.currentTime.toFixed(1);
    });
    // A comment written while listening is pinned to where the player stands, unless typed.
    form.addEventListener("submit", function () {
      if (!at.value) { at.value = audio.currentTime.toFixed(1); }
    });
  }
})();

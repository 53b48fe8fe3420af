/* The case review's «Печать» button: without JavaScript it stays hidden and the browser's own
   print command does the same. A static file, so the page needs no CSP nonce. */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();

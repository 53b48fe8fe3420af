// The main menu's groups («Библиотека», «Коучинг») are <details>: opening one closes the others,
// and a click elsewhere or Escape closes an open one, as a menu does.
(function () {
  "use strict";
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-nav-group]"));
  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (!group.open) { return; }
      groups.forEach(function (other) { if (other !== group) { other.open = false; } });
    });
  });
  document.addEventListener("click", function (event) {
    groups.forEach(function (group) {
      if (group.open && !group.contains(event.target)) { group.open = false; }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    groups.forEach(function (group) {
      if (group.open) {
        group.open = false;
        group.querySelector("summary").focus();
      }
    });
  });
})();

/* A Russian date field for every <input type="date"> (and <input type="week">) of the product.

   A browser's own date picker follows the browser's language, not the page's, so an English
   Chromium shows «mm/dd/yyyy» and an English calendar on a Russian page. Here each date input
   becomes a text field «дд.мм.гггг» with a calendar in Russian (Monday first); the original input
   stays in the form as a hidden field holding the ISO date (2026-12-06), so what the server
   receives does not change. min/max are kept. A week input shows «23–29 ноября 2026»; a day
   picked in the calendar or a date typed in chooses its Monday-to-Sunday week, and the hidden
   field holds the ISO week (2026-W48). No inline styles or handlers (CSP).
   Without JavaScript the native date input stays as it is. */
(function () {
  "use strict";

  var MONTHS = ["Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август",
    "Сентябрь", "Октябрь", "Ноябрь", "Декабрь"];
  var MONTHS_OF = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
    "сентября", "октября", "ноября", "декабря"];
  var WEEKDAYS = ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"];
  var FORMAT_ERROR = "Введите дату в виде дд.мм.гггг, например 06.12.2026.";

  var pad = function (number) { return (number < 10 ? "0" : "") + number; };

  var makeDate = function (year, month, day) {
    var date = new Date(year, month, day);
    // new Date(2026, 1, 31) is 3 March: such a date does not exist.
    if (date.getFullYear() !== year || date.getMonth() !== month || date.getDate() !== day) {
      return null;
    }
    return date;
  };

  var toIso = function (date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  };
  var toRussian = function (date) {
    return pad(date.getDate()) + "." + pad(date.getMonth() + 1) + "." + date.getFullYear();
  };

  // «2026-12-06» (ISO, what forms send) or «06.12.2026» / «6.12.26» (what people type).
  var parse = function (text) {
    var value = String(text || "").trim();
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (match) { return makeDate(+match[1], +match[2] - 1, +match[3]); }
    match = /^(\d{1,2})[.\/\-\s](\d{1,2})[.\/\-\s](\d{2}|\d{4})$/.exec(value);
    if (match) {
      var year = +match[3];
      if (match[3].length === 2) { year += 2000; }
      return makeDate(year, +match[2] - 1, +match[1]);
    }
    return null;
  };

  var sameDay = function (a, b) {
    return a && b && a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() &&
      a.getDate() === b.getDate();
  };

  // ISO weeks: Monday first; week 1 holds the year's first Thursday.
  var mondayOf = function (date) {
    return new Date(date.getFullYear(), date.getMonth(), date.getDate() - (date.getDay() + 6) % 7);
  };
  var weekCode = function (monday) {
    var thursday = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + 3);
    var firstThursday = new Date(thursday.getFullYear(), 0, 4);
    var firstMonday = mondayOf(firstThursday);
    var number = 1 + Math.round((mondayOf(thursday) - firstMonday) / (7 * 24 * 3600 * 1000));
    return thursday.getFullYear() + "-W" + pad(number);
  };
  var parseWeek = function (text) {
    var match = /^(\d{4})-W(\d{1,2})$/.exec(String(text || "").trim());
    if (!match) { return null; }
    var monday = mondayOf(new Date(+match[1], 0, 4));
    monday.setDate(monday.getDate() + 7 * (+match[2] - 1));
    return weekCode(monday) === match[1] + "-W" + pad(+match[2]) ? monday : null;
  };
  var weekLabel = function (monday) {
    var sunday = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + 6);
    if (monday.getMonth() === sunday.getMonth()) {
      return monday.getDate() + "–" + sunday.getDate() + " " + MONTHS_OF[sunday.getMonth()] +
        " " + sunday.getFullYear();
    }
    var start = monday.getDate() + " " + MONTHS_OF[monday.getMonth()];
    if (monday.getFullYear() !== sunday.getFullYear()) { start += " " + monday.getFullYear(); }
    return start + " – " + sunday.getDate() + " " + MONTHS_OF[sunday.getMonth()] + " " +
      sunday.getFullYear();
  };

  var enhance = function (original) {
    if (original.hasAttribute("data-datepicker")) { return; }
    original.setAttribute("data-datepicker", "");
    var week = original.type === "week";
    // A week field reads and writes whole weeks; a date field single days.
    var read = week ? function (text) {
      var value = String(text || "").trim();
      if (value && value === field.getAttribute("data-label")) { return parseWeek(original.value); }
      var date = parseWeek(value) || parse(value);
      return date ? mondayOf(date) : null;
    } : parse;
    var show = week ? weekLabel : toRussian;
    var store = week ? weekCode : toIso;
    var min = week ? parseWeek(original.getAttribute("min")) : parse(original.getAttribute("min"));
    var max = week ? parseWeek(original.getAttribute("max")) : parse(original.getAttribute("max"));
    // The attribute, not .value: a date input empties a value it cannot read as ISO.
    var initial = week
      ? parseWeek(original.getAttribute("value")) || parseWeek(original.value)
      : parse(original.getAttribute("value")) || parse(original.value);

    var wrapper = document.createElement("span");
    wrapper.className = "datepicker";
    var field = document.createElement("input");
    field.type = "text";
    field.className = "datepicker__field";
    field.inputMode = "numeric";
    field.autocomplete = "off";
    field.placeholder = week ? "любой день недели: дд.мм.гггг" : "дд.мм.гггг";
    field.setAttribute("lang", "ru");
    field.setAttribute("data-date-field", "");
    if (original.id) {
      field.id = original.id;
      original.id = original.id + "-iso";
    }
    ["aria-describedby", "aria-label", "aria-invalid", "title"].forEach(function (name) {
      if (original.hasAttribute(name)) { field.setAttribute(name, original.getAttribute(name)); }
    });
    field.required = original.required;
    field.disabled = original.disabled;
    var setShown = function (date) {
      field.value = date ? show(date) : "";
      field.setAttribute("data-label", field.value);
    };
    setShown(initial);
    if (week) { wrapper.classList.add("datepicker--week"); }

    var button = document.createElement("button");
    button.type = "button";
    button.className = "datepicker__button";
    button.setAttribute("aria-label", "Выбрать дату в календаре");
    button.setAttribute("aria-haspopup", "dialog");
    button.setAttribute("aria-expanded", "false");
    button.disabled = original.disabled;
    button.innerHTML = '<svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">' +
      '<rect x="2.5" y="4" width="15" height="13.5" rx="2" fill="none" stroke="currentColor" stroke-width="1.6"/>' +
      '<line x1="2.5" y1="8" x2="17.5" y2="8" stroke="currentColor" stroke-width="1.6"/>' +
      '<line x1="6.5" y1="2" x2="6.5" y2="5.5" stroke="currentColor" stroke-width="1.6"/>' +
      '<line x1="13.5" y1="2" x2="13.5" y2="5.5" stroke="currentColor" stroke-width="1.6"/></svg>';

    original.parentNode.insertBefore(wrapper, original);
    wrapper.appendChild(field);
    wrapper.appendChild(button);
    wrapper.appendChild(original);
    original.type = "hidden";
    original.value = initial ? store(initial) : "";
    original.required = false;

    var check = function () {
      var text = field.value.trim();
      if (!text) {
        original.value = "";
        field.setCustomValidity("");
        return null;
      }
      var date = read(text);
      var message = "";
      if (!date) {
        message = week ? "Введите любой день недели в виде дд.мм.гггг, например 06.12.2026." :
          FORMAT_ERROR;
      } else if (min && date < min) {
        message = "Дата не может быть раньше " + toRussian(min) + ".";
      } else if (max && date > max) {
        message = "Дата не может быть позже " + toRussian(max) + ".";
      }
      field.setCustomValidity(message);
      original.value = date && !message ? store(date) : "";
      return message ? null : date;
    };
    var changed = function () {
      original.dispatchEvent(new Event("change", { bubbles: true }));
    };
    field.addEventListener("input", check);
    field.addEventListener("change", function () {
      var date = check();
      if (date) { setShown(date); }
      changed();
    });

    // --- The calendar ---
    var popup = null;
    var shown = null;  // the first day of the month on screen

    var close = function (focusField) {
      if (!popup) { return; }
      popup.remove();
      popup = null;
      button.setAttribute("aria-expanded", "false");
      document.removeEventListener("mousedown", outside, true);
      if (focusField) { field.focus(); }
    };
    var outside = function (event) {
      if (popup && !wrapper.contains(event.target)) { close(false); }
    };
    var pick = function (date) {
      setShown(week ? mondayOf(date) : date);
      original.value = store(week ? mondayOf(date) : date);
      field.setCustomValidity("");
      changed();
      close(true);
    };
    var allowed = function (date) {
      var day = week ? mondayOf(date) : date;
      return !(min && day < min) && !(max && day > max);
    };

    var render = function (focusDate) {
      popup.innerHTML = "";
      var head = document.createElement("div");
      head.className = "datepicker__head";
      var previous = document.createElement("button");
      previous.type = "button";
      previous.className = "datepicker__nav";
      previous.setAttribute("aria-label", "Предыдущий месяц");
      previous.textContent = "‹";
      var next = document.createElement("button");
      next.type = "button";
      next.className = "datepicker__nav";
      next.setAttribute("aria-label", "Следующий месяц");
      next.textContent = "›";
      var title = document.createElement("span");
      title.className = "datepicker__title";
      title.setAttribute("aria-live", "polite");
      title.textContent = MONTHS[shown.getMonth()] + " " + shown.getFullYear();
      previous.addEventListener("click", function () {
        shown = new Date(shown.getFullYear(), shown.getMonth() - 1, 1);
        render(null);
      });
      next.addEventListener("click", function () {
        shown = new Date(shown.getFullYear(), shown.getMonth() + 1, 1);
        render(null);
      });
      head.appendChild(previous);
      head.appendChild(title);
      head.appendChild(next);
      popup.appendChild(head);

      var grid = document.createElement("table");
      grid.className = "datepicker__grid";
      grid.setAttribute("role", "grid");
      var headRow = document.createElement("tr");
      WEEKDAYS.forEach(function (name) {
        var cell = document.createElement("th");
        cell.scope = "col";
        cell.textContent = name;
        headRow.appendChild(cell);
      });
      var thead = document.createElement("thead");
      thead.appendChild(headRow);
      grid.appendChild(thead);
      var body = document.createElement("tbody");
      var selected = read(field.value);
      var today = new Date();
      var lead = (shown.getDay() + 6) % 7;  // Monday first
      var day = new Date(shown.getFullYear(), shown.getMonth(), 1 - lead);
      var focusTarget = null;
      for (var line = 0; line < 6; line += 1) {
        var row = document.createElement("tr");
        for (var weekday = 0; weekday < 7; weekday += 1) {
          var cell = document.createElement("td");
          var dayButton = document.createElement("button");
          dayButton.type = "button";
          dayButton.className = "datepicker__day";
          var date = new Date(day.getFullYear(), day.getMonth(), day.getDate());
          dayButton.textContent = String(date.getDate());
          dayButton.setAttribute("data-date", toIso(date));
          dayButton.setAttribute("aria-label", date.getDate() + " " + MONTHS_OF[date.getMonth()] +
            " " + date.getFullYear());
          dayButton.tabIndex = -1;
          if (date.getMonth() !== shown.getMonth()) { dayButton.classList.add("is-outside"); }
          if (sameDay(date, today)) { dayButton.classList.add("is-today"); }
          if (week ? selected && sameDay(mondayOf(date), selected) : sameDay(date, selected)) {
            dayButton.classList.add("is-selected");
            dayButton.setAttribute("aria-selected", "true");
          }
          if (!allowed(date)) {
            dayButton.disabled = true;
          } else {
            dayButton.addEventListener("click", pick.bind(null, date));
          }
          if (focusDate && sameDay(date, focusDate)) { focusTarget = dayButton; }
          cell.appendChild(dayButton);
          row.appendChild(cell);
          day.setDate(day.getDate() + 1);
        }
        body.appendChild(row);
      }
      grid.appendChild(body);
      popup.appendChild(grid);

      var foot = document.createElement("div");
      foot.className = "datepicker__foot";
      var todayButton = document.createElement("button");
      todayButton.type = "button";
      todayButton.className = "btn btn--ghost btn--small";
      todayButton.textContent = week ? "Эта неделя" : "Сегодня";
      todayButton.disabled = !allowed(new Date(today.getFullYear(), today.getMonth(), today.getDate()));
      todayButton.addEventListener("click", function () {
        pick(new Date(today.getFullYear(), today.getMonth(), today.getDate()));
      });
      var clear = document.createElement("button");
      clear.type = "button";
      clear.className = "btn btn--ghost btn--small";
      clear.textContent = "Очистить";
      clear.addEventListener("click", function () {
        setShown(null);
        check();
        changed();
        close(true);
      });
      foot.appendChild(todayButton);
      if (!field.required) { foot.appendChild(clear); }
      popup.appendChild(foot);

      var focusable = focusTarget || popup.querySelector(".datepicker__day.is-selected:not([disabled])") ||
        popup.querySelector(".datepicker__day:not(.is-outside):not([disabled])");
      if (focusable) {
        focusable.tabIndex = 0;
        if (focusDate) { focusable.focus(); }
      }
    };

    var open = function () {
      var current = read(field.value) || (min && new Date() < min ? min : null) ||
        (max && new Date() > max ? max : null) || new Date();
      // A week opens on the month that holds most of it (its Thursday's).
      var anchor = week ? new Date(current.getFullYear(), current.getMonth(), current.getDate() + 3)
        : current;
      shown = new Date(anchor.getFullYear(), anchor.getMonth(), 1);
      popup = document.createElement("div");
      popup.className = "datepicker__popup";
      popup.setAttribute("role", "dialog");
      popup.setAttribute("aria-label", "Календарь");
      popup.addEventListener("keydown", function (event) {
        if (event.key === "Escape") {
          event.preventDefault();
          close(true);
          return;
        }
        var moves = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
        var target = event.target;
        if (!(event.key in moves) || !target.hasAttribute("data-date")) { return; }
        event.preventDefault();
        var from = parse(target.getAttribute("data-date"));
        var to = new Date(from.getFullYear(), from.getMonth(), from.getDate() + moves[event.key]);
        if (to.getMonth() !== shown.getMonth() || to.getFullYear() !== shown.getFullYear()) {
          shown = new Date(to.getFullYear(), to.getMonth(), 1);
        }
        render(to);
      });
      wrapper.appendChild(popup);
      button.setAttribute("aria-expanded", "true");
      render(week ? anchor : read(field.value) || current);
      document.addEventListener("mousedown", outside, true);
    };

    button.addEventListener("click", function () {
      if (popup) { close(true); } else { open(); }
    });
    field.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && event.altKey) {
        event.preventDefault();
        open();
      }
    });
  };

  var start = function () {
    Array.prototype.forEach.call(
      document.querySelectorAll('input[type="date"], input[type="week"]'), enhance);
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  window.slyshuDatepicker = { enhance: enhance, parse: parse, weekCode: weekCode,
    weekLabel: weekLabel };
}());

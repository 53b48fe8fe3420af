/* Russian counts in the browser, the same rule as project/russian.py (one rule for the whole
   product): «1 звонок, 3 звонка, 5 звонков, 21 звонок, 111 звонков», numbers grouped by a
   non-breaking space and written with a decimal comma («1 234», «1,5»).
   Exposed as window.slyshuRussian = {plural, pluralForm, formatCount}. */
(function () {
  "use strict";

  var parseForms = function (forms) {
    var parts = (Array.isArray(forms) ? forms : String(forms).split(",")).map(function (part) {
      return String(part).trim();
    });
    if (parts.length !== 3 || parts.some(function (part) { return !part; })) {
      throw new Error("Three plural forms are needed (1, 2, 5), got " + forms);
    }
    return parts;
  };

  var pluralForm = function (count, forms) {
    var parts = parseForms(forms);
    var value = Number(count);
    if (value !== Math.trunc(value)) { return parts[1]; }  // «1,5 минуты»
    var number = Math.abs(Math.trunc(value));
    if (number % 10 === 1 && number % 100 !== 11) { return parts[0]; }
    if (number % 10 >= 2 && number % 10 <= 4 && !(number % 100 >= 12 && number % 100 <= 14)) {
      return parts[1];
    }
    return parts[2];
  };

  var formatCount = function (count) {
    var value = Number(count);
    var sign = value < 0 ? "-" : "";
    var text = String(Math.abs(value));
    var whole = text.split(".")[0];
    var fraction = text.split(".")[1];
    var grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
    return sign + grouped + (fraction ? "," + fraction : "");
  };

  var plural = function (count, forms) {
    return formatCount(count) + "\u00a0" + pluralForm(count, forms);
  };

  window.slyshuRussian = { plural: plural, pluralForm: pluralForm, formatCount: formatCount };
}());

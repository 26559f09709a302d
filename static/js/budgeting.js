// Progressive enhancement of the ballot: the budget meter follows the choices as they change.
// Without JavaScript the meter is updated by the "Check my choices" button.
(function () {
  "use strict";
  var form = document.getElementById("ballot-form");
  var meterBox = document.getElementById("budget-meter");
  if (!form || !meterBox) { return; }
  var kind = meterBox.getAttribute("data-kind");
  var total = parseInt(meterBox.getAttribute("data-total"), 10) || 0;
  var lang = document.documentElement.lang || "nl";
  var money = new Intl.NumberFormat(lang === "en" ? "en-BE" : lang + "-BE", { style: "currency", currency: "EUR", maximumFractionDigits: 2, minimumFractionDigits: 0 });
  var bar = document.getElementById("meter-bar");
  var text = document.getElementById("meter-text");
  var left = document.getElementById("meter-left");
  // The server renders the sentences in the visitor's language; keep their shape, swap the numbers.
  var textTemplate = text.textContent, leftTemplate = left.textContent;
  function used() {
    var sum = 0;
    if (kind === "money") {
      form.querySelectorAll("input[name=project]:checked").forEach(function (box) { sum += parseInt(box.getAttribute("data-cost"), 10) || 0; });
    } else {
      form.querySelectorAll("input[name^=points-]").forEach(function (field) { var v = parseInt(field.value, 10); if (v > 0) { sum += v; } });
    }
    return sum;
  }
  function show(value) { return kind === "money" ? money.format(value / 100) : String(value); }
  function update() {
    var value = used();
    bar.value = Math.min(value, total);
    text.textContent = show(value) + " / " + show(total);
    left.textContent = value > total ? "⚠ " + show(value - total) : show(total - value);
    meterBox.classList.toggle("is-over", value > total);
  }
  if (textTemplate && leftTemplate) { form.addEventListener("input", update); form.addEventListener("change", update); }
})();

// Progressive enhancement of the ballot: the budget meter follows the choices as they change.
// Without JavaScript the meter is updated by the "Check my choices" button (the server renders it).
(function () {
  "use strict";
  var form = document.getElementById("ballot-form");
  var meterBox = document.getElementById("budget-meter");
  if (!form || !meterBox) { return; }
  var kind = meterBox.getAttribute("data-kind");
  var total = parseInt(meterBox.getAttribute("data-total"), 10) || 0;
  // The sentences come from the server in the visitor's language, with {used}, {total} and {amount} to fill in.
  // Points sentences come in two forms (data-left-one, data-left); money sentences in one.
  var templates = {
    text: meterBox.getAttribute("data-text"),
    left: meterBox.getAttribute("data-left"),
    over: meterBox.getAttribute("data-over"),
    leftOne: meterBox.getAttribute("data-left-one"),
    overOne: meterBox.getAttribute("data-over-one")
  };
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || "nl") : null;
  function isOne(n) { return plurals ? plurals.select(n) === "one" : n === 1; }
  var bar = document.getElementById("meter-bar");
  var text = document.getElementById("meter-text");
  var left = document.getElementById("meter-left");
  if (!templates.text || !templates.left || !templates.over || !bar || !text || !left) { return; }

  // €1.234.567 or €1.234,50: the same as the server's euros().
  function euros(cents) {
    var whole = Math.floor(cents / 100), rest = cents % 100;
    var digits = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return "€" + digits + (rest ? "," + (rest < 10 ? "0" : "") + rest : "");
  }
  function show(value) { return kind === "money" ? euros(value) : String(value); }
  function fill(template, values) {
    return template.replace(/\{(used|total|amount)\}/g, function (_, name) { return values[name]; });
  }
  function used() {
    var sum = 0;
    if (kind === "money") {
      form.querySelectorAll("input[name=project]:checked").forEach(function (box) { sum += parseInt(box.getAttribute("data-cost"), 10) || 0; });
    } else {
      form.querySelectorAll("input[name^=points-]").forEach(function (field) { var v = parseInt(field.value, 10); if (v > 0) { sum += v; } });
    }
    return sum;
  }
  function update() {
    var value = used();
    var over = value > total;
    bar.value = Math.min(value, total);
    text.textContent = fill(templates.text, { used: show(value), total: show(total) });
    var amount = Math.abs(total - value);
    var one = kind !== "money" && isOne(amount);
    var template = over ? (one && templates.overOne) || templates.over : (one && templates.leftOne) || templates.left;
    left.textContent = fill(template, { amount: show(amount) });
    meterBox.classList.toggle("is-over", over);
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
})();

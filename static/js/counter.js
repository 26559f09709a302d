// A live character counter under every field with a length limit (data-max-length, set by the field
// macro). Progressive enhancement only: without this file the limit is still in the field's hint, and
// the server refuses a text that is too long with a message and keeps what was typed. The field has no
// maxlength attribute on purpose: a browser cuts pasted text at it without a word.
(function () {
  "use strict";
  var NEAR = 0.9;        // announce from 90% of the limit on
  var ANNOUNCE_MS = 1200; // and only once typing pauses, so a screen reader is not interrupted per key

  // Characters as the server counts them: code points of the NFC text, trimmed, "\r\n" as one.
  function length(text) {
    var typed = text.replace(/\r\n?/g, "\n").trim();
    if (typed.normalize) { typed = typed.normalize("NFC"); }
    return Array.from(typed).length;
  }

  function words(template, count, over) {
    return template.replace("{count}", String(count)).replace("{over}", String(over));
  }

  function enhance(input) {
    var max = Number(input.dataset.maxLength);
    if (!max || !input.dataset.counter) { return; }
    var counter = document.createElement("p");
    counter.className = "counter";
    counter.id = (input.id || "field") + "-counter";
    // The counter is read when someone looks for it; the live region speaks up only near the limit.
    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", counter);
    counter.insertAdjacentElement("afterend", live);

    var timer = null;
    var frame = null;
    var spoken = "";

    function text() {
      var count = length(input.value);
      var over = count - max;
      return { count: count, over: over, words: over > 0 ? words(input.dataset.counterOver, count, over) : words(input.dataset.counter, count, 0) };
    }

    function announce() {
      timer = null;
      var now = text();
      if (now.count < max * NEAR || now.words === spoken) { return; }
      spoken = now.words;
      live.textContent = now.words;
    }

    function update() {
      frame = null;
      var now = text();
      counter.textContent = now.words;
      counter.classList.toggle("is-near", now.over <= 0 && now.count >= max * NEAR);
      counter.classList.toggle("is-over", now.over > 0);
      input.classList.toggle("is-over-limit", now.over > 0);
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(announce, ANNOUNCE_MS);
    }

    input.addEventListener("input", function () {
      if (!frame) { frame = window.requestAnimationFrame(update); }
    });
    counter.textContent = text().words;
    if (text().over > 0) {
      counter.classList.add("is-over");
      input.classList.add("is-over-limit");
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-max-length]"), enhance);
})();

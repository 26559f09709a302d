// Card entry for pledges with Stripe.js (Card Element). Progressive enhancement: the pledge already
// exists on the server; without JavaScript the page explains that bank transfer works instead.
// No inline script: keys and texts come from data-* attributes on the form.
(function () {
  "use strict";
  var form = document.getElementById("card-form");
  if (!form || typeof window.Stripe !== "function") {
    return;
  }
  var stripe = window.Stripe(form.dataset.publishableKey);
  var elements = stripe.elements();
  var card = elements.create("card", { hidePostalCode: true });
  var errors = document.getElementById("card-errors");
  var button = document.getElementById("card-submit");
  card.mount("#card-element");
  button.hidden = false;
  var busy = false;

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (busy) {
      return;
    }
    busy = true;
    button.disabled = true;
    errors.textContent = "";
    // The card is saved with a SetupIntent; the server charges it (at once, or when the goal is reached).
    stripe.confirmCardSetup(form.dataset.clientSecret, { payment_method: { card: card } }).then(function (result) {
      if (result.error) {
        errors.textContent = result.error.message || form.dataset.errorMessage;
        busy = false;
        button.disabled = false;
        return;
      }
      // The server asks Stripe itself what happened; the browser's word is never taken for it.
      form.submit();
    });
  });
})();

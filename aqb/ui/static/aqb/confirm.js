/* Confirmations (docs/decisions.md, "Confirmations"): a form marked data-aqb-confirm="ID"
   asks in the <dialog id="ID"> before it goes on. Without JavaScript (or without <dialog>)
   the same form leads to a confirmation page or carries a required confirmation field, so
   no weighty step ever runs on one click. No inline handlers: a form field named "confirm"
   once shadowed window.confirm in onsubmit="return confirm(...)" and the question never came. */
(function () {
  "use strict";

  function opener(dialog) {
    return document.querySelector('[data-aqb-confirm="' + dialog.id + '"]');
  }

  function echo(dialog, form) {
    dialog.querySelectorAll("[data-aqb-echo]").forEach(function (slot) {
      var field = form.elements.namedItem(slot.getAttribute("data-aqb-echo"));
      var value = field && field.value ? field.value : "–";
      if (field && field.type === "date" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
        var p = value.split("-");
        value = p[2] + "." + p[1] + "." + p[0];
      }
      slot.textContent = value;
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var id = form.getAttribute && form.getAttribute("data-aqb-confirm");
    if (!id) return;
    if (form.dataset.aqbConfirmed === "ja") { delete form.dataset.aqbConfirmed; return; }
    var dialog = document.getElementById(id);
    if (!dialog || typeof dialog.showModal !== "function") return;  // the page asks instead
    event.preventDefault();
    dialog.aqbReturnFocus = event.submitter || document.activeElement;
    dialog.aqbSubmitter = event.submitter || null;
    echo(dialog, form);
    dialog.showModal();
    // The least weighty choice first: Enter or Space on the focused button cancels.
    var cancel = dialog.querySelector("[data-aqb-cancel]");
    if (cancel) cancel.focus();
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-aqb-cancel], [data-aqb-accept]");
    if (!button) return;
    var dialog = button.closest("dialog");
    if (!dialog) return;
    if (button.hasAttribute("data-aqb-cancel")) {
      dialog.close("abgebrochen");
      return;
    }
    // Accept for a form that asks about itself (e.g. a signature): submit it now.
    var form = opener(dialog);
    if (!form) return;
    dialog.aqbReturnFocus = null;
    dialog.close("bestaetigt");
    form.dataset.aqbConfirmed = "ja";
    if (typeof form.requestSubmit === "function") form.requestSubmit(dialog.aqbSubmitter || undefined);
    else form.submit();
  });

  document.addEventListener("close", function (event) {
    var dialog = event.target;
    if (!(dialog instanceof HTMLDialogElement) || !dialog.hasAttribute("data-aqb-dialog")) return;
    if (dialog.aqbReturnFocus && document.contains(dialog.aqbReturnFocus)) dialog.aqbReturnFocus.focus();
  }, true);
})();

// Running sum of the money fields marked data-summe in a form: updates the elements
// [data-summe-ausgabe] (the sum) and [data-summe-rest] (target minus sum) on every input.
// The server computes the same row on every response; without JavaScript it stays as sent.
(function () {
  "use strict";
  function cents(text) {
    var t = (text || "").replace(/[\s\u00a0\u202f€]|EUR|Euro/gi, "");
    if (!t) return 0;
    if (t.indexOf(",") >= 0) t = t.replace(/\./g, "").replace(",", ".");
    else if (/^\d{1,3}(\.\d{3})+$/.test(t)) t = t.replace(/\./g, "");
    if (!/^\d+(\.\d*)?$/.test(t)) return null;
    var parts = t.split(".");
    var frac = ((parts[1] || "") + "000").slice(0, 3);
    var c = parseInt(parts[0], 10) * 100 + parseInt(frac.slice(0, 2), 10);
    return frac[2] >= "5" ? c + 1 : c;  // half up to the cent, as on the server
  }
  function eur(c) {
    var sign = c < 0 ? "-" : "";
    c = Math.abs(c);
    var euros = Math.floor(c / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return sign + euros + "," + ("0" + (c % 100)).slice(-2) + "\u00a0€";
  }
  function update(form) {
    var total = 0, bad = false;
    form.querySelectorAll("[data-summe]").forEach(function (input) {
      var c = cents(input.value);
      if (c === null) bad = true; else total += c;
    });
    form.querySelectorAll("[data-summe-ausgabe]").forEach(function (out) {
      out.textContent = eur(total) + (bad ? " (ohne unlesbare Eingaben)" : "");
    });
    form.querySelectorAll("[data-summe-rest]").forEach(function (out) {
      out.textContent = eur(cents(out.getAttribute("data-summe-soll")) - total);
    });
  }
  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && event.target.hasAttribute("data-summe")) update(form);
  });
})();

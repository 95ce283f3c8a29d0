/* Anbefalt: small enhancements. Every page works without this script. */
(function () {
  "use strict";

  /* Folded details must print and be found with the browser's find: open them before printing. */
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (el) {
      el.open = true;
      opened.push(el);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (el) { el.open = false; });
    opened = [];
  });

  /* "Alle anbefalinger": filter the table by strength and chapter. */
  function setUpFilter(form) {
    var table = document.querySelector(".anbefalt-oversikt");
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var selects = form.querySelectorAll("select[data-filter]");
    var count = form.querySelector("[data-filter-antall]");
    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var visible = Array.prototype.every.call(selects, function (select) {
          return !select.value || row.dataset[select.dataset.filter] === select.value;
        });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      count.textContent = "Viser " + shown + " av " + rows.length + " anbefalinger";
    }
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  /* mkdocs-material swaps pages without reloading when instant loading is on; run on each page. */
  function init() {
    document.querySelectorAll("[data-anbefalt-filter]").forEach(setUpFilter);
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

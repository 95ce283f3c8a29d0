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

  /* "Alle anbefalinger": filter the cards and the table by strength and chapter. The choice is kept in the
     address (?styrke=…&kapittel=…), so it can be shared and survives reload and the back button. */
  function setUpFilter(form) {
    var items = Array.prototype.slice.call(document.querySelectorAll(".anbefalt-oversikt tbody tr"));
    var cards = Array.prototype.slice.call(document.querySelectorAll(".anbefalt-kortliste > li"));
    if (!items.length) return;
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var count = form.querySelector("[data-filter-antall]");
    var none = document.querySelector("[data-filter-ingen]");
    function words(n) {
      return (n === 1 ? form.dataset.en : form.dataset.flere).replace("{n}", n);
    }
    function matches(element) {
      return selects.every(function (select) {
        return !select.value || element.dataset[select.dataset.filter] === select.value;
      });
    }
    function fromAddress() {
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (select) {
        var wanted = params.get(select.dataset.filter) || "";
        var known = Array.prototype.some.call(select.options, function (option) { return option.value === wanted; });
        select.value = known ? wanted : "";
      });
    }
    function toAddress() {
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (select) {
        if (select.value) params.set(select.dataset.filter, select.value); else params.delete(select.dataset.filter);
      });
      var query = params.toString();
      history.replaceState(history.state, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }
    function apply() {
      var shown = 0;
      items.forEach(function (row) {
        row.hidden = !matches(row);
        if (!row.hidden) shown += 1;
      });
      cards.forEach(function (card) { card.hidden = !matches(card); });
      count.textContent = form.dataset.viser.replace("{vist}", shown).replace("{antall}", words(items.length));
      if (none) none.hidden = shown > 0;
    }
    selects.forEach(function (select) {
      select.addEventListener("change", function () { toAddress(); apply(); });
    });
    window.addEventListener("popstate", function () { fromAddress(); apply(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    fromAddress();
    form.hidden = false;
    apply();
  }

  function formatDate(date, data) {
    var months = (data.maaneder || "").split("|"), days = (data.dager || "").split("|");
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return data.datomal.replace(/'([^']*)'|d+|[ML]+|y+|E+/g, function (token, quoted) {
      var kind = token.charAt(0), n = token.length, month = date.getMonth() + 1, year = String(date.getFullYear());
      if (quoted !== undefined) return quoted || "'";
      if (kind === "d") return n > 1 ? two(date.getDate()) : String(date.getDate());
      if (kind === "M" || kind === "L") return n > 2 ? months[month - 1] : n > 1 ? two(month) : String(month);
      if (kind === "y") return n === 2 ? year.slice(-2) : year;
      return days[date.getDay()];
    });
  }

  /* "Slik siterer du": the date read is the reader's own, and where the site's address is not configured the
     page's address is the one it is read at. Without the script the citation says what to fill in. */
  function fillCitation() {
    var today = new Date();
    /* In the page's language, as the build writes dates (05.01.2019, 5 January 2019): by the locale's CLDR pattern
       and names the page gives, not the browser's locale data, which may lack the language (nynorsk). */
    document.querySelectorAll("[data-anbefalt-lest]").forEach(function (el) {
      el.textContent = formatDate(today, el.dataset);
    });
    document.querySelectorAll("[data-anbefalt-adresse][data-anbefalt-ukjent]").forEach(function (el) {
      /* The attribute holds the cited page's address relative to this one (a version's fixed address). */
      if (location.protocol === "http:" || location.protocol === "https:") {
        el.textContent = new URL(el.getAttribute("data-anbefalt-ukjent"), location.href).href;
      }
    });
  }

  /* mkdocs-material swaps pages without reloading when instant loading is on; run on each page. */
  function init() {
    document.querySelectorAll("[data-anbefalt-filter]").forEach(setUpFilter);
    fillCitation();
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

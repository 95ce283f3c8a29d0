/* Anbefalt: Norwegian stemming for mkdocs-material's search.
 *
 * The stock search has no Norwegian stemming: "behandlingen" or "selvhjelpsgruppene" find nothing,
 * because the query (with its trailing wildcard) must be a prefix of a word in the index. This worker
 * wraps Material's own worker and, before each query reaches it, reduces every word to its Snowball
 * stem with lunr-languages' Norwegian stemmer (which Material already ships), so "behandlingen"
 * becomes "behandling*" and matches "behandling" and "behandlingen". The index is not changed.
 * Numbers and short words are left as they are. Longer words are also searched with one edit allowed,
 * so "brukermedvirkng" still finds "brukermedvirkning".
 */
(function () {
  "use strict";
  var QUERY = 2; /* Material's SearchMessageType.QUERY */
  /* As a real worker, Material's worker is named in our URL; opened from a folder (file://), the
     iframe-worker shim runs us inside an iframe of the page, which holds the name in its config. */
  var worker = new URLSearchParams(self.location.search).get("worker") ||
    JSON.parse(parent.document.getElementById("__config").textContent).anbefaltSearchWorker;

  function stem(word) {
    if (typeof lunr === "undefined" || !lunr.no || !lunr.no.stemmer) return word;
    var stemmed = lunr.no.stemmer(new lunr.Token(word.toLowerCase())).toString();
    return stemmed.length >= 4 ? stemmed : word;
  }

  /* Each longer word also as a fuzzy term (one edit), so a typo still finds the page. */
  function stemQuery(query) {
    return query.replace(/[\p{L}]{5,}/gu, function (word) {
      var stemmed = stem(word);
      return word.length >= 7 ? stemmed + " " + word.toLowerCase() + "~1" : stemmed;
    });
  }

  var addEventListener = self.addEventListener.bind(self);
  self.addEventListener = function (type, listener, options) {
    if (type !== "message") return addEventListener(type, listener, options);
    return addEventListener(type, function (event) {
      var message = event.data;
      if (message && message.type === QUERY && typeof message.data === "string") {
        listener({ data: { type: QUERY, data: stemQuery(message.data) } });
      } else {
        listener(event);
      }
    }, options);
  };
  importScripts(worker);
})();

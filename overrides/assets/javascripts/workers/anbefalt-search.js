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

  /* Served over http(s), the site's lunr index is left empty by the build and Pagefind's index, which
     loads in small pieces, answers instead; opened from a folder (file://), where Pagefind cannot load,
     the full lunr index is there and Material's worker answers, with the stemming above. */
  var SETUP = 0, RESULT = 3;
  var pagefind = null;
  var latest = 0;

  function usePagefind(message) {
    if (!message.data || !message.data.docs || message.data.docs.length) return;
    var base = new URL("../../../", self.location.href);
    /* A large library's index comes in parts (pagefind/deler.json lists the others): merged, they answer as one. */
    pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
      return module.options({ baseUrl: base.pathname }).then(function () {
        return fetch(new URL("pagefind/deler.json", base).href).then(function (response) {
          return response.ok ? response.json() : [];
        }, function () { return []; });
      }).then(function (parts) {
        return Promise.all(parts.map(function (part) {
          return module.mergeIndex(new URL("pagefind/" + part, base).href, { baseUrl: base.pathname });
        }));
      }).then(function () { return module; });
    });
  }

  function relative(url) {
    var base = new URL("../../../", self.location.href).pathname;
    return url.indexOf(base) === 0 ? url.slice(base.length) : url.replace(/^\//, "");
  }

  function pagefindResults(query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    var terms = {};
    words.forEach(function (word) { terms[word] = true; });
    /* A recommendation's number (XIV, 2.3) finds that recommendation first: numbers are a filter. */
    var number = /^\s*([IVXLCDM]+|\d+(?:\.\d+)*)\s*$/i.exec(query);
    return pagefind.then(function (module) {
      return Promise.all([
        number ? module.search(null, { filters: { nummer: number[1].toUpperCase() } }) : { results: [] },
        module.search(query),
      ]);
    }).then(function (searches) {
      var seen = {};
      var results = searches[0].results.concat(searches[1].results).filter(function (result) {
        return seen[result.id] ? false : (seen[result.id] = true);
      });
      return Promise.all(results.slice(0, 10).map(function (result) {
        return result.data().then(function (data) {
          var page = { location: relative(data.url), title: data.meta.title || data.url, text: data.excerpt,
                       score: result.score, terms: terms };
          var sections = (data.sub_results || []).filter(function (sub) {
            return sub.url !== data.url && sub.title !== page.title;
          })
            .slice(0, 3).map(function (sub) {
              return { location: relative(sub.url), title: sub.title, text: sub.excerpt,
                       score: result.score / 2, terms: terms, parent: page };
            });
          return [page].concat(sections);
        });
      }));
    }).then(function (items) {
      return { type: RESULT, data: { items: items } };
    });
  }

  var addEventListener = self.addEventListener.bind(self);
  self.addEventListener = function (type, listener, options) {
    if (type !== "message") return addEventListener(type, listener, options);
    return addEventListener(type, function (event) {
      var message = event.data;
      if (message && message.type === SETUP) usePagefind(message);
      if (message && message.type === QUERY && typeof message.data === "string") {
        if (pagefind) {
          /* Answers arrive out of order while the reader types; only the newest query's is shown. */
          var asked = ++latest;
          pagefindResults(message.data).then(function (result) {
            if (asked === latest) postMessage(result);
          });
          return;
        }
        listener({ data: { type: QUERY, data: stemQuery(message.data) } });
      } else {
        listener(event);
      }
    }, options);
  };
  importScripts(worker);
})();

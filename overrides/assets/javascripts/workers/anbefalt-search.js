/* Anbefalt: search in the page's language for mkdocs-material's search box.
 *
 * Served over http(s), Pagefind answers: the build indexes every page in its own language (its <html lang>),
 * with that language's stemming, one index per language, and this worker asks the index of the language of
 * the page the reader searches from (the page passes it in our URL, ?lang=…).
 *
 * Opened from a folder (file://), lunr answers, and the stock search has no stemming of queries:
 * "behandlingen" or "selvhjelpsgruppene" find nothing, because the query (with its trailing wildcard) must be
 * a prefix of a word in the index. This worker wraps Material's own worker and, before each query reaches
 * it, reduces every word to its Snowball stem with the stemmer of the index's language (lunr-languages, which
 * Material ships: Norwegian, German …; lunr's own for English), so "behandlingen" becomes "behandling*" and
 * matches "behandling" and "behandlingen". The index is not changed. Numbers and short words are left as they
 * are. Longer words are also searched with one edit allowed, so "brukermedvirkng" still finds
 * "brukermedvirkning".
 */
(function () {
  "use strict";
  var QUERY = 2; /* Material's SearchMessageType.QUERY */
  /* As a real worker, Material's worker is named in our URL; opened from a folder (file://), the
     iframe-worker shim runs us inside an iframe of the page, which holds the name in its config. */
  var params = new URLSearchParams(self.location.search);
  var worker = params.get("worker") ||
    JSON.parse(parent.document.getElementById("__config").textContent).anbefaltSearchWorker;
  /* The language of the page searched from: Pagefind's index for it. */
  var language = params.get("lang") || "unknown";
  /* The language lunr's index was built in (Material's SETUP message: config.lang), for the offline copy. */
  var indexLanguage = "en";

  function stemmer() {
    if (typeof lunr === "undefined") return null;
    if (indexLanguage === "en") return lunr.stemmer || null;
    return (lunr[indexLanguage] && lunr[indexLanguage].stemmer) || null;
  }

  function stem(word) {
    var reduce = stemmer();
    if (!reduce) return word;
    var stemmed = reduce(new lunr.Token(word.toLowerCase())).toString();
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
    if (message.data && message.data.config && message.data.config.lang && message.data.config.lang.length) {
      indexLanguage = message.data.config.lang[0];
    }
    if (!message.data || !message.data.docs || message.data.docs.length) return;
    /* Pagefind picks its index by the page's <html lang>, which a worker cannot see: tell it. */
    if (typeof self.document === "undefined") {
      self.document = { querySelector: function () { return { getAttribute: function () { return language; } }; } };
    }
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

  /* The search box's boundary. Material inserts a result's title and text as HTML, and Pagefind's index
     holds the pages' text as plain text (a title shown on its page as "<img …>" is "<img …>" in the index).
     So every piece of index text is escaped here, and the only markup in a result is the <mark> added here. */
  var ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" };

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return ENTITIES[c]; });
  }

  /* Pagefind 1.5 builds an excerpt from the page text with "<" and ">" (only) written as &lt; and &gt;, and
     wraps the words found in <mark>…</mark>. Undo exactly that, then escape the text in full. */
  function excerpt(html) {
    return String(html || "").split(/(<\/?mark>)/).map(function (part) {
      if (part === "<mark>" || part === "</mark>") return part;
      return escapeHtml(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
    }).join("");
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
          var title = data.meta.title || data.url;
          var page = { location: relative(data.url), title: escapeHtml(title), text: excerpt(data.excerpt),
                       score: result.score, terms: terms };
          var sections = (data.sub_results || []).filter(function (sub) {
            return sub.url !== data.url && sub.title !== title;
          })
            .slice(0, 3).map(function (sub) {
              return { location: relative(sub.url), title: escapeHtml(sub.title), text: excerpt(sub.excerpt),
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

// Anbefalt's additions to Decap CMS: the project's YAML format, ids made from titles, the checks the browser can
// make before saving, and a preview in the site's own HTML. What they need from the model and site_config comes
// from anbefalt.json, which the build writes beside this file.
import * as YAML from "./vendor/yaml/index.js";
import { marked } from "./vendor/marked.esm.js";
import { format } from "./anbefalt-format.js";
import { makePreview } from "./anbefalt-preview.js";

const FOLD = { "æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a" };

// As generator/edit/new.py's slugify: the id `new` would give the same title.
export function slugify(text) {
  const folded = String(text || "").replace(/[æøåÆØÅ]/g, (c) => FOLD[c]).normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
  return folded.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 64).replace(/-+$/, "");
}

// A message of the site's language (anbefalt.json's messages), its {placeholders} filled in.
function say(template, values) {
  return template.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
}

async function main() {
  const response = await fetch("anbefalt.json", { cache: "no-store" });
  const data = await response.json();
  const CMS = window.CMS;

  // Links in previews never run code: only http(s), mailto, anchors and relative links are kept.
  marked.use({
    walkTokens(token) {
      if (token.type === "link" && /^\s*[a-z][a-z0-9+.-]*:/i.test(token.href) && !/^\s*(https?|mailto):/i.test(token.href)) {
        token.href = "#";
      }
    },
  });

  // A format per kind and language, each writing its language's schema modeline into a new file.
  for (const [name, { kind, modeline }] of Object.entries(data.formats)) {
    CMS.registerCustomFormat(name, "yaml", format(YAML, data.order[kind], modeline));
  }

  CMS.registerEventListener({
    name: "preSave",
    handler: ({ entry }) => {
      let values = entry.get("data");
      const isNew = entry.get("newRecord");
      if (!values.get("id")) values = values.set("id", slugify(values.get("tittel")));
      const id = values.get("id");
      const field = say(data.messages.field, { field: "id" });
      if (!new RegExp(data.patterns.slug).test(id)) {
        throw new Error(`${field}: ${say(data.messages.id_pattern, { id })}`);
      }
      if (isNew && data.taken.includes(id)) {
        throw new Error(`${field}: ${say(data.messages.id_taken, { id })}`);
      }
      return values;
    },
  });

  for (const style of data.styles) CMS.registerPreviewStyle(style);
  for (const guideline of data.guidelines) {
    const html = makePreview(marked, data.site, data.languages[guideline.language], guideline);
    const Preview = window.createClass({
      render() {
        const rec = this.props.entry.get("data").toJS();
        return window.h("div", { className: "md-typeset anbefalt-forhandsvisning", "data-md-color-scheme": "default",
          dangerouslySetInnerHTML: { __html: html(rec) } });
      },
    });
    CMS.registerPreviewTemplate(`anbefalinger-${guideline.id}`, Preview);
  }
  CMS.init();
}

main().catch(async (error) => {
  const shown = String(error).replace(/</g, "&lt;");
  let message = shown;
  try {
    const data = await (await fetch("anbefalt.json", { cache: "no-store" })).json();
    message = say(data.messages.failed, { error: shown });
  } catch (ignored) {
    // anbefalt.json itself could not be read: the error alone says what went wrong.
  }
  document.body.insertAdjacentHTML("afterbegin", `<p role="alert">${message}</p>`);
});

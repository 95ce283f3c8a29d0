// The editor's preview of a recommendation, in the site's own HTML and stylesheets: the head (strength badge,
// text, grading) and then the sections in the order render/sections.py declares them (sent in anbefalt.json),
// one branch per way of showing, as generator/render/templates/_sections.md.j2 has. Everything in the guideline's
// language: its labels, its dates (the locale's format) and the words editors write, read as the model's values.

const escape = (text) => String(text ?? "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
  .replace(/"/g, "&quot;");

export function makePreview(marked, site, language, guideline) {
  const labels = language.labels;
  const s = labels.seksjon;
  const numbers = Object.fromEntries(guideline.references.map((r, i) => [r.id, i + 1]));
  const referencesUrl = `../../${language.references}/`;
  // A word editors write ('strong', 'gjeldande') as the model's value, which labels are keyed by.
  const value = (vocabulary, word) => language.values[vocabulary][word] ?? word;

  // As the build writes dates (05.01.2019, 5 January 2019): by the locale's CLDR pattern and the names the build
  // gives (Labels.date_pattern), not the browser's locale data, which may lack the language (nynorsk). The site's
  // script (overrides/assets/javascripts/anbefalt.js, formatDate) reads the same pattern.
  function formatDate(text) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    if (!match) return s.ikke_registrert;
    const [day, month, year] = [+match[3], +match[2], match[1]];
    const weekday = new Date(Date.UTC(+year, month - 1, day)).getUTCDay();
    const names = (list) => (list || "").split("|");
    const two = (n) => String(n).padStart(2, "0");
    return language.date.datomal.replace(/'([^']*)'|d+|[ML]+|y+|E+/g, (token, quoted) => {
      const kind = token[0], n = token.length;
      if (quoted !== undefined) return quoted || "'";
      if (kind === "d") return n > 1 ? two(day) : String(day);
      if (kind === "M" || kind === "L") return n > 2 ? names(language.date.maaneder)[month - 1] : n > 1 ? two(month) : String(month);
      if (kind === "y") return n === 2 ? year.slice(-2) : year;
      return names(language.date.dager)[weekday];
    });
  }

  // Markdown as the site renders it: no raw HTML (the model refuses it), [@key] as a numbered link.
  const md = (text) => {
    if (!text) return "";
    const cited = String(text).replace(/\[@([a-z0-9-]+)\]/g, (all, key) =>
      key in numbers ? `[\\[${numbers[key]}\\]](${referencesUrl}#${key})` : all);
    return marked.parse(cited.replace(/&/g, "&amp;").replace(/</g, "&lt;"), { async: false });
  };

  const fact = (rec, name) => {
    if (name === "status") return escape(labels.status[value("status", rec.status)] ?? rec.status ?? "");
    if (!rec[name] || /^\d{4}-\d{2}-\d{2}$/.test(rec[name])) return escape(formatDate(rec[name]));
    return escape(rec[name]);
  };

  const present = (rec, item) => item.always.length > 0 || item.fields.some((name) => {
    const value = rec[name];
    if (Array.isArray(value)) return value.length > 0;
    if (value && typeof value === "object") return Object.values(value).some((v) => v && (!Array.isArray(v) || v.length));
    return Boolean(value);
  });

  const etd = (rec) => {
    const scale = language.scales[rec.etd.skala];
    if (!scale) return `<p>${escape(rec.etd.skala)}?</p>`;
    const rows = rec.etd.kriterier || [];
    const explained = rows.some((c) => c && c.forklaring);
    const caption = [s.etd_tabell, rec.tiltak && `${s.tiltak}: ${rec.tiltak}`,
      rec.alternativ && `${s.alternativ}: ${rec.alternativ}`, scale.navn].filter(Boolean).join(". ") + ".";
    const head = `<tr><th scope="col">${escape(s.kriterium)}</th>${scale.kolonner.map((c) =>
      `<th scope="col" data-kolonne="${escape(c.id)}">${escape(c.navn)}</th>`).join("")}${explained ? `<th scope="col">${escape(s.forklaring)}</th>` : ""}</tr>`;
    const body = rows.filter(Boolean).map((c) => `<tr><th scope="row">${escape(c.kriterium)}</th>${scale.kolonner.map((col) =>
      (c.markert || []).includes(col.id)
        ? `<td class="anbefalt-etd__markert" data-kolonne="${escape(col.id)}">${c.tekst ? escape(c.tekst) : `<span aria-hidden="true">✕</span><span class="anbefalt-sr">${escape(s.markert)}</span>`}</td>`
        : `<td data-kolonne="${escape(col.id)}"></td>`).join("")}${explained ? `<td>${escape(c.forklaring || "")}</td>` : ""}</tr>`).join("");
    return `<details class="anbefalt-etd" open><summary>${escape(s.etd_vis)}</summary><div class="anbefalt-tabell">` +
      `<table class="anbefalt-etd-tabell"><caption>${escape(caption)}</caption><thead>${head}</thead><tbody>${body}</tbody></table></div></details>`;
  };

  const show = (rec, item) => {
    const value = rec[item.fields[0]];
    switch (item.show) {
      case "markdown":
        return (item.label ? `<h3>${escape(s[item.label])}</h3>` : "") + md(value);
      case "keyinfo":
        return Object.entries(value || {}).filter(([, text]) => text).map(([key, text]) => `<h3>${escape(s[key])}</h3>${md(text)}`).join("");
      case "facts":
        return `<dl class="anbefalt-fakta">${item.fields.filter((n) => rec[n] || item.always.includes(n)).map((n) =>
          `<dt>${escape(s[n])}</dt><dd>${fact(rec, n)}</dd>`).join("")}</dl>`;
      case "etd":
        return etd(rec);
      case "references":
        return `<ol>${(value || []).map((key) => {
          const ref = guideline.references[numbers[key] - 1];
          return `<li>${ref ? md(ref.tekst).replace(/^<p>|<\/p>\s*$/g, "") : escape(key)} <a href="${referencesUrl}#${escape(key)}">[${numbers[key] ?? "?"}]</a></li>`;
        }).join("")}</ol>`;
      case "changes":
        return `<h3>${escape(s[item.label])}</h3><ul>${(value || []).filter(Boolean).map((c) =>
          `<li><strong>${escape(formatDate(c.dato))}:</strong> ${md(c.endring).replace(/^<p>|<\/p>\s*$/g, "")}` +
          `${c.begrunnelse ? ` — ${md(c.begrunnelse).replace(/^<p>|<\/p>\s*$/g, "")}` : ""}</li>`).join("")}</ul>`;
      case "keywords":
        return `<p class="anbefalt-stikkord"><strong>${escape(s[item.label])}:</strong> ${escape((value || []).join(", "))}</p>`;
      case "source":
        return `<p>${escape(value.dokument || "")}${value.sted ? `. ${escape(value.sted)}` : ""}${value.url ? `. <a href="${escape(value.url)}">${escape(value.url)}</a>` : ""}</p>`;
      default:
        return "";
    }
  };

  return function html(rec) {
    const written = rec.gradering || {};
    const grading = { ...written, styrke: value("styrke", written.styrke), retning: value("retning", written.retning) };
    const strength = site.css.styrke[grading.styrke] || "ugradert";
    const chapter = guideline.chapters[rec.kapittel] || rec.kapittel || "";
    const wording = grading.retning ? labels.anbefalingstype[`${grading.styrke}/${grading.retning}`] : null;
    const certainty = rec.kunnskapsgrunnlag ? labels.kunnskapsgrunnlag[value("kunnskapsgrunnlag", rec.kunnskapsgrunnlag)]
      : labels.kunnskapsgrunnlag_mangler;
    const status = value("status", rec.status);
    const banner = status && status !== "gjeldende"
      ? `<div class="anbefalt-status anbefalt-status--${site.css.status[status] || ""}" role="note"><p><strong>${escape(labels.status[status])}</strong>` +
        `${rec.horingsfrist ? `. ${escape(s.horingsfrist)}: ${escape(formatDate(rec.horingsfrist))}` : ""}</p></div>` : "";
    const parts = [
      `<h1>${escape(rec.tittel || "")}</h1>`,
      `<p class="anbefalt-plassering">${escape(s.anbefaling)} ${escape(rec.nummer ?? "")} · <a href="#">${escape(chapter)}</a></p>`,
      banner,
      `<div class="anbefalt-anbefaling anbefalt-anbefaling--${strength}">`,
      `<p class="anbefalt-styrke anbefalt-styrke--${strength}"><span class="anbefalt-styrke__ikon" aria-hidden="true"></span>${escape(labels.styrke[grading.styrke] || "")}</p>`,
      md(rec.tekst),
      `<p class="anbefalt-gradering">${wording ? `<span>${escape(s.type_anbefaling)}: ${escape(wording)}</span> · ` : ""}<span>${escape(certainty)}</span></p>`,
      `</div>`,
    ];
    if (grading.merknad) {
      parts.push(`<details class="anbefalt-merknad" open><summary>${escape(s.gradering_merknad)}</summary>${md(grading.merknad)}</details>`);
    }
    for (const section of site.sections) {
      const items = section.items.filter((item) => present(rec, item));
      if (!items.length) continue;
      if (section.label) parts.push(`<h2>${escape(s[section.label])}</h2>`);
      for (const item of items) parts.push(show(rec, item));
    }
    return parts.join("\n");
  };
}

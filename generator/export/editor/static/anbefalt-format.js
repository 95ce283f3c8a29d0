// The YAML the web editor writes, in the project's own style, so a change made in the browser reads like one
// made by hand and its diff shows only what changed.
//
// - A new file: the schema modeline first, keys in the model's order, empty fields left out, text on one line
//   when it fits, a long paragraph folded (`>-`) at WIDTH, text of several lines as a literal block (`|`),
//   short lists of words in brackets, numbers that are text quoted ("1").
// - An existing file: only the keys whose value changed are rewritten (nested groups key by key); every other
//   line, comments and blank lines included, is kept byte for byte. Loading and saving without a change gives
//   the file back unchanged.
//
// Values are read as the project's loader reads them (generator/load/document.py): null, true/false and
// integers are typed, everything else (2024-01-01, 1.10, no) is text.

export const SOURCE = "__anbefalt_kilde";
const WIDTH = 100;

function schemaOptions(YAML) {
  return {
    version: "1.2",
    schema: "core",
    // Only null, booleans and decimal integers are typed, as in the project's loader.
    customTags: (tags) => tags.filter((t) => !/float|int$/.test(t.tag) || (t.tag.endsWith("int") && !t.format)),
    intAsBigInt: false,
    uniqueKeys: true,
  };
}

export function parse(YAML, text) {
  const doc = YAML.parseDocument(text, schemaOptions(YAML));
  if (doc.errors.length) {
    throw new Error("YAML: " + doc.errors.map((e) => e.message).join("; "));
  }
  return doc;
}

function isEmpty(value) {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.every(isEmpty);
  if (typeof value === "object") return Object.values(value).every(isEmpty);
  return false;
}

function plainSafe(YAML, text) {
  if (text === "" || /[\n\r\t]/.test(text) || text !== text.trim()) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(text) || /: |:$| #/.test(text)) return false;
  const back = YAML.parseDocument(`k: ${text}\n`, schemaOptions(YAML));
  return !back.errors.length && back.toJS().k === text;
}

// A double-quoted scalar, wrapped with escaped line breaks (which add nothing) when it is long.
function quoted(text, pad = "", room = WIDTH) {
  const whole = JSON.stringify(text);
  if (whole.length <= room) return [whole];
  const lines = [];
  let rest = whole;
  let limit = room - 2;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf(" ", limit - 1);
    if (cut < 10) cut = limit - 1;
    while (/\\[^"]?$/.test(rest.slice(Math.max(0, cut - 6), cut)) && cut > 10) cut -= 1;
    lines.push(rest.slice(0, cut) + "\\");
    rest = rest.slice(cut);
    if (rest.startsWith(" ")) rest = "\\" + rest;
    limit = WIDTH - pad.length - 2;
  }
  lines.push(rest);
  return [lines[0], ...lines.slice(1).map((l) => pad + l)];
}

function fold(text, width) {
  const words = text.split(" ");
  const lines = [];
  let line = "";
  for (const word of words) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines;
}

// The text after `key:` (with its leading space) and the lines under it, for one scalar.
function scalar(YAML, value, indent, room) {
  if (value === null || value === undefined || value === "") return [""];
  if (typeof value === "number" || typeof value === "boolean") return [" " + String(value)];
  const text = String(value);
  const pad = " ".repeat(indent + 2);
  if (text.includes("\n")) {
    const body = text.replace(/\n+$/, "");
    const trailing = text.length - body.length;
    const lines = body.split("\n");
    if (!/^\s/.test(lines[0]) && !lines.some((l) => /[ \t]$/.test(l))) {
      const chomp = trailing === 0 ? "-" : trailing === 1 ? "" : "+";
      const extra = trailing > 1 ? Array(trailing - 1).fill("") : [];
      return [` |${chomp}`, ...lines.map((l) => (l ? pad + l : "")), ...extra];
    }
    const [first, ...rest] = quoted(text, pad, room);
    return [" " + first, ...rest];
  }
  if (plainSafe(YAML, text) && text.length <= room) return [" " + text];
  const foldable = !/ {2}|^\s|\s$|\t/.test(text) && !text.split(" ").some((w) => w.length > WIDTH);
  if (text.length > room && foldable) {
    return [" >-", ...fold(text, WIDTH - indent - 2).map((l) => pad + l)];
  }
  const [first, ...rest] = quoted(text, pad, room);
  return [" " + first, ...rest];
}

function flowList(YAML, items) {
  if (!items.every((i) => typeof i === "string" && plainSafe(YAML, i) && !/[,[\]{}]/.test(i))) return null;
  return `[${items.join(", ")}]`;
}

function orderedKeys(value, order) {
  const known = order ? Object.keys(order).filter((k) => k in value) : [];
  return [...known, ...Object.keys(value).filter((k) => !known.includes(k) && k !== SOURCE)];
}

// Lines for `key: value` at an indent, or [] for an empty value when omitEmpty.
export function pairLines(YAML, key, value, order, indent, omitEmpty) {
  const pad = " ".repeat(indent);
  if (omitEmpty && isEmpty(value)) return [];
  if (Array.isArray(value)) {
    const items = omitEmpty ? value.filter((v) => !isEmpty(v)) : value;
    if (!items.length) return [`${pad}${key}: []`];
    if (items.every((i) => i === null || typeof i !== "object")) {
      const flow = flowList(YAML, items);
      if (flow && pad.length + key.length + 2 + flow.length <= WIDTH) return [`${pad}${key}: ${flow}`];
      return [`${pad}${key}:`, ...items.flatMap((i) => listScalar(YAML, i, indent + 2))];
    }
    return [`${pad}${key}:`, ...items.flatMap((i) => listItem(YAML, i, order, indent + 2, omitEmpty))];
  }
  if (value !== null && typeof value === "object") {
    const inner = mapLines(YAML, value, order, indent + 2, omitEmpty);
    return inner.length ? [`${pad}${key}:`, ...inner] : [`${pad}${key}:`];
  }
  const [first, ...rest] = scalar(YAML, value, indent, WIDTH - indent - key.length - 2);
  return [`${pad}${key}:${first}`, ...rest];
}

function listScalar(YAML, item, indent) {
  const [first, ...rest] = scalar(YAML, item, indent, WIDTH - indent - 2);
  return [`${" ".repeat(indent)}-${first}`, ...rest];
}

function listItem(YAML, item, order, indent, omitEmpty) {
  if (item === null || typeof item !== "object" || Array.isArray(item)) return listScalar(YAML, item, indent);
  const lines = mapLines(YAML, item, order, indent + 2, omitEmpty);
  if (!lines.length) return [`${" ".repeat(indent)}- {}`];
  return [`${" ".repeat(indent)}- ${lines[0].trimStart()}`, ...lines.slice(1)];
}

export function mapLines(YAML, value, order, indent, omitEmpty) {
  return orderedKeys(value, order).flatMap((key) =>
    pairLines(YAML, key, value[key], order ? order[key] : null, indent, omitEmpty));
}

function same(a, b) {
  return JSON.stringify(normal(a)) === JSON.stringify(normal(b));
}

function normal(value) {
  if (value === "" || value === undefined) return null;
  if (Array.isArray(value)) return value.map(normal);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, normal(value[k])]));
  }
  return value;
}

function lineEnd(text, position) {
  if (position > 0 && text[position - 1] === "\n") return position;
  const next = text.indexOf("\n", position);
  return next === -1 ? text.length : next + 1;
}

// Edits (start, end, text) that turn the map node into value, key by key.
function mapEdits(YAML, source, node, value, order, indent) {
  const edits = [];
  const pairs = new Map(node.items.map((p) => [String(p.key.value), p]));
  let insertAt = null;
  for (const key of orderedKeys(value, order)) {
    const pair = pairs.get(key);
    const sub = order ? order[key] : null;
    if (!pair) {
      if (isEmpty(value[key])) continue;
      const lines = pairLines(YAML, key, value[key], sub, indent, true);
      const at = insertAt ?? (node.range ? node.range[0] : source.length);
      edits.push([at, at, lines.join("\n") + "\n"]);
      continue;
    }
    const end = lineEnd(source, (pair.value || pair.key).range[2]);
    insertAt = end;
    const old = pair.value ? pair.value.toJSON() : null;
    if (same(old, value[key])) continue;
    const nested = pair.value && YAML.isMap(pair.value) && !pair.value.flow;
    if (nested && value[key] && typeof value[key] === "object" && !Array.isArray(value[key])) {
      const column = pair.value.items.length ? columnOf(source, pair.value.items[0].key.range[0]) : indent + 2;
      edits.push(...mapEdits(YAML, source, pair.value, value[key], sub, column));
      continue;
    }
    const lines = pairLines(YAML, key, value[key], sub, indent, false);
    edits.push([pair.key.range[0] - 0, end, lines.join("\n").trimStart() + "\n"]);
  }
  return edits;
}

function columnOf(text, position) {
  return position - (text.lastIndexOf("\n", position - 1) + 1);
}

// Decap's data for one file → the file's text. source: the text the entry was loaded from, if any.
export function dump(YAML, value, order, modeline) {
  const data = { ...value };
  const source = data[SOURCE];
  delete data[SOURCE];
  if (!source) {
    return [modeline, ...mapLines(YAML, data, order, 0, true)].join("\n") + "\n";
  }
  const doc = parse(YAML, source);
  if (!YAML.isMap(doc.contents)) {
    return [modeline, ...mapLines(YAML, data, order, 0, true)].join("\n") + "\n";
  }
  const edits = mapEdits(YAML, source, doc.contents, data, order, 0);
  edits.sort((a, b) => b[0] - a[0] || b[1] - a[1]);
  let text = source;
  for (const [start, end, replacement] of edits) {
    const before = text.slice(0, start);
    const inserted = start === end && before && !before.endsWith("\n");
    text = before + (inserted ? "\n" : "") + replacement + text.slice(end);
  }
  return text.endsWith("\n") ? text : text + "\n";
}

// Decap's custom format for one kind of file ('anbefaling' or 'retningslinje').
export function format(YAML, order, modeline) {
  return {
    fromFile(text) {
      const data = parse(YAML, text).toJS() || {};
      return { ...data, [SOURCE]: text };
    },
    toFile(value) {
      return dump(YAML, value, order, modeline);
    },
  };
}

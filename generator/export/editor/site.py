"""Write the web editor into a folder of the site (admin/): Decap CMS's own script copied from node_modules,
Anbefalt's scripts, the generated config.yml and anbefalt.json. Nothing is loaded from another host."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import yaml

from ...model.messages import msg
from ...model.records import Anbefaling, Retningslinje
from ...model.site_config import SiteConfig
from ...model.text import NUMBER_PATTERN, SLUG_PATTERN
from ...model.vocab import STATUS, STYRKE
from ...render import sections
from ...render.urls import EDITOR_FOLDER
from .config import _inner, _is_model, editor_config, format_name, modeline, schema_folder

STATIC = Path(__file__).parent / "static"
SCRIPTS = ("anbefalt-editor.js", "anbefalt-format.js", "anbefalt-preview.js")
# What each npm package gives the editor: (package, folder in it, files) → admin/vendor/ (Decap: admin/).
VENDOR = (
    ("decap-cms", "dist", ("decap-cms.js", "*.decap-cms.js", "*.wasm", "decap-cms.js.LICENSE.txt"), ""),
    ("yaml", "browser/dist", ("**/*.js",), "vendor/yaml"),
    ("marked", "lib", ("marked.esm.js",), "vendor"),
)
INDEX = """<!doctype html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<script>window.CMS_MANUAL_INIT = true;</script>
<script src="decap-cms.js"></script>
<script type="module" src="anbefalt-editor.js"></script>
</body>
</html>
"""


class EditorMissing(Exception):
    """Decap CMS is not installed (node_modules); says how to install it."""


def node_modules(root: Path) -> Path:
    """The project's node_modules, or this checkout's (a test project in a temporary folder has none)."""
    for base in (root, Path(__file__).resolve().parents[3]):
        if (base / "node_modules" / "decap-cms" / "dist" / "decap-cms.js").is_file():
            return base / "node_modules"
    raise EditorMissing(msg("editor.missing"))


def order(model: type) -> dict[str, Any]:
    """The model's key order, nested, for the YAML the editor writes."""
    tree: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        inner = _inner(info.annotation)
        item = (getattr(inner, "__args__", None) or [None])[0]
        tree[name] = order(inner) if _is_model(inner) else order(item) if _is_model(item) else None
    return tree


def site_data() -> dict[str, Any]:
    """What the preview needs to show a recommendation as the site does: the sections in order and the CSS words."""
    return {
        "sections": [{"label": s.label, "items": [{"fields": list(i.fields), "show": i.show, "label": i.label,
                                                   "always": list(i.always)} for i in s.items]}
                     for s in sections.SECTIONS],
        "css": {"styrke": {k: t.css for k, t in STYRKE.items()}, "status": {k: t.css for k, t in STATUS.items()}},
    }


@dataclass
class EditorData:
    """Everything the editor is generated from: the site's words and scales, the guidelines, the ids in use."""

    config: SiteConfig
    guidelines: list[Retningslinje]
    taken: list[str]


def language_data(config: SiteConfig, language: str) -> dict[str, Any]:
    """What the preview needs of one language: its labels and scales, the model value of each word editors write,
    its dates (the locale's pattern and names, as the site's script takes them) and the address of the reference
    list."""
    labels = config.labels(language)
    return {
        "labels": labels.model_dump(), "scales": {k: v.model_dump() for k, v in config.scales(language).items()},
        "values": {name: labels.verdier.values(name) for name in labels.verdier.tables()},
        "date": labels.date_pattern(),
        "references": labels.adresser.referanser,
    }


def anbefalt_json(data: EditorData, styles: list[str]) -> dict[str, Any]:
    config = data.config

    def language(g: Retningslinje) -> str:
        return g.sprak if g.sprak in config.etikettsett else config.sprak

    languages = sorted({config.sprak, *(language(g) for g in data.guidelines)})
    return {
        "order": {"anbefaling": order(Anbefaling), "retningslinje": order(Retningslinje)},
        # One format per kind and language: a new file starts with the modeline of its language's schema.
        "formats": {format_name(kind, schema_folder(config, code)): {"kind": kind,
                                                                     "modeline": modeline(kind, schema_folder(config, code))}
                    for code in languages for kind in ("anbefaling", "retningslinje")},
        "patterns": {"slug": SLUG_PATTERN, "number": NUMBER_PATTERN},
        "messages": {"field": msg("check.field", name="{field}"), "id_pattern": msg("editor.id_pattern", id="{id}"),
                     "id_taken": msg("editor.id_taken", id="{id}"), "failed": msg("editor.failed", error="{error}")},
        "taken": sorted(data.taken),
        "styles": styles,
        "site": site_data(),
        "languages": {code: language_data(config, code) for code in languages},
        "guidelines": [{"id": g.id, "language": language(g),
                        "chapters": {c.id: config.labels(language(g)).heading(c) for c in g.kapitler},
                        "references": [r.model_dump() for r in g.referanser]} for g in data.guidelines],
    }


def config_text(data: EditorData, root: Path, proxy_url: str | None = None, cache: Path | None = None) -> str:
    """Decap's config.yml. cache: a folder where the text is kept under a hash of what it says, so a build does
    not dump it again while no guideline or setting changed (at 10,000 recommendations a second of YAML)."""
    config = editor_config(data.config, data.guidelines, root, proxy_url)
    header = msg("editor.config_header") + "\n"
    kept = cache / f"{hashlib.sha256(header.encode() + orjson.dumps(config)).hexdigest()[:20]}.yml" if cache else None
    if kept is not None and kept.is_file():
        return kept.read_text(encoding="utf-8")
    # libyaml's emitter where PyYAML has it: the same text, faster (the config lists every id in use).
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = header + yaml.dump(config, Dumper=dumper, allow_unicode=True, sort_keys=False, width=120)
    if kept is not None:
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir(parents=True)
        kept.write_text(text, encoding="utf-8")
    return text


def json_text(data: EditorData, styles: list[str]) -> str:
    return json.dumps(anbefalt_json(data, styles), ensure_ascii=False, indent=1) + "\n"


def copy_assets(target: Path, root: Path, language: str) -> None:
    """Decap's bundle and the libraries Anbefalt's scripts import, from node_modules, and those scripts."""
    modules = node_modules(root)
    target.mkdir(parents=True, exist_ok=True)
    for package, folder, patterns, into in VENDOR:
        source = modules / package / folder
        for pattern in patterns:
            for path in sorted(source.glob(pattern)):
                if path.is_file() and not path.name.endswith(".map"):
                    destination = target / into / path.relative_to(source)
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, destination)
    for name in SCRIPTS:
        shutil.copyfile(STATIC / name, target / name)
    (target / "index.html").write_text(INDEX.format(language=language, title=msg("editor.title")), encoding="utf-8")


def site_styles(site: Path, admin: Path, pages: Path | None = None) -> list[str]:
    """The built site's stylesheets, relative to admin/, so the preview looks like the site. pages: a folder laid
    out like the site that holds its theme files, when they are not (yet) in site itself."""
    pages = pages or site
    folder = pages / "assets" / "stylesheets"
    found = sorted(folder.glob("main.*.css")) + sorted(folder.glob("palette.*.css")) + sorted(folder.glob("anbefalt.css"))
    return [Path("..", *p.relative_to(pages).parts).as_posix() if admin.parent == site else p.as_posix() for p in found]


def write_editor(site: Path, data: EditorData, root: Path, pages: Path | None = None,
                 cache: Path | None = None) -> None:
    """The generated files of admin/ in a built site, for the GitHub backend (site_config/redigering.yaml):
    config.yml and anbefalt.json; the theme's stylesheets are found in pages (see site_styles); cache: see
    config_text. Decap's files are in assets_folder()."""
    admin = site / EDITOR_FOLDER
    admin.mkdir(parents=True, exist_ok=True)
    (admin / "config.yml").write_text(config_text(data, root, cache=cache), encoding="utf-8")
    (admin / "anbefalt.json").write_text(json_text(data, site_styles(site, admin, pages)), encoding="utf-8")


def assets_folder(cache: Path, root: Path, language: str) -> Path:
    """The files of admin/ that are the same in every build (copy_assets), kept in cache under a hash of the
    npm packages' versions, Anbefalt's scripts and the language, so a build does not copy Decap again."""
    digest = hashlib.sha256(language.encode() + msg("editor.title").encode() + INDEX.encode())
    for package, *_rest in VENDOR:
        digest.update((node_modules(root) / package / "package.json").read_bytes())
    for name in SCRIPTS:
        digest.update((STATIC / name).read_bytes())
    folder = cache / digest.hexdigest()[:20]
    if not folder.is_dir():
        unfinished = folder.with_name(folder.name + ".delvis")
        shutil.rmtree(unfinished, ignore_errors=True)
        copy_assets(unfinished, root, language)
        unfinished.rename(folder)
    for other in cache.iterdir():
        if other != folder:
            shutil.rmtree(other, ignore_errors=True)
    return folder

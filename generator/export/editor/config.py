"""The web editor's configuration (Decap CMS), generated from the record model, site_config and the guidelines.

Every field of the model becomes a form field: its title is the label, its description the hint, a vocabulary
a select of the words editors write in the collection's language (its guideline's), showing that language's labels, a nested model a group, a list of models a list; the EtD marks choose among
the scale's columns, references among the guideline's reference list, the chapter among the guideline's
chapters. Nothing here names a field of the model except the few that draw their choices from the content
(CHOICES) or are kept out of sight (HIDDEN, each with its reason); a test proves every field has a form field.
"""

from __future__ import annotations

import functools
import os
import re
import types
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel, TypeAdapter
from pydantic.fields import FieldInfo

from ...load import git
from ...load.content import GUIDELINE_FILE, RECORD_FOLDER
from ...model.messages import msg
from ...model.records import Anbefaling, Retningslinje
from ...model.schema import language_folder
from ...model.site_config import SiteConfig
from ...model.text import _markdown_only
from ...model.vocab import vocabulary_of

# Fields kept in the file but not shown in the form, and why. The hidden widget carries their value unchanged.
HIDDEN = {
    ("Anbefaling", "retningslinje"): "the collection is the guideline's; its id is filled in",
    ("Anbefaling", "ekstra"): "values an import had no field for, kept verbatim for a lossless round trip",
    ("Retningslinje", "ekstra"): "values an import had no field for, kept verbatim for a lossless round trip",
}
# Vocabularies whose values have a label in the label sets (the words readers see); the others show the word.
LABELLED = ("styrke", "kunnskapsgrunnlag", "status")
MODELINE = "# yaml-language-server: $schema={relative}schema/{folder}{name}.schema.json"


def _inner(annotation: Any) -> Any:
    """The annotation without its `| None`."""
    if get_origin(annotation) in (Union, types.UnionType):
        options = [a for a in get_args(annotation) if a is not type(None)]
        return options[0] if len(options) == 1 else annotation
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _base(annotation: Any) -> tuple[Any, tuple]:
    """The type under Annotated, and its metadata."""
    if get_origin(annotation) is Annotated:
        base, *metadata = get_args(annotation)
        return base, tuple(metadata)
    return annotation, ()


def _is_markdown(annotation: Any) -> bool:
    """model.text.Text: Markdown, checked free of HTML."""
    return any(isinstance(m, AfterValidator) and m.func is _markdown_only for m in _base(annotation)[1])


def _pattern(annotation: Any) -> list[str] | None:
    """The model's pattern for a text type, with its message, as Decap's `pattern` option."""
    found = _pattern_kind(annotation)
    return [found[0], msg(f"editor.pattern_{found[1]}")] if found else None


@functools.lru_cache(maxsize=None)
def _pattern_kind(annotation: Any) -> tuple[str, str] | None:
    """The pattern and what it is for; worked out once per type (its JSON schema is slow to make, and every
    guideline's form asks for the same few)."""
    schema = TypeAdapter(annotation).json_schema()
    options = schema.get("anyOf", [schema])
    pattern = next((o["pattern"] for o in options if "pattern" in o), None)
    if pattern is None:
        return None
    kind = "slug" if "a-z0-9" in pattern else "url" if "https" in pattern else "language" if "{2,3}" in pattern \
        else "number"
    return pattern, kind


class FormBuilder:
    """Turns the model into Decap fields for one guideline (chapters, references) in its language; for the guideline
    collection (no guideline), the vocabularies offer the words of every language the site's guidelines use."""

    def __init__(self, config: SiteConfig, guideline: Retningslinje | None = None, languages: list[str] | None = None):
        self.config = config
        self.guideline = guideline
        self.language = (guideline.sprak if guideline and guideline.sprak in config.etikettsett else None) \
            or config.sprak
        self.languages = [self.language] if guideline else (languages or [config.sprak])

    def fields(self, model: type[BaseModel], optional: bool = False) -> list[dict[str, Any]]:
        """optional: the fields of a group that may be left out, so none of them is required in the form
        (`check` still says when a group is half filled in)."""
        return [self.field(model, name, info, optional) for name, info in model.model_fields.items()]

    def field(self, model: type[BaseModel], name: str, info: FieldInfo, optional: bool = False) -> dict[str, Any]:
        title, description = self.config.labels(self.language).field_text(model.__name__, name)
        field: dict[str, Any] = {"label": title or name, "name": name, "hint": description or "",
                                 "required": info.is_required() and not optional}
        if (model.__name__, name) in HIDDEN:
            default = self.guideline.id if name == "retningslinje" and self.guideline else None
            return {**field, "widget": "hidden", "required": False, **({"default": default} if default else {})}
        choice = getattr(self, f"_choice_{model.__name__}_{name}", None)
        if choice is not None:
            return {**field, **choice()}
        if name == "id" and model in (Anbefaling, Retningslinje):
            # Made from the title when left empty (anbefalt-editor.js), as `new` makes it.
            field.update(required=False, hint=field["hint"] + msg("editor.empty_id_hint"))
        return {**field, **self.widget(info.rebuild_annotation(), optional or not info.is_required())}

    def widget(self, annotation: Any, optional: bool) -> dict[str, Any]:
        inner = _inner(annotation)
        base, metadata = _base(inner)
        base = _inner(base)
        if _is_model(base):
            return {"widget": "object", "collapsed": optional, "fields": self.fields(base, optional)}
        if get_origin(base) is list:
            (item,) = get_args(base)
            least = next((m.min_length for m in metadata if getattr(m, "min_length", None)), None)
            limits = {"min": least} if least and not optional else {}
            if _is_model(item):
                fields = self.fields(item)
                return {"widget": "list", "fields": fields, "summary": "{{fields.%s}}" % fields[0]["name"],
                        "collapsed": False, "add_to_top": False, **limits}
            return {"widget": "list", "allow_add": True, **limits}
        if get_origin(base) is Literal:
            return self.select(base)
        if base is date:
            return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
        if _is_markdown(inner):
            return {"widget": "text"}
        pattern = _pattern(inner)
        return {"widget": "string", **({"pattern": pattern} if pattern else {})}

    def select(self, literal: Any) -> dict[str, Any]:
        """A vocabulary: its words in the form's languages (the value written), each with its label."""
        vocabulary = vocabulary_of(literal)
        if vocabulary is None:
            return {"widget": "select", "options": [{"label": v, "value": v} for v in get_args(literal)]}
        options: dict[str, dict[str, str]] = {}
        for language in self.languages:
            labels = self.config.labels(language)
            words = getattr(labels.verdier, vocabulary)
            shown = getattr(labels, vocabulary) if vocabulary in LABELLED else words
            for value in get_args(literal):
                label = shown[value] + (f" ({labels.sprak.navn})" if len(self.languages) > 1 else "")
                options.setdefault(words[value], {"label": label, "value": words[value]})
        return {"widget": "select", "options": list(options.values())}

    def _choice_Retningslinje_sprak(self) -> dict[str, Any]:
        return {"widget": "select", "options": [{"label": f"{self.config.labels(code).sprak.navn} ({code})",
                                                  "value": code} for code in self.config.languages]}

    # Choices drawn from the content and site_config rather than from the model's types.

    def _choice_Anbefaling_kapittel(self) -> dict[str, Any]:
        chapters = self.guideline.kapitler if self.guideline else []
        labels = self.config.labels(self.language)
        return {"widget": "select", "options": [{"label": labels.heading(c), "value": c.id} for c in chapters]}

    def _choice_Anbefaling_referanser(self) -> dict[str, Any]:
        references = self.guideline.referanser if self.guideline else []
        if not references:
            return {"widget": "list", "allow_add": True}
        return {"widget": "select", "multiple": True, "options": [
            {"label": f"{ref.id}: {_shorten(ref.tekst)}", "value": ref.id} for ref in references]}

    def _choice_Etd_skala(self) -> dict[str, Any]:
        scales = self.config.scales(self.language)
        return {"widget": "select", "options": [{"label": s.navn, "value": key} for key, s in scales.items()]}

    def _choice_EtdKriterium_markert(self) -> dict[str, Any]:
        scales = self.config.scales(self.language)
        options = [{"label": c.navn if len(scales) == 1 else f"{s.navn}: {c.navn}", "value": c.id}
                   for s in scales.values() for c in s.kolonner]
        unique = list({o["value"]: o for o in options}.values())
        return {"widget": "select", "multiple": True, "options": unique}


def _shorten(text: str, length: int = 90) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def guideline_collection(config: SiteConfig, content: str, languages: list[str] | None = None) -> dict[str, Any]:
    """Every guideline: content/<id>/retningslinje.yaml; a new one gets a folder named by its id. languages: those
    the guidelines use, whose words the vocabularies offer."""
    return {
        "name": "retningslinjer", "label": msg("editor.guidelines"), "label_singular": msg("editor.guideline"),
        "description": msg("editor.guidelines_description"),
        "folder": content, "path": "{{slug}}/" + GUIDELINE_FILE.removesuffix(".yaml"), "extension": "yaml",
        "format": format_name("retningslinje", schema_folder(config, config.sprak)), "create": True, "delete": False,
        "slug": "{{id}}",
        "identifier_field": "tittel", "summary": "{{tittel}}", "editor": {"preview": False},
        "fields": FormBuilder(config, languages=languages).fields(Retningslinje),
    }


def recommendation_collection(config: SiteConfig, guideline: Retningslinje, content: str) -> dict[str, Any]:
    """One guideline's recommendations: content/<guideline>/anbefalinger/<id>.yaml."""
    return {
        "name": f"anbefalinger-{guideline.id}",
        "label": msg("editor.records", guideline=guideline.kort_tittel or guideline.tittel),
        "label_singular": msg("editor.record"), "description": msg("editor.records_description", guideline=guideline.tittel),
        "folder": f"{content}/{guideline.id}/{RECORD_FOLDER}", "extension": "yaml",
        "format": format_name("anbefaling", schema_folder(config, FormBuilder(config, guideline).language)),
        "create": True, "delete": False, "slug": "{{id}}", "identifier_field": "tittel",
        "summary": "{{nummer}}. {{tittel}}", "sortable_fields": ["nummer", "tittel", "kapittel"],
        "view_groups": [{"label": msg("editor.chapter"), "field": "kapittel"}],
        "fields": FormBuilder(config, guideline).fields(Anbefaling),
    }


def _repository(root: Path, configured: str | None) -> str:
    """owner/name: from site_config, else GitHub Actions' GITHUB_REPOSITORY, else the origin remote."""
    if configured:
        return configured
    if os.environ.get("GITHUB_REPOSITORY"):
        return os.environ["GITHUB_REPOSITORY"]
    url = git.origin_url(root)
    found = re.search(r"github\.com[:/]([^/]+/[^/]+?)(?:\.git)?$", url)
    return found.group(1) if found else "eier/depot"


def backend(config: SiteConfig, root: Path, proxy_url: str | None = None) -> dict[str, Any]:
    """The GitHub (or Git Gateway) backend with the editorial workflow, or the local proxy (`edit`)."""
    if proxy_url:
        return {"backend": {"name": "proxy", "proxy_url": proxy_url, "branch": config.redigering.branch},
                "publish_mode": "simple"}
    settings = config.redigering
    chosen: dict[str, Any] = {"name": settings.backend, "branch": settings.branch,
                              "squash_merges": True, "cms_label_prefix": "redigering/"}
    if settings.backend == "github":
        chosen["repo"] = _repository(root, settings.repo)
        chosen.update({k: v for k, v in (("base_url", settings.base_url), ("auth_endpoint", settings.auth_endpoint)) if v})
    chosen["commit_messages"] = {
        "create": msg("editor.commit_create"), "update": msg("editor.commit_update"),
        "delete": msg("editor.commit_delete"), "uploadMedia": msg("editor.commit_upload"),
        "deleteMedia": msg("editor.commit_delete_media"), "openAuthoring": "{{message}}",
    }
    return {"backend": chosen, "publish_mode": "editorial_workflow"}


def editor_config(config: SiteConfig, guidelines: list[Retningslinje], root: Path,
                  proxy_url: str | None = None) -> dict[str, Any]:
    """Decap's config.yml as a dict: the backend, then one collection of guidelines and one per guideline."""
    content = "content"
    languages = list(dict.fromkeys([config.sprak] + [g.sprak for g in guidelines if g.sprak in config.etikettsett]))
    return {
        **backend(config, root, proxy_url),
        "locale": config.etiketter.sprak.redigering,
        # Records hold no files; Decap requires a media folder all the same. Nothing is ever written there.
        "media_folder": "build/editor-media", "public_folder": "/media",
        **({"site_url": config.redigering.site_url, "display_url": config.redigering.site_url}
           if config.redigering.site_url else {}),
        "search": False,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [guideline_collection(config, content, languages)]
        + [recommendation_collection(config, g, content) for g in guidelines],
    }


def modeline(kind: str, folder: str = "") -> str:
    """The schema modeline a file of this kind starts with ('anbefaling' or 'retningslinje'); folder: its language's
    schemas under schema/ (model/schema.py language_folder), none for the model's own words."""
    return MODELINE.format(relative="../../../" if kind == "anbefaling" else "../../", name=kind, folder=folder)


def format_name(kind: str, folder: str = "") -> str:
    """The custom format (anbefalt-format.js) that writes a file of this kind with its language's modeline."""
    return f"anbefalt-{kind}" + (f"-{folder.strip('/')}" if folder else "")


def schema_folder(config: SiteConfig, language: str) -> str:
    return language_folder(language, config.labels(language))

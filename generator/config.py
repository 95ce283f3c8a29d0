"""The site's words and EtD scales, from site_config/, so no label or scale is written in code."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .load import read_document
from .models import Kunnskapsgrunnlag, Line, Retning, Slug, Status, Styrke
from .validate import validate_document


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class Kolonne(Strict):
    id: Slug
    navn: Line


class Skala(Strict):
    navn: Line
    kolonner: list[Kolonne] = Field(min_length=2)


class Etiketter(Strict):
    """Every word a page shows that does not come from a record."""

    styrke: dict[str, Line]
    anbefalingstype: dict[str, Line] = Field(description="Nøkkel 'styrke/retning', f.eks. 'svak/for'.")
    kunnskapsgrunnlag: dict[str, Line]
    kunnskapsgrunnlag_mangler: Line
    status: dict[str, Line]
    seksjon: dict[str, Line]

    @model_validator(mode="after")
    def _complete(self) -> Etiketter:
        """A label missing for an allowed value would render as nothing; refuse that at start-up."""
        wanted = {
            "styrke": set(get_args(Styrke)),
            "kunnskapsgrunnlag": set(get_args(Kunnskapsgrunnlag)),
            "status": set(get_args(Status)),
            "anbefalingstype": {f"{s}/{r}" for s in get_args(Styrke) if s != "ikke gradert" for r in get_args(Retning)}
            - {"sterk/enten"},
        }
        for name, keys in wanted.items():
            missing = keys - set(getattr(self, name))
            if missing:
                raise ValueError(f"{name} mangler etiketter for: {', '.join(sorted(missing))}")
        return self


class Skalaer(Strict):
    skalaer: dict[Slug, Skala] = Field(min_length=1)


class SiteConfig(Strict):
    etiketter: Etiketter
    skalaer: dict[str, Skala]


def load_config(folder: Path) -> SiteConfig:
    """Read site_config/; a broken config stops the build with a positioned message like content does."""
    labels = validate_document(read_document(folder / "etiketter.yaml"), Etiketter)
    scales = validate_document(read_document(folder / "etd_skalaer.yaml"), Skalaer)
    return SiteConfig(etiketter=labels, skalaer=scales.skalaer)

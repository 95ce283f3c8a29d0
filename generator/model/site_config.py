"""The shape of site_config/: the site's words and the EtD scales, so no label or scale is written in code."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .text import Line, Slug
from .vocab import GRADINGS, KUNNSKAPSGRUNNLAG, STATUS, STYRKE, grading_key


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
            "styrke": set(STYRKE),
            "kunnskapsgrunnlag": set(KUNNSKAPSGRUNNLAG),
            "status": set(STATUS),
            "anbefalingstype": {grading_key(*pair) for pair in GRADINGS},
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

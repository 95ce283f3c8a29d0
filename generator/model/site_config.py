"""The shape of site_config/: the site's language, a label set per language, the EtD scales and the web editor's
settings, so no label, scale or language is written in code.

  nettsted.yaml          the site's language (`sprak`): pages outside a guideline, `check`'s messages, the API
  etiketter/<språk>.yaml one label set per language (model/labels.py); a guideline may choose its own (`sprak`)
  etd_skalaer.yaml       the EtD scales: their columns' ids in order (their names are in each label set)
  redigering.yaml        where the web editor commits
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .labels import Adresser, Etiketter, Seksjon, Strict
from .records import LANGUAGE_PATTERN, Sprakkode
from .text import Line, Slug, Url

COMMIT_PATTERN = r"^[0-9a-f]{7,40}$"

__all__ = ["COMMIT_PATTERN", "Etiketter", "Seksjon", "Adresser", "Kolonne", "Skala", "SkalaOppsett", "Skalaer", "Nettsted", "Redigering",
           "SiteConfig", "LANGUAGE_PATTERN"]



class Nettsted(Strict):
    """site_config/nettsted.yaml: the site's language, where it is published, and from which commit its versions
    count."""

    sprak: Sprakkode = Field("nb", description="Nettstedets språk: koden til et etikettsett i site_config/etiketter/.")
    adresse: Url | None = Field(
        None, description="Nettstedets faste adresse (https://…/), til feeder og siteringer. Tom: relative lenker."
    )
    versjoner_fra: Annotated[str, StringConstraints(pattern=COMMIT_PATTERN)] | None = Field(
        None, description="Commiten versjonene regnes fra: tilstanden der er versjon 1 av hver anbefaling, og "
                          "historikken før den vises ikke. Tom: fra første commit."
    )


class Kolonne(BaseModel):
    id: str
    navn: str


class Skala(BaseModel):
    """An EtD scale in one language: its name and its columns in order, each with its id and name."""

    model_config = ConfigDict(frozen=True)

    navn: str
    kolonner: list[Kolonne]


class SkalaOppsett(Strict):
    """One scale of etd_skalaer.yaml: its columns' ids from left to right; records mark them by id."""

    kolonner: list[Slug] = Field(min_length=2)


class Skalaer(Strict):
    skalaer: dict[Slug, SkalaOppsett] = Field(min_length=1)


class Redigering(Strict):
    """site_config/redigering.yaml: where the web editor (/admin/) commits. Empty values are looked up or left out."""

    backend: Literal["github", "git-gateway"] = Field(description="github, eller git-gateway (Netlify Identity).")
    repo: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")] | None = Field(
        None, description="Depotet på GitHub, eier/navn.")
    branch: Line = Field("main", description="Grenen nettstedet bygges fra; pull requests går mot den.")
    base_url: Url | None = Field(None, description="Innloggingstjenesten for GitHub OAuth.")
    auth_endpoint: Line | None = Field(None, description="Stien til innloggingen hos base_url (standard 'auth').")
    site_url: Url | None = Field(None, description="Nettstedets adresse.")


class SiteConfig(Strict):
    # Every label set by its language code (the file's name); the site's language is always one of them.
    etikettsett: dict[str, Etiketter]
    skalaer: dict[str, SkalaOppsett]
    redigering: Redigering = Field(default_factory=lambda: Redigering(backend="github"))
    nettsted: Nettsted = Nettsted()

    @property
    def sprak(self) -> str:
        """The site's language (nettsted.yaml)."""
        return self.nettsted.sprak

    @property
    def etiketter(self) -> Etiketter:
        """The site's own label set: pages outside a guideline, the API, the editor's frame."""
        return self.etikettsett[self.sprak]

    @property
    def languages(self) -> list[str]:
        """The languages a guideline may choose, the site's first."""
        return [self.sprak] + sorted(code for code in self.etikettsett if code != self.sprak)

    def labels(self, language: str | None = None) -> Etiketter:
        return self.etikettsett[language or self.sprak]

    def scales(self, language: str | None = None) -> dict[str, Skala]:
        """The EtD scales with their names in a language (checks made sure every label set names them all)."""
        names = self.labels(language).skalaer
        return {key: Skala(navn=names[key].navn, kolonner=[Kolonne(id=c, navn=names[key].kolonner[c])
                                                           for c in scale.kolonner])
                for key, scale in self.skalaer.items()}

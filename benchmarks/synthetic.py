"""A synthetic national library in Anbefalt's own record format, for benchmarks.

N guidelines × chapters × recommendations with realistic text lengths, a full eight-row EtD table,
citations and a reference list. The words are drawn from a fixed list with a fixed seed, so every run
builds the same library.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

WORDS = (
    "pasienter behandling oppfølging rusmiddelproblemer helsepersonell kommunen spesialisthelsetjenesten "
    "tiltak vurdering kartlegging samhandling brukermedvirkning pårørende ettervern selvhjelpsgrupper "
    "kunnskapsgrunnlag legemidler abstinens avrusning rehabilitering motivasjon poliklinisk døgnbehandling "
    "tverrfaglig individuell plan koordinator fastlege sosialtjenesten bolig arbeid nettverk tilbakefall "
    "screening utredning diagnose komorbiditet psykisk helse somatisk kvalitet registrering dokumentasjon "
    "bør skal kan tilbys vurderes følges opp sikres gjennomføres med og i for til av på som ved etter før"
).split()
CRITERIA = ["Verdier", "Ønskede effekter", "Uønskede effekter", "Balanse ønskede og uønskede effekter",
            "Ressursbruk", "Likhet", "Akseptabilitet", "Gjennomførbarhet"]
COLUMNS = ["alternativet", "sannsynligvis-alternativet", "vet-ikke", "sannsynligvis-tiltaket", "tiltaket"]
STRENGTHS = [("sterk", "for"), ("svak", "for"), ("svak", "mot"), ("svak", "enten"), ("sterk", "mot")]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(8, 20)) for _ in range(sentences))


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def record(rng: random.Random, gid: str, chapter: str, number: int, refs: list[str]) -> str:
    strength, direction = rng.choice(STRENGTHS)
    cited = rng.sample(refs, 2)
    rows = []
    for name in CRITERIA:
        first = rng.randrange(len(COLUMNS))
        marks = COLUMNS[first:first + rng.choice([1, 1, 2])]
        rows.append(f"    - kriterium: {q(name)}\n      markert: [{', '.join(marks)}]\n"
                    f"      forklaring: {q(sentence(rng, 12))}")
    return f"""id: {gid}-{chapter}-{number}
retningslinje: {gid}
kapittel: {chapter}
nummer: "{number}"
tittel: {q(sentence(rng, 6)[:-1])}
tekst: {q(sentence(rng, 30))}
gradering:
  styrke: {strength}
  retning: {direction}
kunnskapsgrunnlag: {rng.choice(["høy", "moderat", "lav", "svært lav"])}
problemstilling: {q(sentence(rng, 18))}
tiltak: {q(sentence(rng, 3)[:-1])}
alternativ: {q(sentence(rng, 3)[:-1])}
praktisk: {q(paragraph(rng, 5))}
begrunnelse: {q(paragraph(rng, 6) + f" [@{cited[0]}]")}
nokkelinfo:
  fordeler_og_ulemper: {q(paragraph(rng, 3))}
  kvalitet_pa_dokumentasjonen: {q(paragraph(rng, 2))}
  verdier_og_preferanser: {q(paragraph(rng, 2))}
  ressurshensyn: {q(paragraph(rng, 2))}
etd:
  skala: standard
  kriterier:
{chr(10).join(rows)}
prioritert_forskning: {q(paragraph(rng, 2))}
okonomiske_vurderinger: {q(paragraph(rng, 2))}
referanser: [{cited[1]}]
kilde:
  dokument: Syntetisk retningslinje for ytelsesmåling
status: gjeldende
forst_publisert: 2020-01-15
sist_faglig_endret: 2024-06-01
"""


def write_library(root: Path, guidelines: int, chapters: int, per_chapter: int, seed: int = 1) -> Path:
    """Write a complete project (content, site_config, theme, mkdocs.yml) under root; return root."""
    rng = random.Random(seed)
    shutil.rmtree(root, ignore_errors=True)
    for name in ("site_config", "overrides"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for g in range(1, guidelines + 1):
        gid = f"retningslinje-{g:03d}"
        folder = root / "content" / gid
        (folder / "anbefalinger").mkdir(parents=True)
        refs = [f"ref-{i}" for i in range(1, 21)]
        chapter_ids = [f"kapittel-{c}" for c in range(1, chapters + 1)]
        lines = [f"id: {gid}", f"tittel: {q('Syntetisk retningslinje ' + str(g))}", "eier: Anbefalt", "status: gjeldende",
                 f"intro: {q(paragraph(rng, 3) + ' [@ref-1]')}", "kilder:", "  - dokument: Syntetisk", "kapitler:"]
        for c, cid in enumerate(chapter_ids, start=1):
            lines += [f"  - id: {cid}", f'    nummer: "{c}"', f"    tittel: {q(sentence(rng, 4)[:-1])}",
                      f"    intro: {q(paragraph(rng, 2))}"]
        lines.append("referanser:")
        for ref in refs:
            lines += [f"  - id: {ref}", f"    tekst: {q(sentence(rng, 14))}"]
        (folder / "retningslinje.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        for cid in chapter_ids:
            for n in range(1, per_chapter + 1):
                path = folder / "anbefalinger" / f"{gid}-{cid}-{n}.yaml"
                path.write_text(record(rng, gid, cid, n, refs), encoding="utf-8")
    return root

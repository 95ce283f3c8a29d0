"""A corpus of hostile content, written as an attacker (or an unlucky editor) would write it.

REFUSED: each case changes a valid project and must stop the build with `file:line:column: message`, no
traceback, site/ and content/ untouched. ACCEPTED: hostile-looking text that is legitimate; it must build
and be shown exactly as written, with nothing active, in every output. Used by test_security.py (real builds)
and test_browser.py (the search box in Chromium).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from conftest import GUIDELINE, RECORD

REC = "content/test/anbefalinger/rec.yaml"
META = "content/test/retningslinje.yaml"


@dataclass(frozen=True)
class Refused:
    kind: str                     # the class of attack, as the issue names it
    where: str                    # the file:line:column the message must name
    says: str                     # words the message must hold
    make: Callable[[Path], None]  # changes a valid project (its root) into the hostile one


def _write(relative: str, content: str | bytes) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return make


def _record(old: str, new: str) -> Callable[[Path], None]:
    assert old in RECORD
    return _write(REC, RECORD.replace(old, new))


def _guideline(old: str, new: str) -> Callable[[Path], None]:
    assert old in GUIDELINE
    return _write(META, GUIDELINE.replace(old, new))


def _link(relative: str, target: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        os.symlink(target, root / relative)
    return make


def _fifo(root: Path) -> None:
    os.mkfifo(root / "content/test/anbefalinger/kø.yaml")


def _folder_named_like_a_record(root: Path) -> None:
    (root / "content/test/anbefalinger/utkast.yaml").mkdir()
    (root / "content/test/anbefalinger/utkast.yaml/notat.txt").write_text("utkast", encoding="utf-8")


TITLE = "tittel: En anbefaling"
TEXT = "tekst: Helsepersonell bør gjøre noe."
BOMB = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10))

REFUSED = [
    # Script in a title, raw or entity-encoded (it reached the search box as markup).
    Refused("tittel med HTML", f"{REC}:5:9", "rå HTML er ikke tillatt; titler og navn er ren tekst",
            _record(TITLE, 'tittel: "Kartlegging <img src=x onerror=alert(1)>"')),
    Refused("kapitteltittel med HTML", f"{META}:11:13", "rå HTML er ikke tillatt",
            _guideline("tittel: Kapittel én", "tittel: <svg onload=alert(1)>")),
    Refused("tittel med HTML-entiteter", f"{REC}:5:9", "HTML-entiteter (som &amp;) er ikke tillatt",
            _record(TITLE, 'tittel: "&#x3C;img src=x onerror=alert(1)&#x3E;"')),
    # javascript: links that slipped past the old filter.
    Refused("skjema delt av linjeskift", f"{REC}:6:8", "lenken 'java\\nscript:alert(1)' er ikke tillatt",
            _record(TEXT, 'tekst: "Se [her](java\\nscript:alert(1))."')),
    Refused("referanse i et listepunkt", f"{REC}:6:8", "lenken 'javascript:alert(1)' er ikke tillatt",
            _record(TEXT, "tekst: |\n  - Punkt\n\n    [klikk][x]\n\n    [x]: javascript:alert(1)")),
    Refused("referanse i et sitat", f"{REC}:6:8", "lenken 'javascript:alert(1)' er ikke tillatt",
            _record(TEXT, "tekst: |\n  > [x]: javascript:alert(1)\n  >\n  > [klikk][x]")),
    Refused("data:-lenke", f"{REC}:6:8", "lenken 'data:text/html;base64,PHNjcmlwdD4=' er ikke tillatt",
            _record(TEXT, "tekst: Se [her](data:text/html;base64,PHNjcmlwdD4=).")),
    Refused("bilde fra en annen server (sporing)", f"{REC}:6:8", "bilder er ikke tillatt i tekstfelt",
            _record(TEXT, "tekst: Se ![](https://sporing.example/p.gif)")),
    # Tracebacks, and reading that never ends.
    Refused("NUL-byte", f"{REC}:6:12", "kontrolltegnet \\x00 (U+0000) er ikke tillatt",
            _write(REC, RECORD.replace("Helsepersonell", "Hels\0epersonell").encode("utf-8"))),
    Refused("terminalsekvens", f"{REC}:5:9", "kontrolltegnet \\x1b (U+001B) er ikke tillatt",
            _record(TITLE, 'tittel: "\\e[2J\\e[31mrødt"')),
    Refused("retningsstyring (Trojan Source)", f"{REC}:5:12", "kontrolltegnet \\u202e (U+202E) er ikke tillatt",
            _record(TITLE, "tittel: En \u202eganilfebna")),
    Refused("rekursivt alias", f"{REC}:14:15", "YAML-alias (*a) er ikke tillatt",
            _write(REC, RECORD + "stikkord: &a [*a]\n")),
    Refused("aliasbombe", f"{REC}:16:12", "YAML-alias (*l0) er ikke tillatt",
            _write(REC, RECORD + "ekstra:\n  l0: &l0 [lol]\n" + "\n".join("  " + line for line in BOMB.splitlines()))),
    Refused("10 000 nivåer nesting", f"{REC}:15:24", "nestet dypere enn 20 nivåer",
            _write(REC, RECORD + "ekstra:\n  x: " + "[" * 10000 + "]" * 10000 + "\n")),
    Refused("Python-tagg på en mapping", f"{REC}:7:12", "YAML-taggen tag:yaml.org,2002:python/object/apply:os.system",
            _record("gradering:\n", "gradering: !!python/object/apply:os.system\n")),
    Refused("Python-tagg på en liste", f"{REC}:14:11", "YAML-taggen tag:yaml.org,2002:python/object/new:tuple",
            _write(REC, RECORD + "stikkord: !!python/object/new:tuple [[a, b]]\n")),
    Refused("ukjent tagg", f"{REC}:5:9", "YAML-taggen !ukjent med verdien 'En anbefaling' er ikke tillatt",
            _record(TITLE, "tittel: !ukjent En anbefaling")),
    Refused("mappe med navn som en post", "content/test/anbefalinger/utkast.yaml:1:1", "dette er en mappe, ikke en fil",
            _folder_named_like_a_record),
    Refused("symbolsk lenke som peker ingen steder", "content/test/anbefalinger/borte.yaml:1:1",
            "filen er en symbolsk lenke", _link("content/test/anbefalinger/borte.yaml", "/finnes/ikke.yaml")),
    Refused("symbolsk lenke til /etc/passwd", "content/test/anbefalinger/passord.yaml:1:1",
            "filen er en symbolsk lenke", _link("content/test/anbefalinger/passord.yaml", "/etc/passwd")),
    Refused("symbolsk lenke til /dev/zero", "content/test/anbefalinger/null.yaml:1:1", "filen er en symbolsk lenke",
            _link("content/test/anbefalinger/null.yaml", "/dev/zero")),
    Refused("symbolsk lenke til en mappe utenfor", "content/etc:1:1", "symbolske lenker blir ikke fulgt",
            _link("content/etc", "/etc")),
    Refused("lenke som peker på sin egen mappe", "content/test/anbefalinger/sløyfe:1:1",
            "symbolske lenker blir ikke fulgt", _link("content/test/anbefalinger/sløyfe", ".")),
    Refused("navngitt rør (FIFO)", "content/test/anbefalinger/kø.yaml:1:1", "dette er ikke en vanlig fil", _fifo),
    Refused("post på 5 MB", f"{REC}:1:1", "filen er større enn 256 KB",
            _write(REC, RECORD + "praktisk: |\n" + "  Gjør slik hver gang og hver dag.\n" * 150_000)),
    Refused("id som er nettstedets egen (api)", "content/api/retningslinje.yaml:1:5", "'api' er reservert",
            _write("content/api/retningslinje.yaml", GUIDELINE.replace("id: test", "id: api"))),
    Refused("kapittel-id som er en side (alle-anbefalinger)", f"{META}:9:9", "'alle-anbefalinger' er reservert",
            _guideline("id: kap", "id: alle-anbefalinger")),
    Refused("anbefaling med samme id som retningslinjen", "content/test/anbefalinger/test.yaml:1:5",
            "ville bli fhir/PlanDefinition/test.json",
            _write("content/test/anbefalinger/test.yaml", RECORD.replace("id: rec", "id: test").replace('"1"', '"2"'))),
    # Traps where YAML keeps less than the editor wrote (#11).
    Refused("kommentar som kutter en tittel", f"{REC}:5:21", "teksten stopper ved '#'",
            _record(TITLE, "tittel: Kartlegging #1 av rusvaner")),
    Refused("brettet blokk med liste", f"{REC}:9:3", "en brettet blokk ('>') slår linjene sammen",
            _record(TEXT, "tekst: >-\n  Gjør dette:\n\n  - kartlegg\n  - følg opp")),
    # Markdown that exhausts the renderer (found while building the corpus).
    Refused("lister nestet på én linje", f"{REC}:6:8", "nestet 3000 nivåer dypt",
            _record(TEXT, "tekst: '" + "1. " * 3000 + "x'")),
    Refused("innrykk 300 nivåer dypt", f"{REC}:6:8", "nestet 300 nivåer dypt",
            _record(TEXT, "tekst: |\n" + "".join("  " + "    " * i + "- x\n" for i in range(300)))),
    Refused("20 000 klammer", f"{REC}:6:8", "passert 500 '[' (lenker og sitater)",
            _record(TEXT, "tekst: '" + "[" * 20000 + "x" + "]" * 20000 + "'")),
    Refused("25 000 overskrifter", f"{REC}:6:8", "passert 2000 linjeskift",
            _record(TEXT, 'tekst: "' + "a\\n=\\n" * 25000 + '"')),
    # Output hygiene: a long value is quoted short, a control character in a file name escaped.
    Refused("tittel på 10 000 tegn med HTML til slutt", f"{REC}:5:9", "fant 'xxxxxxxxxx",
            _record(TITLE, "tittel: " + "x" * 10000 + " <b>")),
    Refused("filnavn med terminalsekvens", "content/test/anbefalinger/\\x1b[31mrød.yaml:1:5",
            "men filen heter '\\x1b[31mrød.yaml'",
            _write("content/test/anbefalinger/\x1b[31mrød.yaml", RECORD.replace('"1"', '"2"'))),
]

# Text that looks hostile and is legitimate: built, and shown exactly as written everywhere.
ACCEPTED_TITLES = {
    "mindre-enn": "Måling < 5 & mer <3, og verdi > 2",
    "entitet-uten-semikolon": "Ikke kode: &ltimg src=x onerror=alert(1)&gt",
    "markdown-i-tittel": "Tekst [klikk](javascript:alert(2)) *ikke fet* `ikke kode`",
    "attributtliste": "Sitat \"dobbelt\" og 'enkelt' {: onclick=\"alert(3)\" }",
    "ytre-tegn": "Arabisk مرحبا — tankestrek og «anførsel»",
}
ACCEPTED_TEXT = (
    "Målt verdi < grenseverdi og <5 mmol/l & mer; 3 > 2. Se [Helsedirektoratet](https://www.helsedirektoratet.no) "
    "eller skriv til [postmottak](mailto:postmottak@example.org). Ikke en lenke: &ltscript&gt, {: onclick=\"x\" }."
)
ACCEPTED_CHAPTER = "Kapittel <1 & «sitat»"
ACCEPTED_CRITERION = "Verdi <3 & \"x\""

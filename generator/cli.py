"""Command line: `python -m generator check|build|serve|edit|new|diff|changes|pdf|import-hdir|schema`.

Commands and flags are English; what they print for editors is Norwegian. Errors in content are printed
as `path:line:column: message`, one per line, and the command exits with status 1 and no traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from datetime import date
from pathlib import Path

from .build.pipeline import STAGES, Options, StageError, build, check
from .build.project import Project
from .export.pdf.layout import BASE_SECONDS, Budget, PdfTimeout, export_handout, export_library
from .model.problems import ContentError, Problem


def _say(args, message: str) -> None:
    if not args.quiet:
        print(message, file=sys.stderr, flush=True)


def _report(problems: list[Problem], fmt: str = "text") -> None:
    if fmt == "json":
        print(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
        return
    if fmt == "github":
        # Workflow commands: GitHub shows each as an annotation on the line in the pull request.
        for p in problems:
            kind = "error" if p.severity == "feil" else "warning"
            print(f"::{kind} file={p.path},line={p.line},col={p.column}::{p.message}")
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = sum(1 for p in problems if p.severity == "feil")
    if errors:
        print(f"{errors} feil.", file=sys.stderr)


def _failed(error: Exception) -> int:
    """A command's failure: content problems compiler-style, anything else as one line; exit status 1."""
    if isinstance(error, ContentError):
        _report(error.problems)
    else:
        print(f"feil: {error}", file=sys.stderr)
    return 1


def _progress(args):
    """A progress bar with counts on long runs at a terminal; nothing in CI or when output is piped."""
    if args.quiet or os.environ.get("CI") or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total < 200 or (done % max(1, total // 100) and done != total):
            return
        width = 30
        filled = width * done // total
        end = "\n" if done == total else ""
        print(f"\rLeser anbefalinger [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end=end,
              file=sys.stderr, flush=True)

    return show


def cmd_check(args) -> int:
    started = time.perf_counter()
    try:
        # The history too: a change of strength without a reason is found before it is committed.
        result = build(Project(args.root), Options(until="history"), _progress(args))
        library = result.library
    except ContentError as error:
        _report(error.problems, args.format)
        return 1
    if args.format != "text":
        _report(library.warnings, args.format)
    else:
        _report(library.warnings)
        for note in result.notes:
            _say(args, note)
        _say(args, f"OK: {len(library.guidelines)} retningslinjer, {library.record_count} anbefalinger "
                   f"kontrollert på {time.perf_counter() - started:.2f} s.")
    return 0


def cmd_build(args) -> int:
    project = Project(args.root)
    started = time.perf_counter()
    options = Options(pdf=not args.no_pdf, pdf_budget=_budget(args), offline=args.offline,
                      until="write" if args.markdown_only else "swap", address=args.adresse)

    def on_stage(stage: str, seconds: float) -> None:
        if args.verbose:
            _say(args, f"  {STAGES[stage]}: {seconds:.2f} s")

    try:
        result = build(project, options, _progress(args), on_stage=on_stage)
    except ContentError as error:
        _report(error.problems)
        print("Ingenting er bygget.", file=sys.stderr)
        return 1
    except StageError as error:
        print(error, file=sys.stderr)
        target = project.offline_site if args.offline else project.site
        print(f"{target.name}/ er uendret.", file=sys.stderr)
        return 1
    _report(result.library.warnings)
    _say(args, f"Kontrollert og skrevet: {result.library.record_count} anbefalinger, "
               f"{len(result.rendered.pages)} sider ({result.written} endret).")
    for note in result.notes:
        _say(args, note)
    if args.verbose and result.mkdocs_output:
        print(result.mkdocs_output, file=sys.stderr)
    if not args.markdown_only:
        _say(args, f"Ferdig: {project.offline_site if args.offline else project.site} "
                   f"({time.perf_counter() - started:.1f} s).")
    return 0


def _budget(args) -> Budget:
    return Budget(base=args.pdf_seconds)


def cmd_pdf(args) -> int:
    try:
        config, library = check(Project(args.root))
        if args.select:
            ids = _selection(args.select)
            path = export_handout(library, config, args.root, ids, args.out or args.root / "build/pdf/utvalg.pdf",
                                  _budget(args))
            print(path)
        else:
            for path in export_library(library, config, args.root, args.out or args.root / "build/pdf", _budget(args)):
                print(path)
    except (ContentError, LookupError, OSError, PdfTimeout) as error:
        return _failed(error)
    return 0


def _selection(value: str) -> list[str]:
    """'id,id,…' or '@file' with one id per line (blank lines and # comments ignored)."""
    if value.startswith("@"):
        lines = Path(value[1:]).read_text(encoding="utf-8").splitlines()
        return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]
    return [part.strip() for part in value.split(",") if part.strip()]


def cmd_import(args) -> int:
    from .edit.hdir_import import import_hdir

    result = import_hdir(args.source, Project(args.root).content, force=args.force)
    _report(result.problems)
    for path in result.written:
        _say(args, f"Skrev {path.relative_to(args.root) if path.is_relative_to(args.root) else path}")
    if result.errors:
        print("Ingenting er importert.", file=sys.stderr)
        return 1
    _say(args, f"Importerte {len(result.written)} filer. Kjør `make check` og se over dem.")
    return 0


def cmd_schema(args) -> int:
    from .edit.schema import write_schemas

    changed = write_schemas(args.root)
    for path in changed:
        _say(args, f"Oppdatert: {path.relative_to(args.root)}")
    _say(args, "Skjemaene er oppdatert." if changed else "Skjemaene var allerede oppdatert.")
    return 0


def cmd_new(args) -> int:
    from .edit.new import create_guideline, create_record, snapshot

    snap = snapshot(Project(args.root).content)
    try:
        if args.chapter:
            path = create_record(snap, args.guideline, args.chapter, args.title)
        else:
            path = create_guideline(snap, args.guideline, args.title, args.add_chapter or [])
    except (LookupError, FileExistsError) as error:
        print(f"feil: {error}", file=sys.stderr)
        return 1
    if snap.problems:
        _report(snap.problems)
        print("Merk: innholdet har feil (over); den nye filen er laget likevel. Rett feilene før du lager en "
              "pull request.", file=sys.stderr)
    print(path.relative_to(args.root))
    return 0


def cmd_diff(args) -> int:
    from .edit.diff import RevisionError, diff_revisions

    try:
        print(diff_revisions(args.root, args.old, args.new))
    except (ContentError, RevisionError) as error:
        return _failed(error)
    return 0


def cmd_changes(args) -> int:
    from .model.history import new_or_changed_since

    try:
        result = build(Project(args.root), Options(until="history"))
    except ContentError as error:
        _report(error.problems)
        return 1
    for note in result.notes:
        _say(args, note)
    for guideline in result.library.guidelines:
        for kind, rec in new_or_changed_since(guideline, args.since, result.history):
            print(f"{kind}\t{guideline.id}\t{rec.nummer or ''}\t{rec.id}\t{rec.tittel}")
    return 0


def _address(value: str) -> str:
    from .model.text import URL_PATTERN

    if not re.fullmatch(URL_PATTERN, value):
        raise argparse.ArgumentTypeError(f"fant '{value}', tillatt: en adresse som begynner med http:// eller https://")
    return value if value.endswith("/") else value + "/"


def cmd_serve(args) -> int:
    from .build.serve import serve

    return serve(Project(args.root), args.dev_addr, lambda m: _say(args, m), _report)


def cmd_edit(args) -> int:
    from .edit.editor import serve_editor
    from .export.editor.site import EditorMissing

    try:
        return serve_editor(Project(args.root), args.port, args.proxy_port, lambda m: _say(args, m), _report)
    except (ContentError, EditorMissing, RuntimeError, OSError) as error:
        return _failed(error)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="anbefalt", description="Anbefalt: retningslinjer fra YAML til nettsted.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="prosjektmappen (standard: denne mappen)")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", help="skriv bare feil og advarsler")
    pdf_time = argparse.ArgumentParser(add_help=False)
    pdf_time.add_argument("--pdf-seconds", type=float, default=BASE_SECONDS, metavar="SEKUNDER",
                          help=f"tid hver PDF får, pluss et halvt sekund per anbefaling i den (standard {BASE_SECONDS:g})")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", parents=[common], help="kontroller alt innhold (raskt, skriver ingenting)")
    p.add_argument("--format", choices=["text", "json", "github"], default="text",
                   help="utdataformat: text, json eller github (merknader i pull requests)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("build", parents=[common, pdf_time], help="kontroller, lag Markdown og bygg nettstedet (mkdocs build --strict)")
    p.add_argument("--markdown-only", action="store_true", help="lag bare Markdown i build/docs")
    p.add_argument("-v", "--verbose", action="store_true", help="vis tiden for hvert steg og utdata fra MkDocs")
    p.add_argument("--no-pdf", action="store_true", help="bygg uten PDF-er (raskere forhåndsvisning)")
    p.add_argument("--offline", action="store_true",
                   help="bygg en kopi til site-offline/ som kan åpnes fra en mappe uten server (søk inkludert)")
    p.add_argument("--adresse", type=_address,
                   help="nettstedets faste adresse (https://…/) til feeder og siteringer, i stedet for site_config/nettsted.yaml")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", parents=[common], help="forhåndsvisning som oppdateres når en post endres")
    p.add_argument("--dev-addr", default="127.0.0.1:8000", help="adresse og port (standard 127.0.0.1:8000)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("edit", parents=[common],
                       help="nettredigeringen mot denne mappen, uten GitHub (Decap CMS med decap-server)")
    p.add_argument("--port", type=int, default=8000, help="porten redigeringen vises på (standard 8000)")
    p.add_argument("--proxy-port", type=int, default=8081, help="porten til decap-server (standard 8081)")
    p.set_defaults(func=cmd_edit)

    p = sub.add_parser("new", parents=[common], help="lag en ny anbefaling, eller en ny retningslinje, med alle felt "
                       "forklart (overskriver aldri)")
    p.add_argument("guideline", help="id-en til retningslinjen (en ny retningslinje når kapittel ikke er gitt)")
    p.add_argument("chapter", nargs="?", help="id-en til kapittelet den nye anbefalingen står i")
    p.add_argument("--title", help="tittelen; gir også id-en til en ny anbefaling")
    p.add_argument("--chapter", dest="add_chapter", action="append", metavar="TITTEL",
                   help="ny retningslinje: et kapittel med denne tittelen (kan gjentas)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("diff", parents=[common], help="hva en endring gjør med anbefalingene, som Markdown")
    p.add_argument("old", help="git-revisjon før, f.eks. origin/main")
    p.add_argument("new", nargs="?", default="HEAD", help="git-revisjon etter (standard HEAD)")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("changes", parents=[common],
                       help="anbefalinger som er nye eller endret siden en dato (etter versjonene i git, ellers postenes datoer)")
    p.add_argument("--since", type=date.fromisoformat, required=True, help="dato ÅÅÅÅ-MM-DD")
    p.set_defaults(func=cmd_changes)

    p = sub.add_parser("pdf", parents=[common, pdf_time], help="lag PDF-er: hele retningslinjer, kapitler, anbefalinger, eller et utvalg")
    p.add_argument("--select", help="bare disse anbefalingene i ett hefte: id,id,… eller @fil med én id per linje")
    p.add_argument("--out", type=Path, help="mappe (standard build/pdf), eller fil med --select (standard build/pdf/utvalg.pdf)")
    p.set_defaults(func=cmd_pdf)

    p = sub.add_parser("import-hdir", parents=[common],
                       help="importer JSON i formen til Helsedirektoratets innholds-API til content/")
    p.add_argument("source", type=Path, help="en JSON-fil eller en mappe med JSON-filer")
    p.add_argument("--force", action="store_true", help="overskriv poster som finnes fra før")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("schema", parents=[common], help="skriv JSON Schema og feltlisten i CONTRIBUTING.md fra modellen")
    p.set_defaults(func=cmd_schema)

    args = parser.parse_args(argv)
    args.root = args.root.resolve()
    try:
        return args.func(args)
    except StageError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130

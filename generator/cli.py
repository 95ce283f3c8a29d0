"""Command line: `python -m generator check|build|serve|new|diff|changes|pdf|import-hdir|schema`.

Commands and flags are English; what they print for editors is Norwegian. Errors in content are printed
as `path:line:column: message`, one per line, and the command exits with status 1 and no traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date
from pathlib import Path

from .build.pipeline import STAGES, Options, StageError, build, check
from .build.project import Project
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
        _config, library = check(Project(args.root), _progress(args))
    except ContentError as error:
        _report(error.problems, args.format)
        return 1
    if args.format != "text":
        _report(library.warnings, args.format)
    else:
        _report(library.warnings)
        _say(args, f"OK: {len(library.guidelines)} retningslinjer, {library.record_count} anbefalinger "
                   f"kontrollert på {time.perf_counter() - started:.2f} s.")
    return 0


def cmd_build(args) -> int:
    project = Project(args.root)
    started = time.perf_counter()
    options = Options(pdf=not args.no_pdf, offline=args.offline, until="write" if args.markdown_only else "swap",
                      part=args.part)

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
        print(f"{options.target(project).name}/ er uendret.", file=sys.stderr)
        return 1
    _report(result.library.warnings)
    _say(args, f"Kontrollert og skrevet: {result.library.record_count} anbefalinger, "
               f"{len(result.rendered.pages)} sider ({result.written} endret).")
    for note in result.notes:
        _say(args, note)
    if args.verbose and result.mkdocs_output:
        print(result.mkdocs_output, file=sys.stderr)
    if args.part:
        _say(args, f"Del {args.part[0]} av {args.part[1]} er bygget i {project.cache.relative_to(project.root)}/; "
                   f"en bygging med alle delene der setter dem sammen.")
    elif not args.markdown_only:
        _say(args, f"Ferdig: {options.target(project)} "
                   f"({time.perf_counter() - started:.1f} s).")
    return 0


def _part(value: str) -> tuple[int, int]:
    """'K/N' with 1 ≤ K ≤ N."""
    k, _, n = value.partition("/")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise argparse.ArgumentTypeError(f"ventet K/N med 1 ≤ K ≤ N, fikk {value!r}")
    return int(k), int(n)


def cmd_pdf(args) -> int:
    from .export.pdf.layout import export_handout, export_library

    try:
        config, library = check(Project(args.root))
        if args.select:
            ids = _selection(args.select)
            path = export_handout(library, config, args.root, ids, args.out or args.root / "build/pdf/utvalg.pdf")
            print(path)
        else:
            for path in export_library(library, config, args.root, args.out or args.root / "build/pdf"):
                print(path)
    except ContentError as error:
        _report(error.problems)
        return 1
    except (LookupError, OSError) as error:
        print(f"feil: {error}", file=sys.stderr)
        return 1
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
    from .edit.new import create_record

    try:
        _config, library = check(Project(args.root))
        path = create_record(library, args.guideline, args.chapter, args.title)
    except ContentError as error:
        _report(error.problems)
        print("Rett feilene over før du lager en ny anbefaling.", file=sys.stderr)
        return 1
    except (LookupError, FileExistsError) as error:
        print(f"feil: {error}", file=sys.stderr)
        return 1
    print(path.relative_to(args.root))
    return 0


def cmd_diff(args) -> int:
    from .edit.diff import RevisionError, diff_revisions

    try:
        print(diff_revisions(args.root, args.old, args.new))
    except ContentError as error:
        _report(error.problems)
        return 1
    except RevisionError as error:
        print(f"feil: {error}", file=sys.stderr)
        return 1
    return 0


def cmd_changes(args) -> int:
    from .model.history import new_or_changed_since

    try:
        _config, library = check(Project(args.root))
    except ContentError as error:
        _report(error.problems)
        return 1
    for guideline in library.guidelines:
        for kind, rec in new_or_changed_since(guideline, args.since):
            print(f"{kind}\t{guideline.id}\t{rec.nummer or ''}\t{rec.id}\t{rec.tittel}")
    return 0


def cmd_serve(args) -> int:
    from .build.serve import serve

    return serve(Project(args.root), args.dev_addr, lambda m: _say(args, m), _report)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="anbefalt", description="Anbefalt: retningslinjer fra YAML til nettsted.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="prosjektmappen (standard: denne mappen)")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", help="skriv bare feil og advarsler")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", parents=[common], help="kontroller alt innhold (raskt, skriver ingenting)")
    p.add_argument("--format", choices=["text", "json", "github"], default="text",
                   help="utdataformat: text, json eller github (merknader i pull requests)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("build", parents=[common], help="kontroller, lag Markdown og bygg nettstedet (mkdocs build --strict)")
    p.add_argument("--markdown-only", action="store_true", help="lag bare Markdown i build/docs")
    p.add_argument("-v", "--verbose", action="store_true", help="vis tiden for hvert steg og utdata fra MkDocs")
    p.add_argument("--no-pdf", action="store_true", help="bygg uten PDF-er (raskere forhåndsvisning)")
    p.add_argument("--offline", action="store_true",
                   help="bygg en kopi til site-offline/ som kan åpnes fra en mappe uten server (søk inkludert)")
    p.add_argument("--part", type=_part, metavar="K/N",
                   help="bygg bare del K av N av nettstedets sider inn i build/cache/ (én CI-jobb i en matrise)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", parents=[common], help="forhåndsvisning som oppdateres når en post endres")
    p.add_argument("--dev-addr", default="127.0.0.1:8000", help="adresse og port (standard 127.0.0.1:8000)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("new", parents=[common], help="lag en ny anbefaling med alle felt forklart (overskriver aldri)")
    p.add_argument("guideline", help="id-en til retningslinjen")
    p.add_argument("chapter", help="id-en til kapittelet")
    p.add_argument("--title", help="tittelen; gir også id-en")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("diff", parents=[common], help="hva en endring gjør med anbefalingene, som Markdown")
    p.add_argument("old", help="git-revisjon før, f.eks. origin/main")
    p.add_argument("new", nargs="?", default="HEAD", help="git-revisjon etter (standard HEAD)")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("changes", parents=[common], help="anbefalinger som er nye eller endret siden en dato")
    p.add_argument("--since", type=date.fromisoformat, required=True, help="dato ÅÅÅÅ-MM-DD")
    p.set_defaults(func=cmd_changes)

    p = sub.add_parser("pdf", parents=[common], help="lag PDF-er: hele retningslinjer, kapitler, anbefalinger, eller et utvalg")
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

"""Command line: `python -m generator check|build|serve|edit|new|diff|changes|pdf|import-hdir|schema`.

Commands and flags are English; what they print for editors (and their help) is in the site's language
(site_config/nettsted.yaml), from the message catalog (model/messages/). Errors in content are printed as
`path:line:column: message`, one per line, and the command exits with status 1 and no traceback.
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

from .build.pipeline import Options, StageError, build, check, stage_name
from .build.project import Project
from .export.pdf.layout import BASE_SECONDS, Budget, PdfTimeout, export_handout, export_library
from .leave import leave
from .load.site_config import site_language
from .model.messages import msg, use
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
        print(msg("cli.errors", count=errors), file=sys.stderr)


def _failed(error: Exception) -> int:
    """A command's failure: content problems compiler-style, anything else as one line; exit status 1."""
    if isinstance(error, ContentError):
        _report(error.problems)
    else:
        print(msg("cli.error", error=error), file=sys.stderr)
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
        print(f"\r{msg('cli.reading')} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end=end,
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
        _say(args, msg("cli.check_ok", guidelines=len(library.guidelines), records=library.record_count,
                       seconds=f"{time.perf_counter() - started:.2f}"))
    return 0


def cmd_build(args) -> int:
    project = Project(args.root)
    started = time.perf_counter()
    options = Options(pdf=not args.no_pdf, pdf_budget=_budget(args), offline=args.offline,
                      until="write" if args.markdown_only else "swap", address=args.adresse, part=args.part)

    def on_stage(stage: str, seconds: float) -> None:
        if args.verbose:
            _say(args, f"  {stage_name(stage)}: {seconds:.2f} s")

    try:
        result = build(project, options, _progress(args), on_stage=on_stage)
    except ContentError as error:
        _report(error.problems)
        print(msg("cli.nothing_built"), file=sys.stderr)
        return 1
    except StageError as error:
        print(error, file=sys.stderr)
        print(msg("cli.unchanged", folder=options.target(project).name), file=sys.stderr)
        return 1
    _report(result.library.warnings)
    _say(args, msg("cli.built", records=result.library.record_count, pages=len(result.rendered.pages),
                   changed=result.written))
    for note in result.notes:
        _say(args, note)
    if args.verbose and result.mkdocs_output:
        print(result.mkdocs_output, file=sys.stderr)
    if args.part:
        _say(args, msg("cli.part_built", part=args.part[0], parts=args.part[1],
                       folder=project.cache.relative_to(project.root)))
    elif not args.markdown_only:
        _say(args, msg("cli.done", folder=options.target(project), seconds=f"{time.perf_counter() - started:.1f}"))
    return 0


def _budget(args) -> Budget:
    return Budget(base=args.pdf_seconds)


def _part(value: str) -> tuple[int, int]:
    """'K/N' with 1 ≤ K ≤ N."""
    k, _, n = value.partition("/")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise argparse.ArgumentTypeError(msg("cli.bad_part", value=value))
    return int(k), int(n)


def cmd_pdf(args) -> int:
    try:
        config, library = check(Project(args.root))
        if args.select:
            ids = _selection(args.select)
            path = export_handout(library, config, args.root, ids, args.out or args.root / "build/pdf" / msg("cli.handout_file"),
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

    result = import_hdir(args.source, Project(args.root).content, force=args.force,
                         site_language=site_language(Project(args.root).site_config))
    _report(result.problems)
    for path in result.written:
        _say(args, msg("cli.wrote", path=path.relative_to(args.root) if path.is_relative_to(args.root) else path))
    if result.errors:
        print(msg("cli.nothing_imported"), file=sys.stderr)
        return 1
    _say(args, msg("cli.imported", count=len(result.written)))
    return 0


def cmd_schema(args) -> int:
    from .edit.schema import write_schemas

    changed = write_schemas(args.root)
    for path in changed:
        _say(args, msg("cli.schema_updated_file", path=path.relative_to(args.root)))
    _say(args, msg("cli.schema_updated") if changed else msg("cli.schema_current"))
    return 0


def cmd_new(args) -> int:
    from .edit.new import create_guideline, create_record, snapshot

    snap = snapshot(Project(args.root).content, Project(args.root).site_config)
    try:
        if args.chapter:
            path = create_record(snap, args.guideline, args.chapter, args.title)
        else:
            path = create_guideline(snap, args.guideline, args.title, args.add_chapter or [])
    except (LookupError, FileExistsError) as error:
        return _failed(error)
    if snap.problems:
        _report(snap.problems)
        print(msg("cli.new_with_problems"), file=sys.stderr)
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
            print(f"{msg(f'cli.change_{kind}')}\t{guideline.id}\t{rec.nummer or ''}\t{rec.id}\t{rec.tittel}")
    return 0


def _address(value: str) -> str:
    from .model.text import URL_PATTERN

    if not re.fullmatch(URL_PATTERN, value):
        raise argparse.ArgumentTypeError(msg("cli.bad_address", found=value))
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


def run() -> None:
    """The program (`python -m generator`, the `anbefalt` script): main(), then out at once (leave.py)."""
    leave(main())


def main(argv: list[str] | None = None) -> int:
    # The site's language first, so help and every message speak it.
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--root", type=Path, default=Path.cwd())
    known, _rest = early.parse_known_args(argv)
    use(site_language(Project(known.root.resolve()).site_config))
    parser = argparse.ArgumentParser(prog="anbefalt", description=msg("help.description"))
    parser.add_argument("--root", type=Path, default=Path.cwd(), help=msg("help.root"))
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", help=msg("help.quiet"))
    pdf_time = argparse.ArgumentParser(add_help=False)
    pdf_time.add_argument("--pdf-seconds", type=float, default=BASE_SECONDS, metavar=msg("help.pdf_seconds_metavar"),
                          help=msg("help.pdf_seconds", seconds=f"{BASE_SECONDS:g}"))
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", parents=[common], help=msg("help.check"))
    p.add_argument("--format", choices=["text", "json", "github"], default="text", help=msg("help.format"))
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("build", parents=[common, pdf_time], help=msg("help.build"))
    p.add_argument("--markdown-only", action="store_true", help=msg("help.markdown_only"))
    p.add_argument("-v", "--verbose", action="store_true", help=msg("help.verbose"))
    p.add_argument("--no-pdf", action="store_true", help=msg("help.no_pdf"))
    p.add_argument("--offline", action="store_true", help=msg("help.offline"))
    p.add_argument("--adresse", type=_address, help=msg("help.address"))
    p.add_argument("--part", type=_part, metavar="K/N", help=msg("help.part"))
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", parents=[common], help=msg("help.serve"))
    p.add_argument("--dev-addr", default="127.0.0.1:8000", help=msg("help.dev_addr"))
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("edit", parents=[common], help=msg("help.edit"))
    p.add_argument("--port", type=int, default=8000, help=msg("help.port"))
    p.add_argument("--proxy-port", type=int, default=8081, help=msg("help.proxy_port"))
    p.set_defaults(func=cmd_edit)

    p = sub.add_parser("new", parents=[common], help=msg("help.new"))
    p.add_argument("guideline", help=msg("help.new_guideline"))
    p.add_argument("chapter", nargs="?", help=msg("help.new_chapter"))
    p.add_argument("--title", help=msg("help.new_title"))
    p.add_argument("--chapter", dest="add_chapter", action="append", metavar=msg("help.new_chapter_metavar"),
                   help=msg("help.new_add_chapter"))
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("diff", parents=[common], help=msg("help.diff"))
    p.add_argument("old", help=msg("help.diff_old"))
    p.add_argument("new", nargs="?", default="HEAD", help=msg("help.diff_new"))
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("changes", parents=[common], help=msg("help.changes"))
    p.add_argument("--since", type=date.fromisoformat, required=True, help=msg("help.since"))
    p.set_defaults(func=cmd_changes)

    p = sub.add_parser("pdf", parents=[common, pdf_time], help=msg("help.pdf"))
    p.add_argument("--select", help=msg("help.select"))
    p.add_argument("--out", type=Path, help=msg("help.out"))
    p.set_defaults(func=cmd_pdf)

    p = sub.add_parser("import-hdir", parents=[common], help=msg("help.import"))
    p.add_argument("source", type=Path, help=msg("help.import_source"))
    p.add_argument("--force", action="store_true", help=msg("help.force"))
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("schema", parents=[common], help=msg("help.schema"))
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
    except BrokenPipeError:
        # Whatever reads the output went away (`| head`): no traceback, and nothing more to write there.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1

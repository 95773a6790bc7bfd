"""The command line: ``python -m helpers <command> ...``.

Built-in commands: ``export`` and ``import``. Other modules add their own with ``register``::

    # helpers/collect.py
    from helpers.tools import cli

    def _configure(parser):
        parser.add_argument("folder")

    def _run(args) -> int:
        ...
        return 0

    cli.register("collect", "gather the hand-ins of a class", _configure, _run)

and list the module in ``PLUGIN_MODULES`` (modules that do not exist yet are skipped).

Exit codes: 0 all is well; 1 some records were rejected (each named on stderr); 2 usage errors
(bad options, a missing input file, an output file that exists without --force, a store file
that cannot be used).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Callable
from dataclasses import dataclass

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2

#: Modules imported by ``main`` so that they can ``register`` their subcommands.
PLUGIN_MODULES: tuple[str, ...] = ("helpers.classroom.collect", "helpers.classroom.sample_class")


@dataclass
class Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


_COMMANDS: dict[str, Command] = {}


def register(
    name: str,
    help: str,
    configure: Callable[[argparse.ArgumentParser], None],
    run: Callable[[argparse.Namespace], int],
) -> None:
    """Add (or replace) a subcommand. ``run(args)`` returns the exit code."""
    _COMMANDS[name] = Command(name, help, configure, run)


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """The shared ``--db`` option (default: $ANNOTATIONS_DB, else the per-user store)."""
    parser.add_argument(
        "--db",
        metavar="FILE",
        help="the annotation store (default: $ANNOTATIONS_DB, else "
        "~/.local/share/news-claims/annotations.sqlite)",
    )


def _load_plugins() -> None:
    for mod in PLUGIN_MODULES:
        try:
            found = importlib.util.find_spec(mod) is not None
        except ModuleNotFoundError:
            found = False
        if found:
            importlib.import_module(mod)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m helpers",
        description="Annotations of the news article: export, import and more.",
        epilog="Exit codes: 0 all well, 1 some records rejected, 2 usage error.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for cmd in _COMMANDS.values():
        p = sub.add_parser(cmd.name, help=cmd.help, description=cmd.help)
        cmd.configure(p)
        p.set_defaults(_run=cmd.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code (argparse errors give 2)."""
    _load_plugins()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2)
        return int(exc.code or 0)
    return int(args._run(args))


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _open_store(args):
    from helpers.store import AnnotationStore

    return AnnotationStore(args.db) if args.db else AnnotationStore()


# -- export ---------------------------------------------------------------------------------------
def _configure_export(p: argparse.ArgumentParser) -> None:
    from helpers.formats import FORMATS

    p.add_argument("--format", required=True, choices=FORMATS, help="file format")
    p.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    p.add_argument("--annotator", metavar="ID", help="only this student's annotations")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    add_db_option(p)


def _run_export(args: argparse.Namespace) -> int:
    from helpers.annotations import AnnotationError, validate_annotator
    from helpers.formats import export
    from helpers.store import StoreError

    try:
        annotator = validate_annotator(args.annotator) if args.annotator is not None else None
        store = _open_store(args)
    except (AnnotationError, StoreError) as exc:
        _err(f"error: {exc}")
        return EXIT_USAGE
    with store:
        anns = store.list(annotator=annotator)
        try:
            path = export(args.format, anns, args.out, store.article, overwrite=args.force)
        except (FileExistsError, IsADirectoryError) as exc:
            _err(f"error: {exc}")
            return EXIT_USAGE
        except OSError as exc:
            _err(f"error: cannot write {args.out}: {exc.strerror or exc}")
            return EXIT_USAGE
    n = len(anns)
    if args.format == "claimreview":
        left = sum(1 for a in anns if a.verdict is None)
        n -= left
        if left:
            _err(f"note: {left} annotation(s) without a verdict were left out of the ClaimReview.")
    who = f" by {annotator}" if annotator else ""
    print(f"Wrote {n} annotation(s){who} to {path} ({args.format}) from {store.path}.")
    return EXIT_OK


# -- import ---------------------------------------------------------------------------------------
def _configure_import(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="a .jsonld/.json (W3C or ClaimReview) or .csv file")
    add_db_option(p)


def _run_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from helpers.formats import import_file
    from helpers.store import StoreError

    if not Path(args.file).is_file():
        _err(f"error: {args.file} does not exist or is not a file.")
        return EXIT_USAGE
    try:
        store = _open_store(args)
    except StoreError as exc:
        _err(f"error: {exc}")
        return EXIT_USAGE
    with store:
        report = import_file(args.file, store)
    for exc in report.errors:
        _err(f"rejected: {exc}")
    for ann in report.skipped:
        _err(f"skipped: {args.file}: id {ann.id} is already in the store (kept as it was)")
    print(
        f"{args.file} ({report.format or 'unreadable'}): {len(report.added)} added, "
        f"{len(report.skipped)} skipped (already in the store), {len(report.errors)} rejected; "
        f"store {store.path}."
    )
    return EXIT_REJECTED if report.errors else EXIT_OK


register("export", "write the stored annotations to a file", _configure_export, _run_export)
register("import", "add the annotations of a file to the store", _configure_import, _run_import)

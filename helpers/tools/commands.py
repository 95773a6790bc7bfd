"""The commands of ``python -m helpers`` (helpers.tools.cli lists them): export, import,
collect, grades, sample-class, slides, reader, student-copies, print, refresh and search. Each
command is a pair: ``configure_<name>(parser)`` adds its options (each with help) and
``run_<name>(args)`` does the work and returns the exit code.

Modules are imported when a command runs, not when the parser is built: ``--help`` and the
annotation commands do not wait for nbconvert. Tools import the core, formats and classroom
modules; those never import this module.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpers.errors import printable

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def print_error(text: str) -> None:
    """Write one line to stderr, control characters shown as ``\\xNN``."""
    print(printable(text), file=sys.stderr)


def say(text: str) -> None:
    """Write one line to stdout, control characters shown as ``\\xNN`` (file names and names
    come from hand-ins: they must not reach the terminal raw)."""
    print(printable(text))


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """Add the shared ``--db`` option (default: $ANNOTATIONS_DB, else the per-user store)."""
    parser.add_argument(
        "--db",
        metavar="FILE",
        help="the annotation store (default: $ANNOTATIONS_DB, else "
        "~/.local/share/news-claims/annotations.sqlite)",
    )


def _open_store(args: argparse.Namespace):
    from helpers.store import AnnotationStore

    article = getattr(args, "article", None)
    return AnnotationStore(args.db or None, article=article)


# -- export ---------------------------------------------------------------------------------------
def configure_export(parser: argparse.ArgumentParser) -> None:
    """Options of ``export``: --format, --out, --annotator, --force, --db."""
    from helpers.formats import FORMATS

    parser.add_argument("--format", required=True, choices=FORMATS, help="file format")
    parser.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    parser.add_argument("--annotator", metavar="ID", help="only this student's annotations")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    add_db_option(parser)


def run_export(args: argparse.Namespace) -> int:
    """Write the stored annotations to ``args.out``; returns 0, or 2 for a usage error."""
    from helpers.annotations import AnnotationError, validate_annotator
    from helpers.formats import export
    from helpers.store import StoreError

    try:
        annotator = validate_annotator(args.annotator) if args.annotator is not None else None
        store = _open_store(args)
    except (AnnotationError, StoreError) as exc:
        print_error(f"error: {exc}")
        return EXIT_USAGE
    with store:
        annotations = store.list(annotator=annotator)
        try:
            path = export(args.format, annotations, args.out, store.article, overwrite=args.force)
        except (FileExistsError, IsADirectoryError) as exc:
            print_error(f"error: {exc}")
            return EXIT_USAGE
        except OSError as exc:
            print_error(f"error: cannot write {args.out}: {exc.strerror or exc}")
            return EXIT_USAGE
    written = len(annotations)
    if args.format == "claimreview":
        left_out = sum(1 for annotation in annotations if annotation.verdict is None)
        written -= left_out
        if left_out:
            print_error(
                f"note: {left_out} annotation(s) without a verdict were left out of the "
                "ClaimReview."
            )
    who = f" by {annotator}" if annotator else ""
    say(f"Wrote {written} annotation(s){who} to {path} ({args.format}) from {store.path}.")
    return EXIT_OK


# -- import ---------------------------------------------------------------------------------------
def configure_import(parser: argparse.ArgumentParser) -> None:
    """Options of ``import``: FILE and --db."""
    parser.add_argument(
        "file", metavar="FILE", help="a .jsonld/.json (W3C or ClaimReview) or .csv file"
    )
    add_db_option(parser)


def run_import(args: argparse.Namespace) -> int:
    """Add the annotations of ``args.file`` to the store; returns 0, 1 (some rejected) or 2."""
    from helpers.formats import import_file
    from helpers.store import StoreError

    if not Path(args.file).is_file():
        print_error(f"error: {args.file} does not exist or is not a file.")
        return EXIT_USAGE
    try:
        store = _open_store(args)
    except StoreError as exc:
        print_error(f"error: {exc}")
        return EXIT_USAGE
    with store:
        report = import_file(args.file, store)
    for exc in report.errors:
        print_error(f"rejected: {exc}")
    for annotation in report.skipped:
        print_error(
            f"skipped: {args.file}: id {annotation.id} is already in the store (kept as it was)"
        )
    say(
        f"{args.file} ({report.format or 'unreadable'}): {len(report.added)} added, "
        f"{len(report.skipped)} skipped (already in the store), {len(report.errors)} rejected; "
        f"store {store.path}."
    )
    return EXIT_REJECTED if report.errors else EXIT_OK


# -- collect --------------------------------------------------------------------------------------
def configure_collect(parser: argparse.ArgumentParser) -> None:
    """Options of ``collect``: DIR, --out, --force, --quiet."""
    parser.add_argument(
        "folder", metavar="DIR", help="the folder of hand-in files (read, never changed)"
    )
    parser.add_argument(
        "--out",
        required=True,
        metavar="OUTDIR",
        help="where to write class_annotations.csv, report.md and rejected.csv",
    )
    parser.add_argument("--force", action="store_true", help="replace those files if they exist")
    parser.add_argument("--quiet", action="store_true", help="no progress line")


def run_collect(args: argparse.Namespace) -> int:
    """Collect the hand-ins of ``args.folder`` into ``args.out``; returns 0, 1 or 2."""
    from helpers.classroom.collect import collect
    from helpers.classroom.report import CollectError, check_outdir

    folder, outdir = Path(args.folder), Path(args.out)
    if not folder.is_dir():
        print_error(f"error: {folder} does not exist or is not a folder.")
        return EXIT_USAGE
    try:
        check_outdir(folder, outdir, args.force)
    except CollectError as exc:
        print_error(f"error: {exc}")
        return EXIT_USAGE
    results = collect(
        folder, article=getattr(args, "article", None), progress=False if args.quiet else None
    )
    try:
        paths = results.write(outdir, force=args.force)
    except CollectError as exc:  # pragma: no cover - checked above; a race with another writer
        print_error(f"error: {exc}")
        return EXIT_USAGE
    except OSError as exc:
        print_error(f"error: cannot write to {outdir}: {exc.strerror or exc}")
        return EXIT_USAGE
    shown = 20
    for row in results.rejected.head(shown).itertuples(index=False):
        print_error(f"rejected: {row.message}")
    if len(results.rejected) > shown:
        print_error(f"… and {len(results.rejected) - shown} more: see {outdir / 'report.md'}")
    for conflict in results.conflicts[:shown]:
        kept = conflict["kept"] or "no copy (none is from its own author's file)"
        print_error(
            f"conflict: annotation {conflict['id']} under {conflict['annotators']} in "
            f"{conflict['files']}; kept: {kept}"
        )
    for flag in results.flags[:shown]:
        print_error(f"flag: {flag['annotator']} in {flag['files']}, handed in by {flag['owners']}")
    say(results.summary())
    say("Wrote " + ", ".join(str(path) for path in paths) + ".")
    return results.exit_code


# -- sample-class ---------------------------------------------------------------------------------
def configure_sample_class(parser: argparse.ArgumentParser) -> None:
    """Options of ``sample-class``: --students, --seed, --out, --per-student, --force."""
    from helpers.classroom.sample_class import DEFAULT_SEED, DEFAULT_STUDENTS

    parser.add_argument(
        "--students",
        type=int,
        default=DEFAULT_STUDENTS,
        metavar="N",
        help=f"how many students (default {DEFAULT_STUDENTS})",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        metavar="S",
        help=f"random seed: the same seed gives the same files (default {DEFAULT_SEED})",
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="the folder to write into")
    parser.add_argument(
        "--per-student",
        type=int,
        default=None,
        metavar="K",
        help="exactly K annotations per student (for speed tests); default: as the "
        "student's profile decides",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace the synthetic files already in DIR"
    )


def run_sample_class(args: argparse.Namespace) -> int:
    """Write a synthetic class's hand-in files into ``args.out``; returns 0, or 2."""
    from helpers.classroom.sample_class import write_class

    if args.students < 1 or (args.per_student is not None and args.per_student < 1):
        print_error("error: --students and --per-student must be 1 or more.")
        return EXIT_USAGE
    try:
        written = write_class(args.out, args.students, args.seed, args.per_student, args.force)
    except (FileExistsError, NotADirectoryError) as exc:
        print_error(f"error: {exc}")
        return EXIT_USAGE
    say(
        f"Wrote {len(written)} hand-in files of {args.students} synthetic students "
        f"(seed {args.seed}) to {args.out}."
    )
    return EXIT_OK


# -- search ---------------------------------------------------------------------------------------
def configure_search(parser: argparse.ArgumentParser) -> None:
    """Options of ``search``: QUERY..., --limit, --notes, --pack."""
    parser.add_argument("query", nargs="+", metavar="QUERY", help="the words a student types")
    parser.add_argument("--limit", type=int, default=10, metavar="N", help="at most N (1-100)")
    parser.add_argument("--notes", action="store_true", help="add the teacher's note on each page")
    parser.add_argument("--pack", metavar="FILE", help="another source pack (it is checked first)")


def run_search(args: argparse.Namespace) -> int:
    """Print the pages of the source pack that match the query, best first; returns 0, or 2
    for a bad --limit or a pack that cannot be used."""
    from helpers.search import SearchIndex, default_index, results_text
    from helpers.sources import SourceError, read_pack

    if not 1 <= args.limit <= 100:
        print_error("error: --limit must be between 1 and 100.")
        return EXIT_USAGE
    try:
        index = SearchIndex(read_pack(args.pack)) if args.pack else default_index()
    except SourceError as exc:
        print_error(f"error: {exc}")
        return EXIT_USAGE
    query = " ".join(args.query)
    for line in results_text(query, index.search(query, limit=args.limit), args.notes):
        say(line)
    return EXIT_OK


# -- grades ---------------------------------------------------------------------------------------
def configure_grades(parser: argparse.ArgumentParser) -> None:
    """Options of ``grades``: --out, --class-folder, --format, --levels, --rubric, --force."""
    from helpers.classroom.gradebook import FORMATS, LEVELS_NAME

    parser.add_argument("--out", required=True, metavar="FILE", help="the gradebook file to write")
    parser.add_argument("--class-folder", metavar="DIR",
                        help="the folder of hand-ins (default: the synthetic sample class)")
    parser.add_argument("--format", choices=FORMATS, default="plain",
                        help="columns for Canvas, Moodle or a spreadsheet (default plain)")
    parser.add_argument("--levels", metavar="FILE", help="the confirmed levels (default: "
                        f"{LEVELS_NAME} beside FILE, as notebook 06 saves them)")
    parser.add_argument("--rubric", metavar="FILE",
                        help="another rubric (default data/rubric.json)")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def run_grades(args: argparse.Namespace) -> int:
    """Write the gradebook: one row per student, one column per task of the rubric (confirmed
    levels, else proposed; empty without a hand-in); returns 0, or 2 for a usage error."""
    from helpers.classroom.gradebook import (
        LEVELS_NAME,
        LevelsError,
        LevelsFile,
        summary,
        write_gradebook,
    )
    from helpers.classroom.grades import class_proposals
    from helpers.classroom.report import CollectError
    from helpers.rubric import RubricError, load_rubric

    out = Path(args.out)
    try:
        rubric = load_rubric(args.rubric)
        levels = LevelsFile(args.levels or out.parent / LEVELS_NAME, rubric)
        confirmed = levels.read()
        proposals = class_proposals(args.class_folder, rubric)
        path = write_gradebook(out, proposals, confirmed, args.format, rubric, args.force)
    except (RubricError, LevelsError, CollectError, FileExistsError, IsADirectoryError) as exc:
        print_error(f"error: {exc}")
        return EXIT_USAGE
    except OSError as exc:
        print_error(f"error: cannot write {out}: {exc.strerror or exc}")
        return EXIT_USAGE
    counts = summary(proposals, confirmed)
    students = len({p.student for found in proposals.values() for p in found})
    say(f"Wrote {path} ({args.format}): {students} students, {len(proposals)} tasks; "
        f"{counts['confirmed']} levels confirmed, {counts['proposed']} only proposed, "
        f"{counts['to judge']} for you to judge, {counts['empty']} empty (no hand-in).")
    if counts["proposed"] or counts["to judge"]:
        say(f"Confirm or change the proposed levels in notebooks/06_class_results.ipynb "
            f"(saved in {levels.path}), then run this again.")
    return EXIT_OK

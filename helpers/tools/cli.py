"""The command line: ``python -m helpers <command> ...``, the project's one entry point.

Commands (``python -m helpers --help`` lists them, ``python -m helpers COMMAND --help`` explains
one): export, import, collect, sample-class, slides, reader, student-copies, print, refresh,
search and class-view-service. A command is a ``Command``: a name, a one-line help, a function
that adds its options to an argparse parser and a function that runs it and returns the exit
code; both functions are in helpers.tools.commands. The Makefile's slides, reader,
student-copies, print and refresh-outputs targets call this command line.

``export``, ``import`` and ``collect`` take ``--article NAME`` (``ARTICLE_COMMANDS``): the
article whose store, or whose hand-ins, they work on (default: the unit's own).

Exit codes: 0 all is well; 1 some records were rejected (each named on stderr), or for slides,
student-copies and print a deck, copy or pack could not be made (the message says why); 2 usage
errors (bad options, a missing input file, an output file that exists without --force, a store
file that cannot be used).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

from helpers.tools import build_commands, classview_service, commands, new_article_cli
from helpers.tools.commands import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, add_db_option

__all__ = ["COMMANDS", "EXIT_OK", "EXIT_REJECTED", "EXIT_USAGE", "add_db_option", "main"]
#: The commands that work on one article's store or hand-ins: they take --article NAME.
ARTICLE_COMMANDS = ("export", "import", "collect")


def article_option(value: str) -> str:
    """An --article value: the name of an article there is (argparse says so otherwise)."""
    from helpers.article import list_articles
    from helpers.paths import check_article_name

    try:
        name = check_article_name(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("article: ")) from None
    known = list_articles()
    if name not in known:
        raise argparse.ArgumentTypeError(
            f"there is no article {name!r}; the articles are {', '.join(known)}"
        )
    return name


def add_article_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--article NAME`` (default: the unit's own article)."""
    from helpers.paths import DEFAULT_ARTICLE

    parser.add_argument(
        "--article",
        metavar="NAME",
        type=article_option,
        default=None,
        help=f"the article to work on (default: {DEFAULT_ARTICLE}, the unit's own; another "
        "article is a folder in data/articles)",
    )


@dataclass(frozen=True)
class Command:
    """One subcommand: ``configure(parser)`` adds its options, ``run(args)`` returns the exit
    code."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    description: str = ""  # what ``COMMAND --help`` says under the usage line (default: help)


COMMANDS: tuple[Command, ...] = (
    Command(
        "export",
        "write the stored annotations to a file",
        commands.configure_export,
        commands.run_export,
        description=(
            "Write the annotations in the store (everyone's, or one student's with --annotator) "
            "to FILE: W3C Web Annotation JSON-LD (w3c), a spreadsheet (csv) or schema.org "
            "ClaimReview (claimreview; annotations without a verdict are left out). An existing "
            "FILE is kept unless --force."
        ),
    ),
    Command(
        "import",
        "add the annotations of a file to the store",
        commands.configure_import,
        commands.run_import,
        description=(
            "Add the annotations of FILE (W3C JSON-LD, ClaimReview JSON or CSV, as export writes "
            "them) to the store. Annotations already in the store are skipped and kept as they "
            "were; each rejected record is named on stderr (exit code 1)."
        ),
    ),
    Command(
        "collect",
        "gather a class's hand-in files into one table",
        commands.configure_collect,
        commands.run_collect,
        description=(
            "Read every .jsonld, .json and .csv hand-in file under DIR (recursively, hidden "
            "files skipped) into one class table. Writes class_annotations.csv, report.md and "
            "rejected.csv into OUTDIR; DIR is never changed. Duplicate annotations keep the "
            "latest copy; bad records are rejected and named (exit code 1)."
        ),
    ),
    Command(
        "grades",
        "write a gradebook file of the rubric's levels for Canvas, Moodle or a spreadsheet",
        commands.configure_grades,
        commands.run_grades,
        description=(
            "Write FILE: one row per student, one column per task of the rubric "
            "(data/rubric.json), the level as points (Beginning 1, Developing 2, Mastering 3): "
            "the level the teacher confirmed in notebook 06, else the proposed one; empty for "
            "no hand-in. An existing FILE is kept unless --force."
        ),
    ),
    Command(
        "sample-class",
        "write a synthetic class's hand-in files (for trying the teacher's tools)",
        commands.configure_sample_class,
        commands.run_sample_class,
        description=(
            "Write one W3C hand-in file per synthetic student (synthetic-01, synthetic-02...), "
            "derived from the answer key with a seeded random generator: the same seed always "
            "gives the same files. Every file says it is synthetic."
        ),
    ),
    Command(
        "slides",
        "run every lesson and export it as an offline reveal.js slide deck (make slides)",
        build_commands.configure_slides,
        build_commands.run_slides,
        description=(
            "Run every lesson notebook top to bottom with a throwaway annotation store and "
            "export it as a reveal.js deck that works offline: setup code hidden, widgets shown "
            "as cards, teacher notes as speaker notes. Needs the slide scripts once: npm ci "
            "--prefix slides (make slides does it)."
        ),
    ),
    Command(
        "reader",
        "serve the lessons with Voila, code hidden: reader mode (make reader)",
        build_commands.configure_reader,
        build_commands.run_reader,
        description=(
            "Serve notebooks/ with Voila, code hidden (reader mode), and open the start page in "
            "a browser. Annotations are saved as in JupyterLab. Stop with Ctrl+C."
        ),
    ),
    Command(
        "student-copies",
        "write student copies of the lessons: no model answers or teacher notes, nbgrader "
        "metadata on every cell (make student-copies)",
        build_commands.configure_student_copies,
        build_commands.run_student_copies,
        description=(
            "Write a student copy of every lesson notebook (not the teacher's class-results "
            "notebook): cells tagged teacher or model-answer removed, solution regions replaced "
            "by placeholders, hidden tests removed, nbgrader metadata on every cell. The source "
            "notebooks are never changed."
        ),
    ),
    Command(
        "print",
        "write printable PDF packs of every lesson and the unit, student and teacher (make print)",
        build_commands.configure_print,
        build_commands.run_print,
        description=(
            "Write a student pack (the article part with numbered sentences, written tasks "
            "with lines, an annotation grid, source cards, self-check questions) and a teacher "
            "pack (answer key, model answers, self-check answers: never hand it out) for every "
            "lesson and for the whole unit, as PDF printed by Debian's chromium, offline."
        ),
    ),
    Command(
        "refresh",
        "re-run notebooks and store their outputs (make refresh-outputs)",
        build_commands.configure_refresh,
        build_commands.run_refresh,
        description=(
            "Re-run each NOTEBOOK top to bottom with a throwaway annotation store and write it "
            "back with its new outputs (the ones the nbval tests compare against), without live "
            "widget views or execution timestamps."
        ),
    ),
    Command(
        "search",
        "search the source pack as the students' search box does (for preparing a lesson)",
        commands.configure_search,
        commands.run_search,
        description=(
            "Print the pages of the source pack (data/sources/pack.json) that match QUERY, best "
            "first, as the students' search box ranks them: title, outlet, date, kind, address "
            "and a snippet with the matched words in **stars**. Practice pages (not real "
            "websites) are marked. No network is used."
        ),
    ),
    Command(
        "class-view-service",
        "serve the class view to students who have handed in (a JupyterHub managed service)",
        classview_service.configure,
        classview_service.run,
        description=(
            "Serve GET PREFIX/api/ARTICLE/PART: the class's annotations counted and a sample of "
            "its written answers, without names, for a student (known by their hub token) who "
            "has handed in that lesson, unless the teacher switched it off. The hub starts it; "
            "every option defaults to what the hub sets. Stop with Ctrl+C."
        ),
    ),
    Command(
        "new-article",
        "make a lesson from your own article (plain text): parts, sentences, files to fill in",
        new_article_cli.configure_new_article,
        new_article_cli.run_new_article,
        description=new_article_cli.DESCRIPTION,
    ),
)


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser of ``python -m helpers``, with one subparser a command."""
    parser = argparse.ArgumentParser(
        prog="python -m helpers",
        description="The project's command line: annotations (export, import), the class "
        "(collect, sample-class), the teaching material (slides, reader, student-copies, "
        "print, refresh) and the source pack (search).",
        epilog="Exit codes: 0 all well, 1 some records rejected (slides, student-copies, print: "
        "a deck, copy or pack could not be made), 2 usage error. COMMAND --help explains each "
        "command.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        subparser = subparsers.add_parser(
            command.name, help=command.help, description=command.description or command.help
        )
        command.configure(subparser)
        if command.name in ARTICLE_COMMANDS:
            add_article_option(subparser)
        subparser.set_defaults(run=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command given its arguments (default: ``sys.argv[1:]``); returns the exit code
    (0 for --help, 2 for a usage error found by argparse)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2)
        return int(exc.code or 0)
    return int(args.run(args))

"""The command line: ``python -m helpers <command> ...``, the project's one entry point.

Commands (``python -m helpers --help`` lists them, ``python -m helpers COMMAND --help`` explains
one): export, import, collect, sample-class (helpers.tools.commands) and slides, reader,
student-copies, refresh (helpers.tools.build_commands). A command is a ``Command``: a name, a
one-line help, a function that adds its options to an argparse parser and a function that runs
it and returns the exit code.

Exit codes: 0 all is well; 1 some records were rejected (each named on stderr); 2 usage errors
(bad options, a missing input file, an output file that exists without --force, a store file
that cannot be used).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

from helpers.tools import commands
from helpers.tools.commands import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, add_db_option

__all__ = ["COMMANDS", "EXIT_OK", "EXIT_REJECTED", "EXIT_USAGE", "add_db_option", "main"]


@dataclass(frozen=True)
class Command:
    """One subcommand: ``configure(parser)`` adds its options, ``run(args)`` returns the exit
    code."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


COMMANDS: tuple[Command, ...] = (
    Command(
        "export",
        "write the stored annotations to a file",
        commands.configure_export,
        commands.run_export,
    ),
    Command(
        "import",
        "add the annotations of a file to the store",
        commands.configure_import,
        commands.run_import,
    ),
    Command(
        "collect",
        "gather a class's hand-in files into one table",
        commands.configure_collect,
        commands.run_collect,
    ),
    Command(
        "sample-class",
        "write a synthetic class's hand-in files (for trying the teacher's tools)",
        commands.configure_sample_class,
        commands.run_sample_class,
    ),
)


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser of ``python -m helpers``, with one subparser a command."""
    parser = argparse.ArgumentParser(
        prog="python -m helpers",
        description="The project's command line: annotations (export, import), the class "
        "(collect, sample-class) and the teaching material (slides, reader, student-copies, "
        "refresh).",
        epilog="Exit codes: 0 all well, 1 some records rejected, 2 usage error.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        subparser = subparsers.add_parser(
            command.name, help=command.help, description=command.help
        )
        command.configure(subparser)
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

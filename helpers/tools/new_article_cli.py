"""The options and the run of ``python -m helpers new-article`` (see helpers.tools.new_article)."""

from __future__ import annotations

import argparse

from helpers.tools.commands import EXIT_OK, EXIT_USAGE, print_error, say

DESCRIPTION = (
    "Make a lesson from your own article: TEXT_FILE (plain text, UTF-8, at most 200 kB) is "
    "tidied and split into parts (at its headings), paragraphs and sentences, and written to "
    "data/articles/NAME/ with an empty answer key, self-checks and source pack to fill in "
    "(FORMAT.md there explains them), sentences.txt (one sentence a line: merge or split, then "
    "run --resplit NAME) and a lesson notebook. An existing article is made again only with "
    "--force; your key, self-checks and sources are never replaced."
)


def configure_new_article(parser: argparse.ArgumentParser) -> None:
    """Options of ``new-article``: TEXT_FILE, --name, --title, --date, --source-url, --outlet,
    --notebook, --force, --resplit."""
    parser.add_argument("text_file", nargs="?", metavar="TEXT_FILE", help="the article as text")
    parser.add_argument("--name", metavar="NAME", help="the article's name, e.g. end-of-unit")
    parser.add_argument("--title", default="", help="its title (default: its headline)")
    parser.add_argument("--date", default="", metavar="YYYY-MM-DD", help="when it was published")
    parser.add_argument(
        "--source-url", default="", metavar="URL", help="where it was published (https://...)"
    )
    parser.add_argument("--outlet", default="", help="who published it, e.g. a newspaper")
    parser.add_argument(
        "--notebook",
        metavar="PATH",
        help="where to write the lesson notebook (default: lesson.ipynb in the article's folder)",
    )
    parser.add_argument("--force", action="store_true", help="make an existing article again")
    parser.add_argument(
        "--resplit",
        metavar="NAME",
        help="read data/articles/NAME/sentences.txt back after you edited it",
    )


def run_new_article(args: argparse.Namespace) -> int:
    """Make (or split again) the article; returns 0, or 2 with a message saying why not."""
    from helpers.tools.new_article import NewArticleError, make_article, resplit

    try:
        if args.resplit:
            if args.text_file or args.name:
                print_error("error: --resplit NAME takes no TEXT_FILE and no --name.")
                return EXIT_USAGE
            made = resplit(args.resplit, args.notebook)
        elif not args.text_file or not args.name:
            print_error("error: give TEXT_FILE and --name NAME (or --resplit NAME).")
            return EXIT_USAGE
        else:
            made = make_article(
                args.text_file, args.name, args.title, args.date, args.source_url or None,
                args.outlet, args.force, args.notebook,
            )
    except (NewArticleError, FileExistsError, IsADirectoryError) as exc:
        print_error(f"error: {exc}")
        return EXIT_USAGE
    except OSError as exc:
        print_error(f"error: cannot write the article's files: {exc.strerror or exc}")
        return EXIT_USAGE
    article = made.article
    for warning in made.warnings:
        say(f"note: {warning}")
    parts = ", ".join(f"{p.id} ({len(p.sentences)} sentences)" for p in article.parts)
    say(f"Article {article.name!r}, “{article.metadata['title']}”: {parts}.")
    say(f"Wrote {len(made.written)} files in {made.folder}; kept {len(made.kept)} of yours.")
    notebook = made.written[-1]
    say(
        f"Next: read {made.folder / 'sentences.txt'} (merge or split sentences, then "
        f"--resplit {article.name}); fill in the key, self-checks and sources (FORMAT.md); "
        f"open {notebook} and choose Run All Cells."
    )
    return EXIT_OK

"""Where the project's files are, and where each article's files are.

The unit's own article (``DEFAULT_ARTICLE``) lives directly in ``data/`` (article.json,
article.txt, key/, selfcheck/, sources/, lessons/); any other article lives in its own folder
``data/articles/<name>/`` with the same layout. ``$NEWS_CLAIMS_ARTICLES`` names another folder of
articles (tests, or a teacher's own texts kept outside the project).
"""

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"
#: The synthetic sample class's hand-ins (what the teacher's notebooks show before a class's).
SAMPLE_CLASS = DATA / "sample_class"

#: The name of the article in data/ itself: the one every lesson uses unless told otherwise.
DEFAULT_ARTICLE = "france-alliance"
#: The environment variable naming another folder of articles (default data/articles).
ARTICLES_ENV = "NEWS_CLAIMS_ARTICLES"
_NAME = re.compile(r"[a-z][a-z0-9-]{0,39}")


def check_article_name(name: object) -> str:
    """``name`` if it is an article name (lowercase ASCII letters, digits and '-', 1 to 40
    characters, starting with a letter); ValueError saying so otherwise."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(
            f"article: {str(name)[:60]!r} is not an article name; use 1 to 40 lowercase "
            "letters, digits and '-', starting with a letter (e.g. 'end-of-unit')"
        )
    return name


def articles_dir() -> Path:
    """The folder holding the other articles: ``$NEWS_CLAIMS_ARTICLES``, else data/articles."""
    env = os.environ.get(ARTICLES_ENV, "").strip()
    return Path(env).expanduser() if env else DATA / "articles"


def article_dir(name: str | None = None) -> Path:
    """The folder of an article's files: data/ for None or ``DEFAULT_ARTICLE``, else
    data/articles/<name>/ (ValueError for a name that is not one)."""
    if name is None or name == DEFAULT_ARTICLE:
        return DATA
    return articles_dir() / check_article_name(name)


def article_name(article: object = None) -> str:
    """The name of ``article``: an ``Article`` (its ``name``), a name, or None (the default)."""
    if article is None:
        return DEFAULT_ARTICLE
    if isinstance(article, str):
        return check_article_name(article)
    return article.name


def article_folder(article: object = None) -> Path:
    """The folder of ``article`` (an ``Article``, a name, or None for the default)."""
    folder = getattr(article, "folder", None)
    return folder if folder is not None else article_dir(article_name(article))

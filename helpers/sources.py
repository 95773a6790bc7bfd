"""The source pack: the pages behind the fact sheet's claims, for lateral reading.

``data/sources/pack.json`` lists every page the fact sheet cites for a claim the students check
(table A rows 1-13, notes 1-8), the pages a real search would also turn up (the article itself,
a Pravda-network page, Wikipedia copies) and a few practice pages that are not real, each marked
so in its flag, its title and its text. data/sources/README.md explains every field.

``load_sources()`` reads and checks the pack: a broken row is a ``SourceError`` naming the file,
the row (1-based, and its id) and the field. No ipywidgets, no pandas: the search box, the
command line and the tests share this module.

Claims are named by the sentence ids of data/article.json ("lede-1", "nato-2" …) or "article"
for the article as a whole (its outlet and style); ``factsheet`` names the fact-sheet rows as
"A1"-"A13" (table A) and "B1"-"B8" (section B, the notes).

Another article has its own pack, ``data/articles/<name>/sources/pack.json`` (``article=``: an
Article or a name): its claims are that article's sentence ids, ``factsheet`` may be empty or
name its own references, and it may have no pages at all (no file: no pages yet).
"""

from __future__ import annotations

import json
import re
import stat
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from helpers.errors import Located
from helpers.paths import DATA, DEFAULT_ARTICLE, article_folder, article_name

PACK = DATA / "sources" / "pack.json"
#: What a page is. Kept short and fixed: the search box shows it beside every result.
KINDS = {
    "news agency report": "a news agency's report (Reuters, AP, dpa, Bloomberg …), often "
    "carried by other sites",
    "newspaper": "a newspaper or its website",
    "news site": "a news outlet that publishes online only",
    "broadcaster": "a television or radio channel's website",
    "official release": "published by a government or an organisation about its own work",
    "government record": "a record kept by a parliament, a government or a court",
    "encyclopedia": "a reference work",
    "aggregator": "a site that collects, republishes or rewrites other outlets' reports",
    "state-aligned network": "a network of sites that republishes a state's messages",
    "opinion": "a comment or opinion piece",
    "video": "a video page",
    "blog": "a blog",
    "mirror": "a copy of another site's pages (often old Wikipedia text)",
}
#: How the title, the outlet note and the text of a page that is not real begin.
PRACTICE_PREFIX = "Practice page (not a real website):"
#: A practice page's address ends in .invalid, a name reserved never to be a real website.
PRACTICE_HOST = ".invalid"
CLAIM_WHOLE_ARTICLE = "article"
MAX_EXCERPTS = 12
MAX_BYTES = 2_000_000
MAX_ROWS = 1000
REQUIRED = (
    "id", "outlet", "author", "date", "url", "url_complete", "kind", "title",
    "title_is_description", "excerpts", "summary", "claims", "factsheet", "about_outlet",
    "trust", "practice_page",
)  # fmt: skip
OPTIONAL = ("date_note", "search_hint", "search_terms", "text")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")
_FACTSHEET = re.compile(r"^(A(1[0-3]|[1-9])|B[1-8])$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_URL = re.compile(r"^https://([A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+)(/\S*|\?\S*)?$")
#: Characters never allowed in the pack: controls, and the private-use characters the search
#: uses to mark matched words.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ue000-\uf8ff]")


class SourceError(Located, ValueError):
    """The source pack cannot be used: names the file, the row (1-based) and its id, and the
    field (attributes ``file``, ``record``, ``record_id``, ``field``)."""

    def __init__(self, message: str, *, field: str | None = None, file: str | None = None):
        self.text, self.field, self.file = message, field, file
        Exception.__init__(self, self._message())

    def _clone(self) -> SourceError:
        return type(self)(self.text, field=self.field, file=self.file)

    def _message(self) -> str:
        where = self.where
        head = f"{where}, field {self.field!r}" if where and self.field else where
        return f"{head}: {self.text}" if head else self.text


@dataclass(frozen=True)
class Source:
    """One page of the pack (see data/sources/README.md for each field)."""

    id: str
    outlet: str
    author: str
    date: str
    url: str
    url_complete: bool
    kind: str
    title: str
    title_is_description: bool
    excerpts: tuple[str, ...]
    summary: str
    claims: tuple[str, ...]
    factsheet: tuple[str, ...]
    about_outlet: str
    trust: str
    practice_page: bool
    date_note: str = ""
    search_hint: str = ""
    search_terms: str = ""
    text: str = ""

    @property
    def parts(self) -> tuple[str, ...]:
        """The article parts its claims belong to ("lede", "nato" …), in order, no repeats."""
        return tuple(dict.fromkeys(c.rsplit("-", 1)[0] for c in self.claims if "-" in c))

    def bears_on(self, claim_or_part: str) -> bool:
        """True when the page bears on this sentence id, part id or "article"."""
        return claim_or_part in self.claims or claim_or_part in self.parts

    @property
    def linkable(self) -> bool:
        """True when ``url`` can be opened as it is: a real page with a complete address."""
        return self.url_complete and not self.practice_page

    def as_dict(self) -> dict[str, Any]:
        """The row as plain JSON values (lists for tuples)."""
        return {
            name: list(value) if isinstance(value, tuple) else value
            for name, value in self.__dict__.items()
        }


# -- reading ---------------------------------------------------------------------------------
def _read_json(path: Path) -> Any:
    """The JSON of ``path``: a regular UTF-8 file of at most MAX_BYTES."""
    try:
        info = path.stat()
    except OSError as exc:
        raise SourceError(f"cannot be read: {exc.strerror or exc}", file=str(path)) from exc
    if not stat.S_ISREG(info.st_mode):
        raise SourceError("is not a regular file", file=str(path))
    if info.st_size > MAX_BYTES:
        raise SourceError(f"is larger than {MAX_BYTES:,} bytes", file=str(path))
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SourceError(f"is not UTF-8 text ({exc.reason})", file=str(path)) from exc
    except (json.JSONDecodeError, RecursionError) as exc:
        raise SourceError(f"is not valid JSON: {exc}", file=str(path)) from exc


def _claim_ids(article=None) -> frozenset[str]:
    from helpers.article import Article, load_article

    found = article if isinstance(article, Article) else load_article(article)
    return frozenset(s.id for s in found.sentences) | {CLAIM_WHOLE_ARTICLE}


def _text(row: dict, name: str, *, empty: bool = False, limit: int = 2000) -> str:
    value = row.get(name, "")
    if not isinstance(value, str):
        raise SourceError(f"must be text, not {type(value).__name__}", field=name)
    if not empty and not value.strip():
        raise SourceError("is empty", field=name)
    if value != value.strip():
        raise SourceError("has spaces at either end", field=name)
    if len(value) > limit:
        raise SourceError(f"is longer than {limit} characters", field=name)
    if _BAD_CHARS.search(value):
        raise SourceError("contains a control or private-use character", field=name)
    return value


def _texts(row: dict, name: str, limit: int = 600) -> tuple[str, ...]:
    value = row.get(name)
    if not isinstance(value, list):
        raise SourceError("must be a list of texts", field=name)
    return tuple(_text({name: item}, name, limit=limit) for item in value)


def _flag(row: dict, name: str) -> bool:
    value = row.get(name)
    if not isinstance(value, bool):
        raise SourceError(f"must be true or false, not {value!r}", field=name)
    return value


def _check_date(value: str) -> None:
    if value == "":
        return
    if not _DATE.match(value):
        raise SourceError(
            f"{value!r} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)", field="date"
        )
    year, month, day = (int(x) for x in (value + "-01-01")[:10].split("-"))
    try:
        date(year, month, day)
    except ValueError as exc:
        raise SourceError(f"{value!r} is not a real date ({exc})", field="date") from exc
    if not 1800 <= year <= 2030:
        raise SourceError(f"{value!r} is outside 1800-2030", field="date")


def _check_url(row: dict, practice: bool) -> tuple[str, bool, str]:
    url = _text(row, "url", limit=400)
    complete = _flag(row, "url_complete")
    hint = _text(row, "search_hint", empty=True, limit=200)
    match = _URL.match(url)
    if not match:
        raise SourceError(f"{url!r} is not a full address starting with https://", field="url")
    host = match.group(1).lower()
    if practice != host.endswith(PRACTICE_HOST):
        raise SourceError(
            "a practice page's address must end in .invalid, and only a practice page's "
            f"(found {host!r})",
            field="url",
        )
    if complete and "…" in url:
        raise SourceError("has “…” but url_complete is true", field="url_complete")
    if not complete and not hint:
        raise SourceError(
            "is missing: an incomplete address needs the words a student can type to find the page",
            field="search_hint",
        )
    return url, complete, hint


def check_row(row: Any, claims: frozenset[str], own_refs: bool = False) -> Source:
    """One row of the pack as a Source; raises SourceError naming the field. ``own_refs``:
    another article's pack, whose ``factsheet`` references are its own (or none)."""
    if not isinstance(row, dict):
        raise SourceError(f"a row must be a JSON object, not {type(row).__name__}")
    for name in REQUIRED:
        if name not in row:
            raise SourceError("is missing", field=name)
    unknown = sorted(set(row) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise SourceError(f"unknown field(s): {', '.join(unknown)}", field=unknown[0])
    source_id = _text(row, "id", limit=80)
    if not _ID.match(source_id):
        raise SourceError(f"{source_id!r}: use a-z, 0-9 and '-' (2-80 characters)", field="id")
    practice = _flag(row, "practice_page")
    url, complete, hint = _check_url(row, practice)
    when = _text(row, "date", empty=True, limit=40)
    _check_date(when)
    kind = _text(row, "kind", limit=40)
    if kind not in KINDS:
        raise SourceError(f"{kind!r} is not one of: {', '.join(KINDS)}", field="kind")
    excerpts = _texts(row, "excerpts")
    if len(excerpts) > MAX_EXCERPTS:
        raise SourceError(f"has more than {MAX_EXCERPTS} excerpts", field="excerpts")
    for excerpt in excerpts:
        if excerpt[0] in '"“”«»' or excerpt[-1] in '"“”«»':
            raise SourceError(
                f"{excerpt[:40]!r}: keep the quotation marks out (they are added when shown)",
                field="excerpts",
            )
    claim_ids = _texts(row, "claims", limit=40)
    if not claim_ids:
        raise SourceError("is empty: name the claims the page bears on", field="claims")
    for claim in claim_ids:
        if claim not in claims:
            raise SourceError(
                f"{claim!r} is not a sentence id of data/article.json nor 'article'",
                field="claims",
            )
    refs = _texts(row, "factsheet", limit=4)
    bad = [r for r in refs if not _FACTSHEET.match(r)]
    if (bad or not refs) and not own_refs:
        raise SourceError(f"{bad or refs!r}: use A1-A13 and B1-B8", field="factsheet")
    summary = _text(row, "summary", empty=bool(excerpts))
    title = _text(row, "title", limit=300)
    about = _text(row, "about_outlet", limit=400)
    text = _text(row, "text", empty=True, limit=2000)
    marked = {
        "title": title.startswith(PRACTICE_PREFIX),
        "text": text.startswith(PRACTICE_PREFIX),
        "about_outlet": about.startswith(PRACTICE_PREFIX),
    }
    for name, starts in marked.items():
        if practice and not starts:
            raise SourceError(
                f"a practice page's {name} must begin {PRACTICE_PREFIX!r}", field=name
            )
    for name, value in (("title", title), ("summary", summary), ("about_outlet", about)):
        if not practice and PRACTICE_PREFIX in value:
            raise SourceError("says practice page but practice_page is false", field=name)
    if not practice and text:
        raise SourceError("only a practice page has a text of its own", field="text")
    if practice and excerpts:
        raise SourceError(
            "a practice page has no excerpts (its words are in text)", field="excerpts"
        )
    return Source(
        id=source_id,
        outlet=_text(row, "outlet", limit=200),
        author=_text(row, "author", empty=True, limit=200),
        date=when,
        url=url,
        url_complete=complete,
        kind=kind,
        title=title,
        title_is_description=_flag(row, "title_is_description"),
        excerpts=excerpts,
        summary=summary,
        claims=claim_ids,
        factsheet=refs,
        about_outlet=about,
        trust=_text(row, "trust", limit=1000),
        practice_page=practice,
        date_note=_text(row, "date_note", empty=True, limit=300),
        search_hint=hint,
        search_terms=_text(row, "search_terms", empty=True, limit=600),
        text=text,
    )


def read_pack(path: str | Path | None = None, article=None) -> tuple[Source, ...]:
    """Read and check a pack file (default: the article's sources/pack.json, data/sources/
    pack.json for the unit's own), uncached. Raises SourceError naming the file, the row
    (1-based) and its id, and the field."""
    other = article_name(article) != DEFAULT_ARTICLE
    path = Path(path) if path is not None else article_folder(article) / "sources" / "pack.json"
    if other and not path.exists():
        return ()
    doc = _read_json(path)
    rows = doc.get("sources") if isinstance(doc, dict) else None
    if not isinstance(rows, list) or not (rows or other):
        raise SourceError('has no list of "sources"', field="sources", file=str(path))
    if len(rows) > MAX_ROWS:
        raise SourceError(f"has more than {MAX_ROWS} pages", field="sources", file=str(path))
    claims = _claim_ids(article)
    seen: dict[str, int] = {}
    found = []
    for number, row in enumerate(rows, start=1):
        row_id = row.get("id") if isinstance(row, dict) and isinstance(row.get("id"), str) else None
        try:
            source = check_row(row, claims, own_refs=other)
        except SourceError as exc:
            raise exc.at(str(path), number, row_id) from None
        if source.id in seen:
            raise SourceError(
                f"{source.id!r} is also the id of row {seen[source.id]}", field="id"
            ).at(str(path), number, source.id)
        seen[source.id] = number
        found.append(source)
    return tuple(found)


@lru_cache(maxsize=8)
def _cached(path: str, name: str) -> tuple[Source, ...]:
    return read_pack(path, None if name == DEFAULT_ARTICLE else name)


def load_sources(path: str | Path | None = None, article=None) -> tuple[Source, ...]:
    """Every page of the pack (of ``article``: an Article or a name, default the unit's own),
    checked (cached per file). Raises SourceError."""
    name = article_name(article)
    if path is None:
        other = article_folder(article) / "sources" / "pack.json"
        path = PACK if name == DEFAULT_ARTICLE else other
    return _cached(str(Path(path)), name)


def source(source_id: str, path: str | Path | None = None, article=None) -> Source:
    """The page with this id; SourceError naming a few ids when there is none."""
    pack = load_sources(path, article)
    for found in pack:
        if found.id == source_id:
            return found
    known = ", ".join(s.id for s in pack[:5]) or "none"
    raise SourceError(f"no source {source_id!r} in the pack (ids such as {known} …)", field="id")


def sources_for(
    claim_or_part: str, path: str | Path | None = None, article=None
) -> tuple[Source, ...]:
    """The pages that bear on a sentence id ("nato-2"), a part ("nato") or "article"."""
    return tuple(s for s in load_sources(path, article) if s.bears_on(claim_or_part))

"""A search engine over the source pack, as a student expects one to work.

``search("Séjourné Vilnius")`` returns the pages of ``data/sources/pack.json`` best first. The
index is an in-memory SQLite FTS5 table (built in a few milliseconds, nothing on disk, no
network) ranked with ``bm25()``, a title match weighing more than a match in the outlet's note.

What a student types is never FTS syntax: the query is cut into words (any case, accents or
none: "Sejourne" finds "Séjourné"; "troop" finds "troops"), stop words are dropped, and each
word is quoted before it reaches SQLite, so ``NATO AND "`` or ``title:*`` cannot raise. Words in
"double quotes" are kept together as a phrase; "90,000" is one term that also finds "90000".
Pages that match more of the words come first (a page with fewer than half of them is left
out when others have more); among them, bm25 decides.

A result's ``snippet`` is plain text and ``marks`` the (start, end) offsets of the matched
words in it: the caller escapes the text and marks the words (``mark_text``). Nothing here
returns HTML. No ipywidgets, no pandas.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from helpers.paths import article_folder, article_name
from helpers.sources import Source, load_sources

#: The FTS5 columns, in order, with their bm25 weights (a higher weight counts more).
COLUMNS = (
    ("title", 6.0),
    ("outlet", 4.0),
    ("excerpts", 2.5),
    ("summary", 2.0),
    ("about_outlet", 1.5),
    ("terms", 1.5),
)
#: The columns a snippet may come from, in order of preference on a tie.
SNIPPET_COLUMNS = ("excerpts", "summary", "about_outlet")
TOKENIZER = "porter unicode61 remove_diacritics 2"
MAX_QUERY_CHARS = 1000
MAX_TERMS = 16
MAX_WORD = 60  # longer "words" (a key held down) are dropped
MAX_LIMIT = 100
SNIPPET_TOKENS = 24
FALLBACK_CHARS = 180
_OPEN, _CLOSE = "\ue000", "\ue001"  # never in the pack (helpers.sources refuses them)
_WORD = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"^\d{1,3}([.,]\d{3})+$")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "″": '"'})
#: Words that say little in a search box (English and the commonest French ones).
STOP_WORDS = frozenset(
    """a an and are as at be been but by can could did do does for from had has have he her
    his how i if in into is it its me my no nor not of on or our she so than that the their them
    then there these they this those to too us was we were what when where which who whom why
    will with would you your about any all also am just more most only other some such very
    au aux ce dans de des du en et la le les l d un une est il qui que pour par sur pas""".split()
)


class SearchError(RuntimeError):
    """The search cannot run here (this Python's SQLite has no FTS5)."""


@dataclass(frozen=True)
class Result:
    """One page found: ``source`` (the pack's row), ``snippet`` (plain text) and ``marks``
    (offsets of the matched words in it), ``title_marks`` (the same for the title),
    ``matched`` of ``terms`` query terms found, ``score`` (bm25: lower is better), ``rank``
    (1 for the best)."""

    rank: int
    source: Source
    snippet: str
    marks: tuple[tuple[int, int], ...]
    title_marks: tuple[tuple[int, int], ...]
    matched: int
    terms: int
    score: float

    id = property(lambda self: self.source.id)
    title = property(lambda self: self.source.title)
    outlet = property(lambda self: self.source.outlet)
    date = property(lambda self: self.source.date)
    url = property(lambda self: self.source.url)
    practice_page = property(lambda self: self.source.practice_page)


# -- the query -------------------------------------------------------------------------------
def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _WORD.findall(text) if len(t) <= MAX_WORD]


def _alternatives(chunk: str) -> tuple[str, ...] | None:
    """The ways one typed word can match (as FTS phrases), None for a word to drop."""
    chunk = chunk.strip(".,;:!?()[]{}'’`")
    if _NUMBER.match(chunk):  # 90,000 -> "90 000" or "90000"
        parts = _tokens(chunk)
        return (" ".join(parts), "".join(parts))
    if chunk.isdigit() and len(chunk) >= 4 and not chunk.startswith("0"):
        groups = f"{int(chunk):,}".replace(",", " ")
        return (chunk, groups) if " " in groups else (chunk,)
    return None


def query_terms(query: object) -> list[tuple[str, ...]]:
    """The terms of a typed query: each a tuple of alternative phrases (words separated by a
    space), lower case, stop words and one-letter words dropped, at most MAX_TERMS, no repeats.
    Never raises: anything that is not text is read as its ``str``."""
    text = unicodedata.normalize("NFC", str(query if query is not None else ""))
    text = text[:MAX_QUERY_CHARS].translate(_QUOTES)
    found: list[tuple[str, ...]] = []
    pieces = re.split(r'"([^"]*)"', text)  # odd indexes: inside a pair of quotes
    for index, piece in enumerate(pieces):
        if index % 2:  # a quoted phrase: every word counts
            words = _tokens(piece)
            if words:
                found.append((" ".join(words),))
            continue
        for chunk in piece.replace('"', " ").split():
            alternatives = _alternatives(chunk)
            if alternatives:
                found.append(alternatives)
                continue
            for word in _tokens(chunk):
                if word not in STOP_WORDS and (len(word) > 1 or word.isdigit()):
                    found.append((word,))
    return list(dict.fromkeys(found))[:MAX_TERMS]


def _expression(term: tuple[str, ...]) -> str:
    """An FTS5 expression for one term: every phrase quoted (its words are letters and digits
    only, so nothing in it is FTS syntax)."""
    quoted = [f'"{phrase}"' for phrase in term]
    return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"


# -- marks -----------------------------------------------------------------------------------
def _unmark(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Text with the private-use markers removed, and the (start, end) of each marked span."""
    plain: list[str] = []
    marks: list[tuple[int, int]] = []
    length, start = 0, None
    for piece in re.split(f"([{_OPEN}{_CLOSE}])", text):
        if piece == _OPEN:
            start = length
        elif piece == _CLOSE:
            if start is not None and length > start:
                marks.append((start, length))
            start = None
        else:
            plain.append(piece)
            length += len(piece)
    return "".join(plain), tuple(marks)


def mark_text(
    text: str,
    marks: Iterable[tuple[int, int]],
    before: str = "[",
    after: str = "]",
    escape: Callable[[str], str] | None = None,
) -> str:
    """``text`` with ``before``/``after`` around each marked span; ``escape`` (e.g.
    ``html.escape``) is applied to every piece of the text, never to the markers."""
    escape = escape or (lambda piece: piece)
    out, at = [], 0
    for start, end in sorted(marks):
        if start < at or end > len(text) or start >= end:
            continue  # overlapping or outside: skipped, never garbled
        out += [escape(text[at:start]), before, escape(text[start:end]), after]
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def _short(text: str, length: int = FALLBACK_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + " …"


# -- the index -------------------------------------------------------------------------------
def _row(source: Source) -> tuple[str, ...]:
    excerpts = " ".join(f"“{e}”" for e in source.excerpts)
    if source.text:
        excerpts = f"{excerpts} {source.text}".strip()
    terms = " ".join(filter(None, (source.search_terms, source.kind, source.date)))
    return (source.title, source.outlet, excerpts, source.summary, source.about_outlet, terms)


class SearchIndex:
    """An in-memory FTS5 index of ``sources`` (default: the checked pack). ``search(query)``
    is safe to call from any thread."""

    def __init__(self, sources: Iterable[Source] | None = None):
        self.sources: tuple[Source, ...] = tuple(load_sources() if sources is None else sources)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        names = ", ".join(name for name, _ in COLUMNS)
        try:
            self._db.execute(
                f"CREATE VIRTUAL TABLE pages USING fts5({names}, tokenize = '{TOKENIZER}')"
            )
        except sqlite3.OperationalError as exc:
            raise SearchError(
                f"this Python's SQLite ({sqlite3.sqlite_version}) cannot build the search "
                f"index: {exc}. The search needs SQLite with FTS5."
            ) from exc
        marks = ", ".join("?" * len(COLUMNS))
        self._db.executemany(
            f"INSERT INTO pages (rowid, {names}) VALUES (?, {marks})",
            [(number, *_row(s)) for number, s in enumerate(self.sources)],
        )
        self._weights = ", ".join(str(weight) for _, weight in COLUMNS)

    def source(self, source_id: str) -> Source | None:
        """The indexed page with this id, or None."""
        return next((s for s in self.sources if s.id == source_id), None)

    def _rows(self, sql: str, params: tuple) -> list[tuple]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error:  # pragma: no cover - the expressions are quoted words only
            return []

    def search(self, query: object, limit: int = 10) -> list[Result]:
        """The pages that match ``query``, best first, at most ``limit`` (1-100). Pages that
        match more of the query's terms come first, then the better bm25 score; pages with fewer
        than half the terms are left out (unless no page has more). An empty or unusable query
        gives []. Never raises for what a student can type."""
        terms = query_terms(query)
        try:
            limit = max(0, min(int(limit), MAX_LIMIT))
        except (TypeError, ValueError):
            limit = 10
        if not terms or not limit:
            return []
        everything = " OR ".join(_expression(term) for term in terms)
        with self._lock:
            matched: dict[int, int] = {}
            for term in terms:
                for (rowid,) in self._rows(
                    "SELECT rowid FROM pages WHERE pages MATCH ?", (_expression(term),)
                ):
                    matched[rowid] = matched.get(rowid, 0) + 1
            scores = dict(
                self._rows(
                    f"SELECT rowid, bm25(pages, {self._weights}) FROM pages WHERE pages MATCH ?",
                    (everything,),
                )
            )
            needed = min(max(matched.values(), default=0), -(-len(terms) // 2))
            kept = [r for r in matched if matched[r] >= needed]  # at least half the words
            best = sorted(kept, key=lambda r: (-matched[r], scores.get(r, 0.0), r))[:limit]
            snippets = self._snippets(everything, best)
        results = []
        for rank, rowid in enumerate(best, start=1):
            source = self.sources[rowid]
            title, candidates = snippets.get(rowid, (source.title, []))
            snippet, marks = self._best_snippet(source, candidates)
            results.append(
                Result(
                    rank=rank,
                    source=source,
                    snippet=snippet,
                    marks=marks,
                    title_marks=_unmark(title)[1],
                    matched=matched[rowid],
                    terms=len(terms),
                    score=round(scores.get(rowid, 0.0), 6),
                )
            )
        return results

    def _snippets(self, expression: str, rowids: list[int]) -> dict[int, tuple[str, list[str]]]:
        """For each row: its title with the matched words marked, and a snippet of each
        SNIPPET_COLUMNS column."""
        if not rowids:
            return {}
        index = {name: number for number, (name, _) in enumerate(COLUMNS)}
        parts = [f"highlight(pages, 0, '{_OPEN}', '{_CLOSE}')"] + [
            f"snippet(pages, {index[name]}, '{_OPEN}', '{_CLOSE}', '…', {SNIPPET_TOKENS})"
            for name in SNIPPET_COLUMNS
        ]
        holes = ", ".join("?" * len(rowids))
        rows = self._rows(
            f"SELECT rowid, {', '.join(parts)} FROM pages WHERE pages MATCH ? "
            f"AND rowid IN ({holes})",
            (expression, *rowids),
        )
        return {row[0]: (row[1], list(row[2:])) for row in rows}

    @staticmethod
    def _best_snippet(source: Source, candidates: list[str]) -> tuple[str, tuple]:
        """The snippet with the most marked words (excerpts first on a tie); the start of the
        page's summary (or its first excerpt, or its text) when no snippet marks anything."""
        best: tuple[str, tuple] | None = None
        for candidate in candidates:
            text, marks = _unmark(candidate or "")
            if marks and (best is None or len(marks) > len(best[1])):
                best = (text, marks)
        if best is not None:
            return best
        if source.summary:
            return _short(source.summary), ()
        if source.excerpts:
            return _short(f"“{source.excerpts[0]}”"), ()
        return _short(source.text), ()


def results_text(query: str, results: list[Result], notes: bool = False) -> list[str]:
    """The results as lines of plain text (``python -m helpers search`` prints them): the title,
    outlet | date | kind, the address and the snippet with the matched words in **stars**;
    ``notes`` adds the claims each page bears on and the teacher's note."""
    if not results:
        return [
            f"No page found for “{query}”: try fewer words, another spelling, a name or a number."
        ]
    lines = [f"{len(results)} page(s) for “{query}”, best first (matched words in **stars**):"]
    for result in results:
        s = result.source
        badge = "  [PRACTICE PAGE: not a real website]" if s.practice_page else ""
        hint = "" if s.url_complete else f"  (incomplete address; search: {s.search_hint})"
        lines += [
            "",
            f"{result.rank}. {s.title}{badge}",
            f"   {s.outlet} | {s.date or 'date not known'} | {s.kind}",
            f"   {s.url}{hint}",
            f"   {mark_text(result.snippet, result.marks, '**', '**')}",
        ]
        if notes:
            claims, rows = ", ".join(s.claims), ", ".join(s.factsheet)
            lines += [
                f"   id {s.id}; claims {claims}; fact sheet {rows}",
                f"   Teacher's note: {s.trust}",
            ]
    return lines


def default_index(article=None) -> SearchIndex:
    """The index of the article's source pack (an Article or a name; default: the unit's own,
    data/sources/pack.json), built once per kernel."""
    return _index(article_name(article), str(article_folder(article)))


@lru_cache(maxsize=8)
def _index(name: str, folder: str) -> SearchIndex:
    return SearchIndex(load_sources(article=name))


def search(query: object, limit: int = 10, article=None) -> list[Result]:
    """The pack's pages that match ``query``, best first (see ``SearchIndex.search``)."""
    return default_index(article).search(query, limit)

"""``SearchBox``: a search box over the source pack, for lateral reading with or without a network.

The student types words and presses Enter (or clicks Search); the matching pages of
data/sources/pack.json (``helpers.search``) appear five at a time: the title as a button, the
outlet, date, kind of page with what that kind is, the address in full (a link when it is whole
and real) and a snippet with the words marked; a practice page carries a badge. An opened page
shows its quotes, what it says, who runs the outlet and a link to the real page (links need the
internet; nothing else does). Every query, page opened and page used as evidence is recorded
with ``record_search`` under the student's remembered name, and so reaches the hand-in.
Everything from the pack or the student is escaped; the status line is the one live region.
In a notebook: ``box = SearchBox("nato")``, then ``box.on_evidence(callback)``.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from helpers.article import Article, load_article
from helpers.errors import AnnotationError
from helpers.search import SearchIndex, default_index, mark_text
from helpers.sources import KINDS, Source
from helpers.widgets.base import (
    Composite,
    NameBox,
    TextStyle,
    button,
    guarded,
    html,
    layout,
    save_pending,
    shared,
    store_or_default,
    style,
    waiting_text,
    watch_student,
    wrap_row,
)
from helpers.widgets.html import esc, short

PAGE_SIZE, MAX_RESULTS = 5, 50
INTRO = (
    "<b>Search the sources</b> — type a few words (a name, a number, a place) and press Enter "
    "or click “Search”. Open a page to see who publishes it and what it says."
)
BADGE = (
    '<span class="search-practice-badge" style="background:#fff3cd;border:1px solid #c69500;'
    'border-radius:3px;padding:0 4px;font-size:85%;font-weight:bold">Practice page — not a '
    "real website</span> "
)
_MARK = ('<mark style="background:#fff176;padding:0">', "</mark>")
_TITLE_NOTE = ' <i style="color:#555">(our description: we did not record the page’s own title)</i>'
_PART = "We recorded only part of this address. To find the page, search the web for: <q>{}</q>"
_OPEN = (
    '<a href="{}" target="_blank" rel="noopener noreferrer" style="color:#1a0dab;'
    'text-decoration:underline">Open the real page</a> (needs the internet).'
)


def _button(description: str, css: str, icon: str, **kwargs) -> widgets.Button:
    kwargs.setdefault("layout", layout(width="auto", max_width="100%", align_self="flex-start"))
    made = button(description=description, icon=icon, tooltip=description, **kwargs)
    made.add_class(css)
    return made


def kind_html(source: Source) -> str:
    """The kind of page with what that kind is ("aggregator — a site that …"): no bare label."""
    return f"{esc(source.kind)} — {esc(KINDS.get(source.kind, ''))}"


def result_html(result, links: bool = True) -> str:
    """The lines under a result's title: badge, outlet, date, kind (with what it is), address
    (a link in a new tab when it is whole and real, and ``links``), snippet."""
    source, url = result.source, esc(result.source.url)
    if links and source.linkable:
        url = f'<a href="{url}" target="_blank" rel="noopener noreferrer">{url}</a>'
    snippet = mark_text(result.snippet, result.marks, *_MARK, escape=esc)
    event = " (date of the event)" if source.date_note.startswith("the date of the event") else ""
    return (
        '<div class="search-result" style="line-height:1.4;overflow-wrap:anywhere;'
        'margin:0 0 8px 0.5em">'
        f"{BADGE if source.practice_page else ''}"
        f'<span class="search-meta" style="color:#333">{esc(source.outlet)} · '
        f"{esc(source.date or 'date not known')}{event} · {kind_html(source)}</span><br>"
        f'<span class="search-url" style="font-size:90%">{url}</span>'
        f'<br><span class="search-snippet">{snippet}</span></div>'
    )


def page_html(source: Source, links: bool = True) -> str:
    """An opened page: title, outlet, address (a link to the real page when it is complete
    and ``links``), who runs the outlet, what the page says and its quotes. Escaped HTML."""
    title_note = _TITLE_NOTE if source.title_is_description else ""
    when = esc(source.date or "date not known")
    if source.date_note:
        when += f' <span style="color:#555;font-size:90%">({esc(source.date_note)})</span>'
    if source.practice_page:
        where = "This address does not exist: the page was written for practice."
    elif source.url_complete:
        where = _OPEN.format(esc(source.url)) if links else ""
    else:
        where = _PART.format(esc(source.search_hint))
    lines = [
        '<div class="search-page" style="line-height:1.45;overflow-wrap:anywhere">',
        f"<div>{BADGE if source.practice_page else ''}"
        f'<b class="search-page-title" style="font-size:110%">{esc(source.title)}</b>'
        f"{title_note}</div>",
        f"<div><b>Outlet:</b> {esc(source.outlet)}"
        + (f" — {esc(source.author)}" if source.author else "")
        + f" · <b>Date:</b> {when}</div>",
        f"<div><b>Kind of page:</b> {kind_html(source)}</div>",
        f'<div><b>Address:</b> <span class="search-url">{esc(source.url)}</span><br>{where}</div>',
        f'<div class="search-about"><b>Who runs this site?</b> {esc(source.about_outlet)}</div>',
    ]
    if source.summary:
        lines.append(
            f'<div class="search-summary"><b>In our words:</b> {esc(source.summary)}</div>'
        )
    if source.text:
        lines.append(
            '<div class="search-text"><b>The page’s text:</b><blockquote '
            f'style="margin:2px 1em">{esc(source.text)}</blockquote></div>'
        )
    if source.excerpts:
        quotes = "".join(f"<li>“{esc(e)}”</li>" for e in source.excerpts)
        lines.append(
            '<div class="search-excerpts"><b>Quotes</b> (word for word):'
            f'<ol style="margin:2px 0 0 0;padding-left:1.6em">{quotes}</ol></div>'
        )
    lines.append("</div>")
    return "".join(lines)


class SearchBox(Composite):
    """A search box over the source pack (``index``, default data/sources/pack.json) for the
    lesson on ``part``. Every step is recorded in ``store`` (default: the student's own) with
    ``record_search``: "query" (the words typed), "open" and "evidence" (the page's id), each
    with ``part``; with no name known a NameBox is shown and nothing is recorded until a name is.

    API: ``search(text)``, ``open_result(n)`` (n-th result, 1-based, or a source id), ``back()``,
    ``next_page()``, ``previous_page()``, ``use_as_evidence(excerpt=None)`` and
    ``on_evidence(callback, remove=False)``: ``callback(source, excerpt)`` runs when the student
    clicks “Use as evidence” on an opened page (``excerpt``: the chosen quote, "" for the page
    as a whole); the button shows while a callback is registered. Attributes: ``query``,
    ``search_button``, ``titles``/``snippets`` (the five result slots), ``page`` (the opened
    page), ``quote``, ``evidence_button``, ``back_button``, ``status``, ``results``,
    ``opened`` (a Source or None), ``shown_query``.
    """

    def __init__(self, part: str, store=None, index: SearchIndex | None = None,
                 links: bool = True, article=None):
        self.article = article if isinstance(article, Article) else load_article(article)
        self.part = self.article.part(part).id  # ArticleError naming the parts
        self.store = store_or_default(store, article=self.article)
        self.index = index if index is not None else default_index(self.article)
        self.links, self.plain_text = links, waiting_text("The search box for the sources")
        self.results: list = []
        self.opened: Source | None = None
        self.shown_query = ""
        self._page = 0
        self._callbacks: list[Callable[[Source, str], object]] = []
        self._quiet = False

        self.status = html(css="search-status")
        self.query = widgets.Text(
            description="Search",
            placeholder="e.g. Steadfast Defender start date",
            continuous_update=False,  # the value arrives on Enter (or when the box is left)
            style=style(TextStyle),
            layout=layout(width="100%", max_width="460px"),
        )
        self.query.add_class("search-query")
        self.search_button = _button("Search", "search-button", "search", button_style="primary")
        self.heading = html(css="search-heading")
        link = shared(widgets.ButtonStyle, text_color="#1a0dab", font_weight="bold")
        self.titles = [_button("", "search-result-title", "", style=link) for _ in range(PAGE_SIZE)]
        self.snippets = [html(css="search-snippet-box", width="100%") for _ in range(PAGE_SIZE)]
        for number, title in enumerate(self.titles):
            title.on_click(lambda _b, n=number: self._on_open(n))
        self.previous_button = _button("Previous results", "search-previous", "arrow-left")
        self.next_button = _button("More results", "search-next", "arrow-right")
        self.pager = wrap_row([])
        self.result_list = widgets.VBox([], layout=layout(width="100%"))
        self.page = html(css="search-opened", width="100%")
        self.quote = widgets.Dropdown(
            description="Quote", options=[("", -1)], style=style(), layout=layout(width="auto")
        )
        self.quote.add_class("search-quote")
        self.evidence_button = _button("Use as evidence", "search-evidence", "bookmark")
        self.back_button = _button("Back to results", "search-back", "arrow-left")
        self.evidence_row = wrap_row([])
        self.body = widgets.VBox([], layout=layout(width="100%"))

        self.annotator = self.store.student_name()
        self.name_box: NameBox | None = None
        self._form = wrap_row([self.query, self.search_button])
        self._intro = html(INTRO)
        super().__init__(children=self._children(), layout=layout(width="100%"))
        self.add_class("search-box")
        self.query.observe(self._on_value, names="value")
        self.search_button.on_click(self._on_search)
        self.previous_button.on_click(lambda _b: self.previous_page())
        self.next_button.on_click(lambda _b: self.next_page())
        self.back_button.on_click(lambda _b: self.back())
        self.evidence_button.on_click(self._on_evidence)
        watch_student(self)

    # -- who -------------------------------------------------------------------------------
    def _children(self) -> list:
        if not self.annotator and self.name_box is None:
            self.name_box = NameBox(self.store)
        top = [self._intro] if self.name_box is None else [self._intro, self.name_box]
        return [*top, self._form, self.status, self.body]

    def _student_changed(self, name: str, _source=None) -> None:
        """Another student: an empty search box, none of the searches of the one before (a
        name given after searching keeps the search on screen)."""
        before, self.annotator = self.annotator, name
        children = self._children()
        if list(self.children) != children:
            self.children = children
        if not before or before == name:
            return
        self._set_query("")
        self.results, self.opened, self.shown_query, self._page = [], None, "", 0
        self.body.children = []
        self.status.value = ""

    def _who(self) -> str | None:
        """The student's name, or None (and a note in the status line) when none is known."""
        if self.name_box is not None and not self.annotator:
            try:
                self.annotator = self.name_box.resolve(required=False) or ""
            except AnnotationError as exc:
                self._say("warn", f"Not recorded: that name cannot be used: {exc}")
                return None
        return self.annotator or None

    def _record(self, kind: str, source_id: str = "") -> str:
        """Record one step; returns what to add to the status line ("" when recorded)."""
        annotator = self._who()
        if annotator is None:
            return " Not recorded: type your name above to keep your searches for your hand-in."
        save_pending()  # an answer being typed elsewhere is saved first, in order
        self.store.record_search(annotator, kind, self.shown_query, source_id, self.part)
        return ""

    # -- searching -------------------------------------------------------------------------
    def search(self, text: str) -> list:
        """Search for ``text`` as if the student had typed it; returns the results."""
        self._set_query(text)
        self._run()
        return self.results

    def _set_query(self, text: str) -> None:
        """Put ``text`` in the box without searching."""
        self._quiet = True
        try:
            self.query.value = text
        finally:
            self._quiet = False

    def _on_value(self, _change) -> None:
        if not self._quiet:
            self._run_guarded()

    def _on_search(self, _button=None) -> None:
        self._run_guarded()

    @guarded
    def _run_guarded(self) -> None:
        self._run()

    def _run(self) -> None:
        text = " ".join(self.query.value.split())
        if not text:
            self._say("info", "Type a few words to search for, e.g. “Sweden NATO member”.")
            return
        if text == self.shown_query:  # Enter, then the button: one search, recorded once
            self._show_results(0)
            return
        self.shown_query = text
        self.results = self.index.search(text, limit=MAX_RESULTS)
        note = self._record("query")
        self._show_results(0)
        if self.results:
            found = f"{len(self.results)} page{'s' if len(self.results) != 1 else ''} found"
            self._say("info", f"{found} for “{short(text, 80)}”.{note}")
        else:
            self._say(
                "warn",
                f"No page found for “{short(text, 80)}”. Try fewer words, another spelling, or "
                f"a name or a number from the claim.{note}",
            )

    # -- the results page --------------------------------------------------------------------
    def _show_results(self, page: int) -> None:
        pages = max(1, -(-len(self.results) // PAGE_SIZE))
        self._page = min(max(0, page), pages - 1)
        self.opened = None
        first = self._page * PAGE_SIZE
        shown = self.results[first : first + PAGE_SIZE]
        children = []
        for slot, result in enumerate(shown):
            title = self.titles[slot]
            title.description = short(f"{result.rank}. {result.title}", 100)
            title.tooltip = f"Open: {result.title}"
            self.snippets[slot].value = result_html(result, self.links)
            children += [title, self.snippets[slot]]
        self.result_list.children = children
        self.heading.value = (
            f"<b>Results {first + 1}–{first + len(shown)} of {len(self.results)}</b> for "
            f"“{esc(short(self.shown_query, 80))}”"
            if self.results
            else ""
        )
        self.pager.children = [
            *([self.previous_button] if self._page > 0 else []),
            *([self.next_button] if self._page < pages - 1 else []),
        ]
        self.body.children = [self.heading, self.result_list, self.pager] if self.results else []

    def next_page(self) -> None:
        """The next five results."""
        self._show_results(self._page + 1)

    def previous_page(self) -> None:
        """The five results before."""
        self._show_results(self._page - 1)

    def back(self) -> None:
        """Back from an opened page to the page of results it was on."""
        self._show_results(self._page)
        self.status.value = ""

    # -- an opened page ----------------------------------------------------------------------
    @guarded
    def _on_open(self, slot: int) -> None:
        self.open_result(self._page * PAGE_SIZE + slot + 1)

    def open_result(self, which: int | str) -> Source:
        """Open the ``which``-th result (1-based), or the result with this source id."""
        if isinstance(which, str):
            result = next((r for r in self.results if r.id == which), None)
        else:
            result = self.results[which - 1] if 1 <= which <= len(self.results) else None
        if result is None:
            raise LookupError(f"there is no result {which!r} on this search")
        self._page = (result.rank - 1) // PAGE_SIZE
        self.opened = source = result.source
        self.page.value = page_html(source, self.links)
        options = [(f"{n}. “{short(e, 70)}”", n - 1) for n, e in enumerate(source.excerpts, 1)]
        self.quote.options = [*options, ("The page as a whole (no quote)", -1)]
        self.quote.value = options[0][1] if options else -1
        self.evidence_row.children = (
            [self.quote, self.evidence_button] if source.excerpts else [self.evidence_button]
        )
        evidence = [self.evidence_row] if self._callbacks else []
        self.body.children = [self.back_button, self.page, *evidence]
        note = self._record("open", source.id)
        self._say("info", f"Opened: {short(source.title, 80)} ({source.outlet}).{note}")
        return source

    # -- evidence ----------------------------------------------------------------------------
    def on_evidence(self, callback: Callable[[Source, str], object], remove: bool = False) -> None:
        """Call ``callback(source, excerpt)`` when the student uses an opened page as evidence
        (``excerpt``: the chosen quote, "" for the page as a whole); ``remove=True`` stops it.
        The “Use as evidence” button is shown while a callback is registered."""
        if remove:
            self._callbacks = [c for c in self._callbacks if c is not callback]
        elif callback not in self._callbacks:
            self._callbacks.append(callback)
        if self.opened is not None:
            evidence = [self.evidence_row] if self._callbacks else []
            self.body.children = [self.back_button, self.page, *evidence]

    @guarded
    def _on_evidence(self, _button=None) -> None:
        self.use_as_evidence()

    def use_as_evidence(self, excerpt: str | None = None) -> tuple[Source, str]:
        """Use the opened page as evidence, with ``excerpt`` (default: the quote chosen in the
        list): records an "evidence" step and calls every ``on_evidence`` callback."""
        source = self.opened
        if source is None:
            raise LookupError("open a page first")
        if excerpt is None:
            index = self.quote.value
            excerpt = source.excerpts[index] if 0 <= index < len(source.excerpts) else ""
        elif excerpt and excerpt not in source.excerpts:
            raise ValueError(f"{short(excerpt, 60)!r} is not a quote of {source.id}")
        note = self._record("evidence", source.id)
        for callback in list(self._callbacks):
            callback(source, excerpt)
        what = f"“{short(excerpt, 60)}”" if excerpt else "the page"
        self._say("ok", f"Used as evidence: {what} from {source.outlet}.{note}")
        return source, excerpt

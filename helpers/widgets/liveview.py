"""The teacher's live view of a class: who has handed in which lesson, and one student's work.

``HandInGrid``: a Refresh button over a table with a row per student and a column per lesson,
each cell the time of the student's latest hand-in for it (or "not yet"), and who has handed
in nothing. ``StudentWorkView``: a drop-down of students; choosing one shows their hand-ins,
annotations, written answers, self-check tries and searches in one place. In both, a hand-in
sent after the student had seen the class's answers (the class view, after an earlier hand-in)
is marked with ``AFTER_VIEW``, the time they first saw them and the time of the hand-in.

Both take what they show from functions given to them (``load``), so that this module needs
nothing from the teacher's tools: the tools' ``liveview`` module gives them the inbox readers
of ``helpers.classroom.inbox``. Every value shown is escaped; an error is shown in the widget.
Both bring the shared style sheet (``controls.styles``): the focus ring, and a drop-down that
keeps its arrow keys in JupyterLab (by keyboard in tests/browser/test_teacher_widgets.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import ipywidgets as widgets
from traitlets import Int, List, Unicode

from helpers.widgets.base import (
    Composite,
    button,
    guarded,
    html,
    layout,
    status_line,
    style,
    waiting_text,
)
from helpers.widgets.controls import styles
from helpers.widgets.html import esc, short

NOT_YET = "not yet"
AFTER_VIEW = "handed in again after seeing the class's answers"
FLAG = "⚑"
TABLE_STYLE = (
    "<style>.live-class td,.live-class th{border:1px solid #ccc;padding:3px 6px;"
    "text-align:left;vertical-align:top;line-height:1.35;overflow-wrap:anywhere}"
    ".live-class td.missing{color:#8a1c1c}.live-class td.after-view{background:#fff4d6}"
    "</style>"
)


def when_text(value: Any) -> str:
    """A hand-in's time as the teacher's computer shows it: "14 Mar 09:32"."""
    if value is None or str(value) in ("NaT", "nan", "None"):
        return ""
    moment = value.to_pydatetime() if hasattr(value, "to_pydatetime") else value
    if isinstance(moment, datetime):
        return moment.astimezone().strftime("%d %b %H:%M")
    return str(value)


def _table(headings: list[str], rows: list[list[str]], caption: str, css: str = "") -> str:
    """An HTML table; ``rows`` hold HTML already escaped."""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headings)
    body = "".join("<tr>" + "".join(row) + "</tr>" for row in rows)
    return (
        f'<table class="live-class {esc(css)}" style="border-collapse:collapse;'
        f'width:100%;font-size:90%"><caption style="text-align:left;font-weight:bold">'
        f"{esc(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def mark_text(mark, title: Callable[[tuple[str, str]], str]) -> str:
    """"⚑ handed in again after seeing the class's answers (saw them 14 Mar 09:05, for “The
    lede”; this hand-in 14 Mar 09:20)" for a mark of ``inbox.after_viewing``."""
    lesson = "" if tuple(mark.viewed) == tuple(mark.lesson) else f", for “{title(mark.viewed)}”"
    return (f"{FLAG} {AFTER_VIEW} (saw them {when_text(mark.opened)}{lesson}; this hand-in "
            f"{when_text(mark.handed)})")


def when_cell(text: str, note: str = "") -> str:
    """A table cell with a hand-in's time and, under it, ``note`` (the cell then stands out)."""
    if not note:
        return f"<td>{esc(text)}</td>"
    return f'<td class="after-view">{esc(text)}<br><small>{esc(note)}</small></td>'


def grid_html(table, title: Callable[[tuple[str, str]], str], roster: list[str],
              marks: dict | None = None) -> str:
    """The student x lesson table of ``helpers.classroom.inbox.handed_in`` as HTML: each cell
    the time of the latest hand-in or "not yet"; students not on the class list marked; a
    cell in ``marks`` (``{(student, lesson): mark}``) says it came after seeing the class's
    answers."""
    marks = marks or {}
    if table.shape[0] == 0:
        return "<p>No hand-ins yet, and no class list to say who is expected.</p>"
    lessons = list(table.columns)
    rows = []
    for student, times in table.iterrows():
        name = esc(student) + ("" if not roster or student in roster else " (not on the list)")
        cells = [f'<th scope="row">{name}</th>']
        for lesson in lessons:
            text = when_text(times[lesson])
            mark = marks.get((student, lesson))
            note = mark_text(mark, title) if mark is not None else ""
            cells.append(when_cell(text, note) if text else f'<td class="missing">{NOT_YET}</td>')
        rows.append(cells)
    headings = ["Student", *(title(lesson) for lesson in lessons)]
    return TABLE_STYLE + _table(headings, rows, "Latest hand-in for each lesson", "live-grid")


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def handed_text(students: list[str], missing: list[str], roster: list[str]) -> str:
    """"12 of the 28 students on the class list have handed in at least once; 1 more, not on
    the list."""
    handed = [s for s in students if s not in missing]
    if not roster:
        return f"{plural(len(handed), 'student')} handed in at least once."
    listed = sum(1 for s in handed if s in roster)
    extra = len(handed) - listed
    return (
        f"{listed} of the {plural(len(roster), 'student')} on the class list handed in at least "
        "once" + (f"; {extra} more, not on the list." if extra else ".")
    )


class HandInGrid(Composite):
    """Who has handed in: a Refresh button and the student x lesson table.

    ``load()`` returns ``(table, skipped, roster)`` or ``(table, skipped, roster, marks)``:
    ``handed_in``'s table, the inbox entries that were skipped (``file``, ``problem``), the
    class list and the cells sent after seeing the class's answers (``{(student, lesson):
    mark}``). Traits: ``refreshed`` (the time of the last refresh), ``students`` (every row),
    ``missing`` (no hand-in at all), ``skipped`` (how many entries were skipped),
    ``after_view`` (the students with a marked cell). Attributes: ``refresh_button``,
    ``summary``, ``grid`` (HTML), ``status``.
    """

    refreshed = Unicode("")
    students = List(Unicode())
    missing = List(Unicode())
    skipped = Int(0)
    after_view = List(Unicode())

    def __init__(self, load: Callable[[], tuple], title: Callable[[tuple[str, str]], str],
                 where: str = "", notes: tuple[str, ...] = ()):
        self.load, self.title = load, title
        self.plain_text = waiting_text("The table of who has handed in")
        self.refresh_button = button(
            description="Refresh", tooltip="Read the hand-ins again (nothing is changed)"
        )
        self.refresh_button.add_class("live-refresh")
        self.about = html(
            "".join(f"<p>{esc(n)}</p>" for n in ((f"Reading {where}." if where else ""),
                                                *notes) if n),
            css="live-about",
        )
        self.summary = html(css="live-summary")
        self.grid = html(css="live-grid-box", width="100%")
        self.status = status_line("live-status")
        super().__init__(
            children=[self.about, self.refresh_button, self.status, self.summary, self.grid,
                      styles()],
            layout=layout(width="100%"),
        )
        self.add_class("live-class-view")
        self.refresh_button.on_click(self._on_refresh)
        self._on_refresh()

    def refresh(self) -> None:
        """Read the hand-ins again and show them."""
        table, skipped, roster, *rest = self.load()
        marks = rest[0] if rest else {}
        self.after_view = sorted({str(student) for student, _lesson in marks})
        self.students = [str(s) for s in table.index]
        self.missing = [str(s) for s in table.index[table.isna().all(axis=1)]] if table.shape[
            1] else list(self.students)
        self.skipped = len(skipped)
        self.refreshed = datetime.now().strftime("%H:%M:%S")
        self.grid.value = grid_html(table, self.title, roster, marks)
        text = f"At {self.refreshed}: " + handed_text(self.students, self.missing, roster)
        if self.missing:
            text += " Nothing yet from: " + ", ".join(self.missing) + "."
        if marks:
            text += (f" {FLAG} {plural(len(marks), 'hand-in')} came after the student had seen "
                     f"the class's answers: {', '.join(self.after_view)}.")
        self.summary.value = f"<p>{esc(text)}</p>"
        if skipped:
            listed = "; ".join(f"{s['file']} {s['problem']}" for s in skipped[:10])
            more = f" (and {len(skipped) - 10} more)" if len(skipped) > 10 else ""
            self._say("warn", f"Not read: {short(listed, 900)}{more}.")
        else:
            self.status.value = ""

    @guarded
    def _on_refresh(self, _button=None) -> None:
        self.refresh()


def work_html(work, title: Callable[[tuple[str, str]], str], labels: Callable[[str, Any], str]
              ) -> str:
    """One student's work (``helpers.classroom.inbox.StudentWork``) as HTML sections."""
    if work.empty:
        return f"<p>{esc(work.user)} has not handed anything in yet.</p>"
    out = [TABLE_STYLE, f"<h4>Hand-ins of {esc(work.user)}</h4>"]
    rows, marked = [], 0
    for h in work.handins.itertuples(index=False):
        seen = getattr(h, "viewed_part", "")
        note = ""
        if isinstance(seen, str) and seen:
            marked += 1
            viewed = "" if seen == h.part else f" for “{title((h.article, seen))}”"
            note = f"{FLAG} {AFTER_VIEW} (saw them {when_text(h.viewed_time)}{viewed})"
        rows.append([f"<td>{esc(title((h.article, h.part)))}</td>",
                     when_cell(when_text(h.time), note)])
    caption = f"{plural(len(rows), 'hand-in')}, oldest first" + (
        f"; {FLAG} {marked} after seeing the class's answers" if marked else "")
    out.append(_table(["Lesson", "Handed in"], rows, caption))
    shown = ("sentence_id", "quote", "claim_type", "check_worthy", "verdict", "note")
    cols = [c for c in shown if c in work.annotations.columns]
    rows = [[f"<td>{esc(short(str(labels(c, getattr(a, c))), 300))}</td>" for c in cols]
            for a in work.annotations.itertuples(index=False)]
    headings = [labels(c, None) for c in cols]
    out.append(_table(headings, rows, f"Annotations ({len(rows)})"))
    rows = [[f"<td>{esc(a.question_id)}</td>", f"<td>{esc(short(a.text, 1500))}</td>"]
            for a in work.answers.itertuples(index=False)]
    out.append(_table(["Question", "Written answer"], rows, f"Written answers ({len(rows)})"))
    rows = [[f"<td>{esc(t.question_id)}</td>", f"<td>{esc(t.answer)}</td>",
             f"<td>{'right' if t.correct else 'not right'}</td>"]
            for t in work.attempts.itertuples(index=False)]
    out.append(_table(["Question", "Answer", "Result"], rows, f"Self-check tries ({len(rows)})"))
    rows = [[f"<td>{esc(s.kind)}</td>", f"<td>{esc(short(s.query or s.source_id, 200))}</td>",
             f"<td>{esc(s.part)}</td>"] for s in work.searches.itertuples(index=False)]
    out.append(_table(["Step", "Searched for or source", "Lesson part"], rows,
                      f"Searches ({len(rows)})"))
    if not work.problems.empty:
        rows = [[f"<td>{esc(p.file)}</td>", f"<td>{esc(p.problem)}</td>"]
                for p in work.problems.itertuples(index=False)]
        out.append(_table(["File", "Problem"], rows, "Could not be read"))
    return "".join(out)


class StudentWorkView(Composite):
    """One student's work in one place: a drop-down of students and their work below it.

    ``students()`` gives the names to choose from; ``load(name)`` their ``StudentWork``.
    Traits: ``student`` (the one shown). Attributes: ``chooser`` (Dropdown), ``refresh_button``
    (reads the list of students again), ``work`` (HTML), ``status``.
    """

    student = Unicode("")

    def __init__(self, students: Callable[[], list[str]], load: Callable[[str], Any],
                 title: Callable[[tuple[str, str]], str], labels: Callable[[str, Any], str]):
        self.list_students, self.load, self.title, self.labels = students, load, title, labels
        self.plain_text = waiting_text("The view of one student's work")
        self.chooser = widgets.Dropdown(
            description="Student", options=[], style=style(), layout=layout(width="auto")
        )
        self.chooser.add_class("live-student")
        self.refresh_button = button(
            description="Refresh the list", tooltip="Read the list of students again"
        )
        self.work = html(css="live-work", width="100%")
        self.status = status_line("live-work-status")
        super().__init__(
            children=[widgets.HBox([self.chooser, self.refresh_button]), self.status, self.work,
                      styles()],
            layout=layout(width="100%"),
        )
        self.add_class("live-student-work")
        self.chooser.observe(self._on_choose, names="value")
        self.refresh_button.on_click(self._on_refresh)
        self._on_refresh()

    def refresh(self) -> None:
        """Read the list of students again (the one shown stays chosen if still there)."""
        names = [("Choose a student", "")] + [(n, n) for n in self.list_students()]
        keep = self.student
        self.chooser.options = names
        self.chooser.value = keep if keep in dict(names).values() else ""
        self.show(self.chooser.value)

    def show(self, name: str) -> None:
        """Show ``name``'s work ("" for nobody)."""
        self.student = name or ""
        if not name:
            self.work.value = "<p>Choose a student to see their work.</p>"
            return
        self.work.value = work_html(self.load(name), self.title, self.labels)
        self.status.value = ""

    @guarded
    def _on_choose(self, change) -> None:
        self.show(change["new"])

    @guarded
    def _on_refresh(self, _button=None) -> None:
        self.refresh()

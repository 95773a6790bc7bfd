"""The teacher confirms or changes each student's proposed level (notebook 06, Proposed levels).

``LevelsBoard(proposals, levels_file)``: ``proposals`` is task id -> list of proposals (as
``helpers.classroom.grades.class_proposals`` gives them: each with ``student``, ``level``,
``handed_in`` and ``why``); ``levels_file`` is where confirmed levels are saved (a
``helpers.classroom.gradebook.LevelsFile``: ``read()`` and ``confirm(...)``). This module never
imports the classroom package: the notebook hands both in.

Choose a task and a student: the proposal and its reasons show, the level choice starts at the
confirmed level (or the proposal); "Confirm level" saves the choice, "Back to the proposal"
withdraws a confirmation. Every save re-reads the file and refuses, with a message, a level that
was changed elsewhere since it was shown. The state (``task``, ``student``, ``value``: student
-> task -> confirmed level) is in traitlets and rebuilt from the file, so after a kernel restart
the board shows what was confirmed. A table under it lists the task's students: proposed and
confirmed levels, by whom and when.
"""

from __future__ import annotations

import ipywidgets as widgets
from traitlets import Dict, Unicode, observe

from helpers.rubric import load_rubric
from helpers.widgets.base import (
    Composite,
    button,
    full_width,
    guarded,
    html,
    layout,
    status_line,
    style,
    waiting_text,
    wrap_row,
)
from helpers.widgets.controls import RadioGroup, styles
from helpers.widgets.html import esc, message_html


class LevelsBoard(Composite):
    """Confirm or change each student's proposed level, saved to the levels file."""

    task = Unicode("")
    student = Unicode("")
    value = Dict()  # student -> task id -> confirmed level id (confirmed ones only)
    plain_text = waiting_text("The board to confirm each student's level")

    def __init__(self, proposals: dict, levels_file, rubric=None, **kwargs):
        self.rubric = rubric or getattr(levels_file, "rubric", None) or load_rubric()
        self.proposals = {t: {p.student: p for p in found} for t, found in proposals.items()}
        self.levels_file = levels_file
        self._entries: dict = {}
        titles = [(self.rubric.task(t).title, t) for t in self.proposals]
        self.task_choice = widgets.Dropdown(
            options=titles, description="Task", style=style(), layout=full_width()
        )
        self.student_choice = widgets.Dropdown(
            options=[], description="Student", style=style(), layout=full_width()
        )
        self.proposal = html(css="levels-proposal", width="100%", max_width="700px")
        self.level = RadioGroup(
            options=[(lv.label, lv.id) for lv in self.rubric.levels],
            description="Level",
            question="The level you give this student on this task",
        )
        self.confirm_button = button(description="Confirm level", button_style="primary",
                                     tooltip="Save this level for this student and task")
        self.withdraw_button = button(description="Back to the proposal",
                                      tooltip="Withdraw your confirmation: the proposal counts")
        self.table = html(css="levels-table", width="100%", max_width="700px")
        self.status = status_line("levels-status")
        super().__init__(
            children=[self.task_choice, self.student_choice, self.proposal, self.level,
                      wrap_row([self.confirm_button, self.withdraw_button]), self.status,
                      self.table, styles()],
            layout=layout(width="100%"),
            **kwargs,
        )
        self.add_class("levels-board")
        self.confirm_button.on_click(self._on_confirm)
        self.withdraw_button.on_click(self._on_withdraw)
        self.task_choice.observe(lambda c: setattr(self, "task", c["new"] or ""), names="value")
        self.student_choice.observe(lambda c: setattr(self, "student", c["new"] or ""),
                                    names="value")
        self.reload()
        if titles:
            self.task = titles[0][1]

    # -- state ---------------------------------------------------------------------------------
    @guarded
    def reload(self) -> None:
        """Read the levels file again (after a restart, or a change in another notebook)."""
        self._entries = self.levels_file.read()
        self.value = {
            student: {t: e["level"] for t, e in tasks.items() if e["level"]}
            for student, tasks in self._entries.items()
            if any(e["level"] for e in tasks.values())
        }
        self._show()

    def confirmed(self, student: str, task: str) -> str | None:
        """The confirmed level id (None: not confirmed)."""
        return self.value.get(student, {}).get(task)

    @observe("task")
    def _task_changed(self, change) -> None:
        if self.task_choice.value != self.task:
            self.task_choice.value = self.task
        found = self.proposals.get(self.task, {})
        options = [(self._student_label(p), s) for s, p in sorted(found.items())]
        self.student_choice.options = options
        self.student = options[0][1] if options else ""
        self._show()

    @observe("student")
    def _student_changed(self, change) -> None:
        if self.student and self.student_choice.value != self.student:
            self.student_choice.value = self.student
        self._show()

    def _student_label(self, proposal) -> str:
        return proposal.student if proposal.handed_in else f"{proposal.student} (no hand-in)"

    def _label(self, level: str | None) -> str:
        return self.rubric.level(level).label if level else ""

    # -- showing -------------------------------------------------------------------------------
    def _show(self) -> None:
        found = self.proposals.get(self.task, {})
        proposal = found.get(self.student)
        if proposal is None:
            self.proposal.value = "<p>No student has handed in anything yet.</p>"
        else:
            proposed = self._label(proposal.level) or (
                "none (for you to judge)" if proposal.handed_in else "none (no hand-in)")
            mine = self.confirmed(self.student, self.task)
            said = f"<b>Confirmed: {esc(self._label(mine))}</b>" if mine else "Not confirmed yet"
            self.proposal.value = (
                f"<p><b>{esc(proposal.student)}</b>: proposed level <b>{esc(proposed)}</b>. "
                f"{said}.</p><p><small>{esc(proposal.why)}</small></p>"
            )
            chosen = mine or proposal.level
            self.level.value = chosen if chosen else None
        self.table.value = self._table_html(found)

    def _table_html(self, found: dict) -> str:
        rows = []
        for student, proposal in sorted(found.items()):
            entry = self._entries.get(student, {}).get(self.task) or {}
            mine = entry.get("level")
            who = f"{entry['by']}, {entry['at']}" if mine else ""
            rows.append(
                f"<tr><td>{esc(student)}</td><td>{esc(self._label(proposal.level))}</td>"
                f"<td>{esc(self._label(mine))}</td><td>{esc(who)}</td></tr>"
            )
        return (
            '<table class="levels"><thead><tr><th scope="col">Student</th>'
            '<th scope="col">Proposed</th><th scope="col">Confirmed</th>'
            '<th scope="col">By, when</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )

    # -- saving --------------------------------------------------------------------------------
    def _save(self, level: str | None) -> dict:
        proposal = self.proposals.get(self.task, {}).get(self.student)
        if proposal is None:
            raise ValueError("Choose a task and a student first.")
        entry = self.levels_file.confirm(
            self.student, self.task, level, proposed=proposal.level,
            expected=self.confirmed(self.student, self.task),
        )
        self.reload()
        return entry

    @guarded
    def _on_confirm(self, _button=None) -> None:
        if self.level.value is None:
            self._say("warn", "Choose a level first. Nothing was saved.")
            return
        try:
            self._save(self.level.value)
        except ValueError as exc:  # a conflict, or a file that cannot be used
            self.reload()
            self._say("warn", str(exc))
            return
        self.status.value = message_html(
            "ok", f"Saved: {self.student}, {self._label(self.level.value)}."
        )

    @guarded
    def _on_withdraw(self, _button=None) -> None:
        if not self.confirmed(self.student, self.task):
            self._say("info", "There is no confirmation to withdraw: the proposal counts.")
            return
        try:
            self._save(None)
        except ValueError as exc:
            self.reload()
            self._say("warn", str(exc))
            return
        self._say("ok", f"Withdrawn: the proposal counts again for {self.student}.")

"""The widgets students touch: annotate a phrase, answer a question, check yourself, reveal
answers, hand in.

In a notebook (the lessons call them through ``helpers.lesson.Lesson``)::

    from helpers.widgets import ClaimAnnotator, AnswerBox, SelfCheck, Reveal, HandIn
    ClaimAnnotator("nato")

One module a widget: ``annotator`` (ClaimAnnotator, with ``phrase``'s PhrasePicker for the text,
``form`` for the form built from the scheme's field table and ``manage`` for the list of
annotations), ``answer`` (AnswerBox), ``selfcheck``, ``reveal``, ``handin``, and ``base`` (the
shared base class, the guarded callbacks, shared layouts, NameBox, and who is working).
``html`` and ``target`` are plain functions without ipywidgets, tested without a front end; so
are ``helpers.selfcheck``, the self-check grading, and ``helpers.questions``, the written tasks.

This package file imports nothing: ipywidgets is loaded when a widget class is first asked for,
so ``import helpers`` (and the teacher's tools) never load it.

Every widget reads from and writes to the annotation store (``helpers.store``), never to the
saved widget state: restart the kernel, run the cell again and everything is back. Whatever a
student typed is escaped before it is shown. An error inside a callback is shown in the widget's
status line instead of disappearing into a log.
"""

from __future__ import annotations

import importlib
from typing import Any

#: Public name -> the module of this package that defines it.
_HOMES = {
    "AnswerBox": "answer",
    "ClaimAnnotator": "annotator",
    "FormError": "target",
    "HandIn": "handin",
    "NameBox": "base",
    "PhrasePicker": "phrase",
    "Reveal": "reveal",
    "SchemeForm": "form",
    "SelfCheck": "selfcheck",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})

"""The package file: it imports nothing, and exposes the widget classes when first asked."""

from __future__ import annotations

import subprocess
import sys

import pytest


def test_import_helpers_does_not_import_ipywidgets():
    code = (
        "import sys, helpers, helpers.store, helpers.annotations, helpers.scheme; "
        "import helpers.selfcheck; "
        "assert 'ipywidgets' not in sys.modules, 'ipywidgets imported'; "
        "assert 'helpers.widgets' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_pure_modules_do_not_import_ipywidgets():
    code = (
        "import sys, helpers.widgets, helpers.widgets.html, helpers.widgets.target; "
        "assert 'ipywidgets' not in sys.modules, 'ipywidgets imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_widget_classes_are_exposed_lazily():
    from helpers import widgets as package
    from helpers.widgets import ClaimAnnotator, FormError, HandIn, NameBox, Reveal, SelfCheck
    from helpers.widgets.annotator import ClaimAnnotator as defined

    assert ClaimAnnotator is defined
    assert {c.__name__ for c in (ClaimAnnotator, HandIn, NameBox, Reveal, SelfCheck)} <= set(
        package.__all__
    )
    assert issubclass(FormError, ValueError)
    assert "SelfCheck" in dir(package)
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        package.Nothing  # noqa: B018

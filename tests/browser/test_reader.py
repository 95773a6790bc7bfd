"""Reader mode (make reader): the lessons in Voilà, code hidden, offline, annotations saved.

Voilà is started by the test as ``make reader`` starts it
(``helpers.tools.slides.reader_command``), but
on 127.0.0.1 and a free port, with a throwaway annotation store and a throwaway copy of
notebooks/. Every request that would leave the machine is blocked and recorded.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from jlab import ServerProcess, free_port, watch_offline

from helpers.paths import NOTEBOOKS
from helpers.tools import slides

pytestmark = pytest.mark.browser

ANNOTATOR = "reader-test"
PREFIX = "claim-annotator-"  # ClaimAnnotator adds the class claim-annotator-<part>
_SHOWS_ANNOTATOR = re.compile(r"ClaimAnnotator\(|\.annotator\(")


class Reader(ServerProcess):
    """A running Voilà server in reader mode, on a copy of notebooks/ and a throwaway store."""

    name = "Voilà"

    def __init__(self, base: Path):
        super().__init__(base / "voila.log")
        self.root = base / "notebooks"
        self.store_path = base / "store" / "annotations.sqlite"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60):
        shutil.copytree(
            NOTEBOOKS, self.root, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "handin")
        )
        self.store_path.parent.mkdir(parents=True)
        env = slides.reader_env()
        env.update(
            ANNOTATIONS_DB=str(self.store_path),
            JUPYTER_RUNTIME_DIR=str(self.store_path.parent / "runtime"),
        )
        cmd = slides.reader_command(self.root, self.port, "127.0.0.1", open_browser=False)
        return self.launch(cmd, self.root, env, self.url + "/", timeout)

    def page_url(self, notebook: str) -> str:
        return f"{self.url}/voila/render/{notebook}"


@pytest.fixture(scope="module")
def reader(chromium, tmp_path_factory):
    server = Reader(tmp_path_factory.mktemp("reader")).start()
    yield server
    server.stop()


def _open(page, url: str, timeout: float = 90_000) -> dict:
    """Open a Voilà page with every non-local request blocked; wait until it has rendered."""
    seen = watch_offline(page)
    page.goto(url)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=timeout)
    return seen


def test_start_page_reads_without_code_offline(reader, page):
    seen = _open(page, slides.reader_url(reader.url))
    text = page.inner_text("#rendered_cells")
    nb = nbformat.read(NOTEBOOKS / slides.START_PAGE, as_version=4)
    # what a student reads is there: the first heading, and the table of lessons with links
    title = nb.cells[0].source.splitlines()[0].lstrip("# ").strip()
    assert title in text
    lessons = page.locator("#rendered_cells table").first
    assert "Forming the Alliance" in lessons.inner_text()
    assert lessons.locator('a[href*="01_the_lede.ipynb"]').count() == 1
    # no code: no editor, and not one line of any code cell
    assert page.locator("#rendered_cells .jp-CodeMirrorEditor, .cm-editor").count() == 0
    for cell in nb.cells:
        if cell.cell_type == "code":
            for line in cell.source.splitlines():
                if len(line.strip()) > 8:
                    assert line.strip() not in text, f"code is visible: {line!r}"
    assert "Traceback" not in text
    page.wait_for_timeout(500)  # late requests (fonts, icons) would show up here
    assert seen["blocked"] == [], "the page asked for something outside this machine"
    assert seen["failed"] == []
    assert seen["errors"] == []


def _lesson_with_annotator() -> str | None:
    """The first lesson notebook that shows a ClaimAnnotator (directly or via Lesson), if any."""
    for path in slides.lesson_notebooks():
        nb = nbformat.read(path, as_version=4)
        if any(c.cell_type == "code" and _SHOWS_ANNOTATOR.search(c.source) for c in nb.cells):
            return path.name
    return None


def test_student_annotates_a_claim_in_reader_mode(reader, page):
    name = _lesson_with_annotator()
    assert name is not None, "no lesson notebook shows a ClaimAnnotator"
    from helpers.store import AnnotationStore

    seen = _open(page, reader.page_url(name))
    annotator = page.locator(".claim-annotator").first
    annotator.wait_for(state="visible", timeout=60_000)
    classes = annotator.get_attribute("class").split()
    part = next(c.removeprefix(PREFIX) for c in classes if c.startswith(PREFIX))
    # no code on the page, even in a lesson
    assert page.locator("#rendered_cells .jp-CodeMirrorEditor, .cm-editor").count() == 0
    assert "ClaimAnnotator(" not in page.inner_text("#rendered_cells")
    # teacher notes and the answer key stay out of the student's page
    assert page.locator(".celltag_teacher:visible").count() == 0

    name_box = annotator.locator(".annotator-name input")
    if name_box.is_visible():
        name_box.fill(ANNOTATOR)
    annotator.locator(".claim-sentence select").select_option(index=1)
    annotator.locator(".claim-claim-type input[type=radio]").first.check()
    annotator.locator(".claim-check-worthy input[type=radio]").first.check()
    annotator.locator("button.claim-save").click()
    status = annotator.locator(".claim-status")
    page.wait_for_function(
        "(el) => /Saved/.test(el.innerText)", arg=status.element_handle(), timeout=30_000
    )

    with AnnotationStore(reader.store_path) as store:
        saved = store.list(part=part)
    assert len(saved) == 1
    assert saved[0].annotator == ANNOTATOR
    assert saved[0].part == part
    assert seen["blocked"] == [] and seen["failed"] == []
    assert os.path.getsize(reader.store_path) > 0

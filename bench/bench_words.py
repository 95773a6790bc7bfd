"""Words a student reads around the article in each section notebook, printed as BENCH lines.

Markdown plus the stored outputs of cells students see (not the article's own text, not the
teacher's cells), counted by ``helpers.tools.lesson_checks.student_words``; the baseline is the
target, 1,000 words, so the ratio is the share of it used.
Run: .venv/bin/python bench/bench_words.py
"""

from __future__ import annotations

from benchlib import bench_line

from helpers.tools import lesson_checks as checks


def main() -> None:
    for name in checks.SECTION_NOTEBOOKS:
        words = checks.student_words(checks.load(name))
        stem = name.removesuffix(".ipynb")
        bench_line(f"words_{stem}", words, "words", checks.MAX_WORDS, f"<={checks.MAX_WORDS}")


if __name__ == "__main__":
    main()

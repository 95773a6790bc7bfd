"""``python -m helpers export|import``: exit codes, --force, --db and ANNOTATIONS_DB."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers.store import AnnotationStore
from helpers.tools import cli


@pytest.fixture
def filled(tmp_path, article, make):
    db = tmp_path / "class.sqlite"
    with AnnotationStore(db, article=article) as store:
        store.add(make("nato-2", "90,000 troops", verdict="refuted"))
        store.add(make("lede-1", annotator="ben"))
    return db


def test_export_each_format_and_import_back(tmp_path, filled, capsys):
    for file_format in ("w3c", "csv", "claimreview"):
        out = tmp_path / f"out.{file_format}"
        args = ["export", "--format", file_format, "--out", str(out), "--db", str(filled)]
        assert cli.main(args) == 0
        assert out.exists()
        fresh = tmp_path / f"fresh-{file_format}.sqlite"
        assert cli.main(["import", str(out), "--db", str(fresh)]) == 0
        with AnnotationStore(fresh) as store:
            assert len(store) == (1 if file_format == "claimreview" else 2)
    assert "without a verdict were left out" in capsys.readouterr().err


def test_export_refuses_to_overwrite(tmp_path, filled, capsys):
    out = tmp_path / "out.csv"
    out.write_text("keep me", encoding="utf-8")
    args = ["export", "--format", "csv", "--out", str(out), "--db", str(filled)]
    assert cli.main(args) == 2
    assert "already exists" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep me"
    assert cli.main([*args, "--force"]) == 0
    assert out.read_text(encoding="utf-8-sig").startswith("id,")


def test_export_one_annotator(tmp_path, filled):
    out = tmp_path / "ben.csv"
    assert (
        cli.main(
            [
                "export",
                "--format",
                "csv",
                "--out",
                str(out),
                "--db",
                str(filled),
                "--annotator",
                "ben",
            ]
        )
        == 0
    )
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 2
    assert (
        cli.main(
            [
                "export",
                "--format",
                "csv",
                "--out",
                str(tmp_path / "x.csv"),
                "--db",
                str(filled),
                "--annotator",
                "../etc",
            ]
        )
        == 2
    )


def test_import_twice_skips_and_reports(tmp_path, filled, capsys):
    out = tmp_path / "out.jsonld"
    cli.main(["export", "--format", "w3c", "--out", str(out), "--db", str(filled)])
    capsys.readouterr()
    assert cli.main(["import", str(out), "--db", str(filled)]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("already in the store") == 2
    assert "0 added, 2 skipped" in captured.out


def test_usage_errors(tmp_path, capsys):
    assert cli.main([]) == 2
    assert cli.main(["export", "--format", "pdf", "--out", "x"]) == 2
    assert cli.main(["export", "--out", "x"]) == 2
    assert cli.main(["import", str(tmp_path / "missing.jsonld")]) == 2
    assert cli.main(["frobnicate"]) == 2
    assert cli.main(["--help"]) == 0


def test_bad_store_is_a_usage_error(tmp_path, capsys):
    bad = tmp_path / "bad.sqlite"
    bad.write_text("hello", encoding="utf-8")
    assert (
        cli.main(["export", "--format", "csv", "--out", str(tmp_path / "o.csv"), "--db", str(bad)])
        == 2
    )
    assert "not an SQLite" in capsys.readouterr().err
    assert bad.read_text(encoding="utf-8") == "hello"


def test_classroom_and_core_never_import_tools():
    """Dependencies point down: core <- formats, widgets, classroom <- tools."""
    import helpers

    root = Path(helpers.__file__).parent
    for path in sorted(root.rglob("*.py")):
        if path.is_relative_to(root / "tools") or path.name == "__main__.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "helpers.tools" not in text and "from helpers import tools" not in text, path


def test_python_dash_m_honours_env(tmp_path, filled, monkeypatch):
    monkeypatch.setenv("ANNOTATIONS_DB", str(filled))
    out = tmp_path / "env.csv"
    result = subprocess.run(
        [sys.executable, "-m", "helpers", "export", "--format", "csv", "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert str(filled) in result.stdout
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 3
    result = subprocess.run(
        [sys.executable, "-m", "helpers", "import"], capture_output=True, text=True
    )
    assert result.returncode == 2


COMMAND_NAMES = (
    "export",
    "import",
    "collect",
    "grades",
    "sample-class",
    "slides",
    "reader",
    "student-copies",
    "print",
    "refresh",
    "search",
    "class-view-service",
    "new-article",
)


def test_every_command_is_registered_once():
    assert tuple(command.name for command in cli.COMMANDS) == COMMAND_NAMES


def test_python_dash_m_help_lists_every_command():
    result = subprocess.run(
        [sys.executable, "-m", "helpers", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: python -m helpers")
    for name in COMMAND_NAMES:
        assert f"\n    {name} " in result.stdout or f"\n    {name}\n" in result.stdout, name
    assert "Exit codes" in result.stdout


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_python_dash_m_command_help_exits_0(name):
    result = subprocess.run(
        [sys.executable, "-m", "helpers", name, "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: python -m helpers {name}")
    assert result.stderr == ""


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_every_option_has_help(name):
    parser = cli.build_parser()
    (subparsers,) = [action for action in parser._actions if action.dest == "command"]
    subparser = subparsers.choices[name]
    assert subparser.description and len(subparser.description) > 20
    for action in subparser._actions:
        assert action.help, (name, action.dest)


def test_make_targets_call_the_one_command_line():
    root = Path(__file__).resolve().parents[2]
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    for line in (
        "$(BIN)/python -m helpers slides --out build/slides",
        "$(BIN)/python -m helpers reader",
        "$(BIN)/python -m helpers student-copies --out build/student",
        "$(BIN)/python -m helpers print --out build/print",
        "$(BIN)/python -m helpers refresh notebooks/*.ipynb",
    ):
        assert line in makefile, line
    for text in (makefile, (root / "README.md").read_text(encoding="utf-8")):
        assert "python -m helpers." not in text


def test_tools_modules_have_no_entry_points_of_their_own():
    import helpers

    root = Path(helpers.__file__).parent
    for path in sorted(root.rglob("*.py")):
        if path.name == "__main__.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert '__name__ == "__main__"' not in text, path
        if path.name != "cli.py":
            assert "\ndef main(" not in text, path

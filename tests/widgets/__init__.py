"""Tests of helpers/widgets, one file a module. A package, so that test_selfcheck.py here and
tests/test_selfcheck.py (the grading) can share a name."""

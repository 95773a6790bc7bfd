"""Debian's chromium, the one browser the project drives (tests, the print pack, the bench):
where it is, and the flags that keep it offline and quiet on these machines. Never Playwright's
own browser download."""

from __future__ import annotations

import os
import shutil

#: No sandbox (root), no GPU, and none of the background connections a closed network refuses.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


def chromium_path() -> str | None:
    """Debian's chromium ($CHROMIUM first), or None."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return os.environ.get("CHROMIUM") or found

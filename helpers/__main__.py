"""``python -m helpers <command> ...``: the project's one command line (helpers.tools.cli)."""

import sys

from helpers.tools.cli import main

if __name__ == "__main__":
    sys.exit(main())

"""``python -m smmjourney``: the same command line as ``smmjourney`` (see :mod:`smmjourney.cli`)."""

import sys

from smmjourney.cli import main

if __name__ == "__main__":
    sys.exit(main())

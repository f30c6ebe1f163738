"""`python -m resolution_center.cli`: the same command line as `python -m resolution_center`."""

import sys

from .program import main

if __name__ == "__main__":
    sys.exit(main())

"""`python -m resolution_center`: the command line."""

import sys

from .cli import main

if __name__ == "__main__":  # importing this module (the layering test does) runs nothing
    sys.exit(main())

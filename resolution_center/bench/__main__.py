"""`python -m resolution_center.bench [options]`: the benchmark without the rest of the CLI."""

import sys

from . import main

if __name__ == "__main__":  # importing this module (the layering test does) runs nothing
    sys.exit(main())

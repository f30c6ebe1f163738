"""python -m ui: start the desktop client."""

from ui.launcher import main

raise SystemExit(main())

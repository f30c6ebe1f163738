"""python -m ui: start the desktop client."""

from ui.app import main

raise SystemExit(main())

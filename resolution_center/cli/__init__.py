"""The command line, a thin face over the services: `python -m resolution_center`.

One module per command group (setup, cases, evidence, verify, backup, users, remedies,
agreements, imports, bench), each with a `register(sub)`; every handler is
`(app: App, args: Namespace) -> Output`. program.py holds the parser and main().
"""

from .program import main

__all__ = ["main"]

"""Checking a user's password again for a deliberate act, on the server that authenticates them."""

from __future__ import annotations

import peewee

from .db import parse_target, pg_connect_params, translate_errors, with_credentials


def check_server_login(url: str, username: str, password: str) -> None:
    """PostgreSQL: open and close a throwaway connection as the user with this password.

    The server is what authenticates users in shared mode, so it is what judges the password;
    a wrong one raises AuthenticationError (via translate_errors), like a failed login.
    """
    target = parse_target(url)
    params = pg_connect_params(with_credentials(url, username, password))
    params["application_name"] = "resolution-center (password check)"
    db = peewee.PostgresqlDatabase(params.pop("database"), **params)
    with translate_errors(target):
        db.connect()
    db.close()

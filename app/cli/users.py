"""`kvarterkort users create-admin|add|list|deactivate`: accounts for coordinators, planners and
admins. There are no default passwords: the first admin is created here, with a password typed
twice at a prompt or piped in with --password-stdin (for provisioning scripts)."""

from __future__ import annotations

import sys

import typer

from app.cli.common import console, database_url, user_errors

# Written out so `--help` imports no SQLAlchemy model; tests/test_cli_imports.py checks it equals
# geodata.models_assets.ROLES. The database and password code is imported inside the commands.
ROLES = ("coordinator", "planner", "admin")
users = typer.Typer(help="Manage coordinator, planner and admin accounts.")
STDIN_HELP = "Read the password from the first line of standard input instead of prompting."


def _password(from_stdin: bool) -> str:
    """A password that meets the policy, from stdin or typed twice (hidden)."""
    from app.auth import check_password_policy

    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    check_password_policy(password)
    return password


def _create(email: str, role: str, password_stdin: bool) -> None:
    from app.auth import hash_password
    from geodata.db import session_scope
    from geodata.queries.assets_auth import create_user

    with user_errors():
        password = _password(password_stdin)
        with session_scope(database_url()) as session:
            user = create_user(session, email, hash_password(password), role)
            typer.echo(f"Created {user.role} {user.email}.")


@users.command("create-admin")
def create_admin(
    email: str = typer.Argument(..., help="The admin's e-mail (their login name)."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help=STDIN_HELP),
) -> None:
    """Create an admin account (the first one must be made this way)."""
    _create(email, "admin", password_stdin)


@users.command("add")
def add(
    email: str = typer.Argument(..., help="The user's e-mail (their login name)."),
    role: str = typer.Option("coordinator", help=f"One of: {', '.join(ROLES)}."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help=STDIN_HELP),
) -> None:
    """Create a coordinator, planner or admin account."""
    _create(email, role, password_stdin)


@users.command("list")
def list_command() -> None:
    """List accounts with role, state and last login."""
    from rich.table import Table

    from geodata.db import session_scope
    from geodata.queries.assets_auth import list_users

    with user_errors(), session_scope(database_url()) as session:
        rows = list_users(session)
        table = Table("email", "role", "active", "last login")
        for u in rows:
            last = u.last_login_at.strftime("%Y-%m-%d %H:%M") if u.last_login_at else "-"
            table.add_row(u.email, u.role, "yes" if u.active else "no", last)
    console.print(table)


@users.command("deactivate")
def deactivate(email: str = typer.Argument(..., help="The account to switch off.")) -> None:
    """Switch an account off; its open sessions end at once."""
    from geodata.db import session_scope
    from geodata.errors import NotFoundError
    from geodata.queries.assets_auth import update_user, user_by_email

    with user_errors(), session_scope(database_url()) as session:
        user = user_by_email(session, email)
        if user is None:
            raise NotFoundError(f"no user with e-mail {email}")
        update_user(session, user.id, None, active=False)
    typer.echo(f"Deactivated {email}.")


def register(root: typer.Typer) -> None:
    root.add_typer(users, name="users")

"""`gcx emulator ...`: serve the Genesys Cloud API emulator and administer its orgs.

- `gcx emulator serve [--host] [--port] [--db]`: run the emulator (uvicorn); `--port 0` picks a
  free port. The first line printed is `gcx emulator listening on <url>`.
- `gcx emulator org create NAME --region R [--short-name S] [--url URL | --db PATH] [--json]`:
  create a seeded org and print its bootstrap client id and secret (shown this once only).
- `gcx emulator org list [--short-name S] [--url URL | --db PATH] [--json]`
- `gcx emulator reset [--url URL | --db PATH]`

Admin commands talk to a running emulator at `--url` (default `$GCX_EMULATOR_URL`, else
http://127.0.0.1:8080), or with `--db` write to an emulator database file directly.
"""

from __future__ import annotations

import json
import os
from typing import Annotated, Any

import httpx
import typer

DEFAULT_URL = "http://127.0.0.1:8080"

_Url = Annotated[
    str | None, typer.Option("--url", help="URL of a running emulator (default $GCX_EMULATOR_URL).")
]
_Db = Annotated[
    str | None, typer.Option("--db", help="Work on this emulator database file instead of a server.")
]


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=1)


def _admin(url: str | None, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    base = (url or os.environ.get("GCX_EMULATOR_URL") or DEFAULT_URL).rstrip("/")
    try:
        response = httpx.request(method, f"{base}/_emulator{path}", json=body, timeout=30)
    except httpx.HTTPError as exc:
        raise _fail(f"cannot reach the emulator at {base}: {exc}") from None
    if response.status_code >= 400:
        try:
            detail = response.json().get("message", response.text)
        except ValueError:
            detail = response.text
        raise _fail(f"{method} {path} failed ({response.status_code}): {detail}")
    return response.json() if response.content else None


def _check_target(url: str | None, db: str | None) -> None:
    if url and db:
        raise _fail("use either --url or --db, not both")


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on; 0 picks a free one.")] = 8080,
    db: Annotated[
        str | None, typer.Option(help="SQLite file that keeps the state (in memory when omitted).")
    ] = None,
    rate_limit: Annotated[
        int | None, typer.Option("--rate-limit", help="Requests per minute per token (off when omitted).")
    ] = None,
) -> None:
    """Run the emulator until interrupted."""
    import uvicorn

    from gcx.emulator.app import create_app
    from gcx.emulator.server import EVENT_LOOP, bind_socket
    from gcx.emulator.settings import EmulatorSettings
    from gcx.emulator.store import Store

    try:
        sock = bind_socket(host, port)
    except OSError as exc:
        raise _fail(f"cannot listen on {host}:{port}: {exc}") from None
    actual = sock.getsockname()[1]
    app = create_app(Store(db), EmulatorSettings(rate_limit_per_minute=rate_limit))
    typer.echo(f"gcx emulator listening on http://{host}:{actual}", color=False)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", loop=EVENT_LOOP)
    server = uvicorn.Server(config)
    server.run(sockets=[sock])


def org_create(
    name: Annotated[str, typer.Argument(help="Organization name.")],
    region: Annotated[str, typer.Option(help="AWS-style region, e.g. us-east-1.")],
    short_name: Annotated[
        str | None,
        typer.Option("--short-name", help="Lower-case short name (derived from NAME when omitted)."),
    ] = None,
    url: _Url = None,
    db: _Db = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Create a seeded org and print its bootstrap OAuth client (the secret is shown only now)."""
    _check_target(url, db)
    request = {"name": name, "region": region, "shortName": short_name}
    if db:
        from gcx.emulator.admin import OrgRequest, create_org
        from gcx.emulator.errors import ApiError
        from gcx.emulator.settings import EmulatorSettings
        from gcx.emulator.store import Store

        store = Store(db)
        try:
            created = create_org(store, EmulatorSettings(), OrgRequest(**request)).to_wire()
        except ApiError as exc:
            raise _fail(exc.message) from None
        finally:
            store.close()
    else:
        created = _admin(url, "POST", "/orgs", request)
    if as_json:
        typer.echo(json.dumps(created, indent=2))
        return
    for key in ("orgId", "name", "shortName", "region", "clientId", "clientSecret"):
        typer.echo(f"{key}: {created[key]}")


def org_list(
    short_name: Annotated[str | None, typer.Option("--short-name", help="Only this short name.")] = None,
    url: _Url = None,
    db: _Db = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the emulator's orgs (never their secrets)."""
    _check_target(url, db)
    if db:
        from gcx.emulator.admin import list_orgs
        from gcx.emulator.store import Store

        store = Store(db)
        try:
            orgs = list_orgs(store, short_name)
        finally:
            store.close()
    else:
        orgs = _admin(url, "GET", f"/orgs?shortName={short_name}" if short_name else "/orgs")["entities"]
    if as_json:
        typer.echo(json.dumps(orgs, indent=2))
        return
    for org in orgs:
        typer.echo(f"{org['shortName']}\t{org['region']}\t{org['orgId']}\t{org['name']}")


def reset(url: _Url = None, db: _Db = None) -> None:
    """Remove every org and everything in it."""
    _check_target(url, db)
    if db:
        from gcx.emulator.store import Store

        store = Store(db)
        try:
            with store.transaction() as tx:
                tx.delete_everything()
        finally:
            store.close()
    else:
        _admin(url, "POST", "/reset")
    typer.echo("emulator reset")


def register(app: typer.Typer) -> None:
    emulator = typer.Typer(help="Run and administer the Genesys Cloud API emulator.", no_args_is_help=True)
    orgs = typer.Typer(help="Create and list emulator orgs.", no_args_is_help=True)
    emulator.command()(serve)
    emulator.command()(reset)
    orgs.command("create")(org_create)
    orgs.command("list")(org_list)
    emulator.add_typer(orgs, name="org")
    app.add_typer(emulator, name="emulator")

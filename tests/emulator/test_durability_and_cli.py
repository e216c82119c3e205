"""All-or-nothing requests, thread safety, the CLI, and state surviving `kill -9`."""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import sqlite3
import threading
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner, Result

from gcx.catalog.scim import GENESYS_USER_SCHEMA, USER_SCHEMA
from gcx.cli import app
from gcx.emulator.store import CHECKPOINT_EVERY, Store
from tests.emulator.conftest import Target, read_url, serve_process


def test_a_failed_request_writes_nothing(api: httpx.Client) -> None:
    # SCIM POST creates the user, then fails on the unknown skill: the user must not remain.
    body = {
        "schemas": [USER_SCHEMA],
        "userName": "atomic@example.com",
        "displayName": "Atomic",
        GENESYS_USER_SCHEMA: {"routingSkills": [{"name": "No Such Skill", "proficiency": 1}]},
    }
    assert api.post("/api/v2/scim/v2/users", json=body).status_code == 400
    search = {"query": [{"type": "EXACT", "fields": ["email"], "value": "atomic@example.com"}]}
    assert api.post("/api/v2/users/search", json=search).json()["total"] == 0
    del body[GENESYS_USER_SCHEMA]
    assert api.post("/api/v2/scim/v2/users", json=body).status_code == 201


def test_store_rolls_back_and_serialises_threads(tmp_path: Path) -> None:
    store = Store(tmp_path / "state.db")
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.put("org", "thing", {"id": "a", "name": "A"})
        raise RuntimeError("boom")
    with store.transaction() as tx:
        assert tx.get("org", "thing", "a") is None

    def writer(n: int) -> None:
        for i in range(50):
            with store.transaction() as tx:
                counter = tx.get("org", "counter", "c") or {"id": "c", "value": 0}
                counter["value"] += 1
                tx.put("org", "counter", counter)
                tx.put("org", "thing", {"id": f"{n}-{i}", "name": f"t{n}-{i}"})

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with store.transaction() as tx:
        assert tx.get("org", "counter", "c")["value"] == 200
        assert tx.count("org", "thing") == 200
    store.close()


def test_store_pages_deep_offsets_and_remembers_totals_until_a_write() -> None:
    store = Store()
    names = ["b", "B", "a", "c", "A", "ä"]
    with store.transaction() as tx:
        for i in range(90):
            tx.put("org", "thing", {"id": f"t{i:02}", "name": f"{names[i % 6]}{i % 4}"})
        tx.put("other", "thing", {"id": "x", "name": "x"})
    with store.transaction() as tx:
        everything = [doc["id"] for doc in tx.page("org", "thing", limit=100, offset=0)[0]]
        for order, descending in (("name", False), ("name", True), ("seq", False), ("seq", True)):
            whole = [
                doc["id"]
                for doc in tx.page("org", "thing", limit=100, offset=0, order=order, descending=descending)[0]
            ]
            assert sorted(whole) == sorted(everything)
            # Deep pages (found through the index first) continue the first pages exactly.
            pages = [
                tx.page("org", "thing", limit=7, offset=o, order=order, descending=descending)
                for o in range(0, 98, 7)
            ]
            assert [doc["id"] for docs, _ in pages for doc in docs] == whole
            assert {total for _, total in pages} == {90}
        assert tx.page("org", "thing", limit=10, offset=90) == ([], 90)
        assert tx.page("org", "thing", limit=10, offset=50, name_like="a%")[1] == 30
    with store.transaction() as tx:
        tx.put("org", "thing", {"id": "new", "name": "new"})
        assert tx.page("org", "thing", limit=10, offset=0)[1] == 91  # its own write counts
    with store.transaction() as tx:
        assert tx.page("org", "thing", limit=10, offset=0)[1] == 91
        tx.delete("org", "thing", "new")
    with store.transaction() as tx:
        assert tx.page("org", "thing", limit=10, offset=0)[1] == 90
        tx.delete_org("org")
    with store.transaction() as tx:
        assert tx.page("org", "thing", limit=10, offset=0) == ([], 0)
        assert tx.page("other", "thing", limit=10, offset=0)[1] == 1


def _objects_in_main_file(db: Path, scratch: Path) -> int:
    """Objects in the database file without its WAL, i.e. what checkpoints have copied there."""
    copy = scratch / "copy.db"
    shutil.copyfile(db, copy)
    try:
        with contextlib.closing(sqlite3.connect(copy)) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM objects").fetchone()[0])
    except sqlite3.DatabaseError:  # copied halfway through a checkpoint, or before the schema
        return 0


def test_store_checkpoints_the_wal_in_the_background_and_drops_it_on_close(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    store = Store(db)
    for i in range(CHECKPOINT_EVERY):
        with store.transaction() as tx:
            tx.put("org", "thing", {"id": str(i), "name": f"t{i}"})
    # The checkpoint thread copies the writes into the database file while the store stays open.
    deadline = time.monotonic() + 60
    while _objects_in_main_file(db, tmp_path) < CHECKPOINT_EVERY and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _objects_in_main_file(db, tmp_path) == CHECKPOINT_EVERY
    with store.transaction() as tx:
        tx.put("org", "thing", {"id": "last", "name": "last"})
    store.close()  # stops the thread first, so the store's own connection is the last and drops the WAL
    assert not Path(f"{db}-wal").exists()
    reopened = Store(db)
    with reopened.transaction() as tx:
        assert tx.count("org", "thing") == CHECKPOINT_EVERY + 1
    reopened.close()


def _cli(*args: str) -> Result:
    """Run `gcx emulator ...` in-process (the serve tests use a real subprocess)."""
    return CliRunner().invoke(app, ["emulator", *args])


def test_cli_creates_and_lists_orgs_in_a_database_file(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    created = _cli("org", "create", "Tenant A", "--region", "ap-southeast-2", "--db", db, "--json")
    assert created.exit_code == 0, created.output
    org = json.loads(created.stdout)
    assert (org["shortName"], org["region"]) == ("tenanta", "ap-southeast-2")
    assert org["clientId"] and org["clientSecret"]
    taken = _cli("org", "create", "Other", "--region", "us-east-1", "--short-name", "tenanta", "--db", db)
    assert taken.exit_code == 1 and "taken" in taken.stderr
    bad_region = _cli("org", "create", "X", "--region", "mars-1", "--db", db)
    assert bad_region.exit_code == 1 and "us-east-1" in bad_region.stderr
    listed = json.loads(_cli("org", "list", "--db", db, "--json").stdout)
    assert [o["shortName"] for o in listed] == ["tenanta"]
    assert org["clientSecret"] not in _cli("org", "list", "--db", db).stdout
    assert _cli("reset", "--db", db).exit_code == 0
    assert json.loads(_cli("org", "list", "--db", db, "--json").stdout) == []


def test_cli_talks_to_a_running_server(served: Target) -> None:
    created = _cli("org", "create", "Remote Org", "--region", "eu-central-1", "--url", served.url, "--json")
    assert created.exit_code == 0, created.output
    org = json.loads(created.stdout)
    assert served.token(org["clientId"], org["clientSecret"])
    listed = _cli("org", "list", "--url", served.url, "--short-name", org["shortName"])
    assert org["orgId"] in listed.stdout
    unreachable = _cli("org", "list", "--url", "http://127.0.0.1:9")
    assert unreachable.exit_code == 1 and "cannot reach" in unreachable.stderr


@pytest.mark.slow
def test_state_survives_kill_9_and_restart(tmp_path: Path) -> None:
    db = str(tmp_path / "durable.db")
    process = serve_process("--db", db)
    try:
        target = Target(read_url(process))
        org = target.create_org("Durable", region="eu-west-2")
        token = target.token(org["clientId"], org["clientSecret"])
        with target.client(token) as api:
            group = api.post("/api/v2/groups", json={"name": "kept"}).json()
            role = api.post("/api/v2/authorization/roles", json={"name": "kept role"}).json()
            client = api.post(
                "/api/v2/oauth/clients",
                json={
                    "name": "kept client",
                    "authorizedGrantType": "CLIENT-CREDENTIALS",
                    "roleDivisions": [{"roleId": role["id"]}],
                },
            ).json()
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    restarted = serve_process("--db", db)
    try:
        target = Target(read_url(restarted))
        with target.client(token) as api:  # the old token is still valid
            assert api.get(f"/api/v2/groups/{group['id']}").json()["name"] == "kept"
            assert api.get(f"/api/v2/authorization/roles/{role['id']}").json()["name"] == "kept role"
            assert api.get("/api/v2/organizations/me").json()["thirdPartyOrgName"] == org["shortName"]
        assert target.token(client["id"], client["secret"])
    finally:
        restarted.terminate()
        restarted.wait(timeout=10)

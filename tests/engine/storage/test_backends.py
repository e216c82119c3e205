"""One backend suite, run on a local directory and on S3 (moto): Pulumi's DIY layout, atomic
saves with `.bak`, history, `stack rm`, locks and `cancel`, and no plaintext secret anywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gcx.engine.backends import FileStore, S3Store, open_backend
from gcx.engine.errors import (
    BackendError,
    StackAlreadyExistsError,
    StackLockedError,
    StackNotFoundError,
    StateError,
)
from gcx.engine.lock import StackLock
from gcx.engine.workspace import Workspace
from tests.engine.storage.samples import PROJECT, SECRET_TEXT, sample_snapshot


def all_keys(workspace: Workspace) -> list[str]:
    return workspace.backend.store.list("")


def test_layout_is_pulumis_project_scoped_diy_layout(workspace: Workspace) -> None:
    workspace.create_stack("dev")
    workspace.create_stack("organization/shop/prod")
    assert [s.name for s in workspace.list_stacks()] == ["dev", "prod"]
    assert all_keys(workspace) == [
        ".pulumi/meta.yaml",
        ".pulumi/stacks/shop/dev.json",
        ".pulumi/stacks/shop/prod.json",
    ]
    store = workspace.backend.store
    assert store.read(".pulumi/meta.yaml") == b"version: 1\n"
    assert json.loads(store.read(".pulumi/stacks/shop/dev.json")) == {
        "version": 3,
        "checkpoint": {"stack": "organization/shop/dev"},
    }
    assert workspace.selected_stack() == "prod"
    # with a passphrase at hand, `stack init` gives the new stack its own salt, as Pulumi does
    assert "encryptionsalt: v1:" in (workspace.project_dir / "Pulumi.prod.yaml").read_text()
    with pytest.raises(StackAlreadyExistsError, match="stack 'dev' already exists"):
        workspace.create_stack("dev")


def test_save_is_atomic_keeps_bak_and_round_trips(workspace: Workspace) -> None:
    workspace.create_stack("dev")
    assert workspace.load_snapshot("dev") is None
    first = sample_snapshot()
    workspace.save_snapshot("dev", first)
    second = sample_snapshot()
    second.resources[3].outputs["memberCount"] = 5
    workspace.save_snapshot("dev", second)
    store = workspace.backend.store
    current = json.loads(store.read(".pulumi/stacks/shop/dev.json"))
    previous = json.loads(store.read(".pulumi/stacks/shop/dev.json.bak"))
    assert current["checkpoint"]["latest"]["resources"][3]["outputs"]["memberCount"] == 5
    assert previous["checkpoint"]["latest"]["resources"][3]["outputs"]["memberCount"] == 0
    loaded = workspace.load_snapshot("dev")
    assert loaded is not None
    assert [r.urn for r in loaded.resources] == [r.urn for r in second.resources]
    assert loaded.resources[3].inputs == second.resources[3].inputs  # secret back in wire form
    # compact JSON, like Pulumi's DIY marshaler
    assert b"\n" not in store.read(".pulumi/stacks/shop/dev.json")


def test_bak_is_always_the_previous_checkpoint_also_under_lock(
    workspace: Workspace, project_dir: Path, env: dict[str, str], backend_url: str
) -> None:
    workspace.create_stack("dev")
    backend, key = workspace.backend, ".pulumi/stacks/shop/dev.json"

    def version(n: int) -> bytes:
        return json.dumps({"version": 3, "checkpoint": {"stack": f"organization/shop/dev#{n}"}}).encode()

    with workspace.lock("dev"):
        for n in (1, 2, 3):
            backend.write_checkpoint(PROJECT, "dev", version(n))
        assert (backend.store.read(key), backend.store.read(key + ".bak")) == (version(3), version(2))
    other = Workspace(project_dir, backend_url=backend_url, env=env)
    with other.lock("dev"):
        other.backend.write_checkpoint(PROJECT, "dev", version(4))
    with workspace.lock("dev"):  # what another process wrote meanwhile becomes the backup
        backend.write_checkpoint(PROJECT, "dev", version(5))
    assert (backend.store.read(key), backend.store.read(key + ".bak")) == (version(5), version(4))


def test_no_plaintext_secret_anywhere_in_the_backend(workspace: Workspace, project_dir: Path) -> None:
    workspace.create_stack("dev")
    workspace.record_update("dev", "update", {"result": "succeeded"}, sample_snapshot())
    workspace.save_snapshot("dev", sample_snapshot())
    store = workspace.backend.store
    keys = all_keys(workspace)
    assert any(k.endswith(".json.bak") for k in keys) and any(".checkpoint.json" in k for k in keys)
    for key in keys:
        assert SECRET_TEXT.encode() not in store.read(key), key
    if isinstance(store, FileStore):  # and on disk, every file, temporary ones included
        files = [path for path in store.root.rglob("*") if path.is_file()]
        assert len(files) >= len(keys)
        assert not [path for path in files if SECRET_TEXT.encode() in path.read_bytes()]
    assert SECRET_TEXT not in (project_dir / "Pulumi.dev.yaml").read_text()
    # ...yet the secret is there for whoever has the passphrase
    assert workspace.outputs("dev", show_secrets=True)["client_secret"] == SECRET_TEXT


def test_history_records_update_info_and_a_checkpoint_copy(workspace: Workspace) -> None:
    workspace.create_stack("dev")
    workspace.record_update(
        "dev", "update", {"result": "succeeded", "resourceChanges": {"create": 4}}, sample_snapshot()
    )
    workspace.record_update("dev", "destroy", {"result": "failed", "message": "boom"})
    entries = workspace.history("dev")
    assert [(e["kind"], e["result"], e["version"]) for e in entries] == [
        ("destroy", "failed", 2),
        ("update", "succeeded", 1),
    ]
    assert list(entries[1]) == [
        "version", "kind", "startTime", "message", "environment", "config", "result", "endTime",
        "resourceChanges",
    ]  # fmt: skip
    assert entries[1]["config"] == {"shop:region": "us-east-1"}
    history_keys = [k for k in all_keys(workspace) if k.startswith(".pulumi/history/shop/dev/")]
    assert len(history_keys) == 4
    assert all(k.rsplit("/", 1)[1].startswith("dev-") for k in history_keys)
    copy = next(k for k in sorted(history_keys) if k.endswith(".checkpoint.json"))
    assert json.loads(workspace.backend.store.read(copy))["checkpoint"]["latest"]["resources"]
    with pytest.raises(ValueError, match="result"):
        workspace.record_update("dev", "update", {"result": "ok"})


def test_stack_rm_refuses_resources_then_backs_up_and_forgets(
    workspace: Workspace, project_dir: Path
) -> None:
    workspace.create_stack("dev")
    workspace.record_update("dev", "update", {"result": "succeeded"}, sample_snapshot())
    with pytest.raises(StateError, match="still contains 4 resources"):
        workspace.remove_stack("dev")
    assert workspace.load_snapshot("dev") is not None
    workspace.remove_stack("dev", force=True)
    keys = all_keys(workspace)
    assert ".pulumi/stacks/shop/dev.json" not in keys and ".pulumi/stacks/shop/dev.json.bak" in keys
    assert [k for k in keys if k.startswith(".pulumi/backups/shop/dev/dev.")]
    assert not [k for k in keys if k.startswith(".pulumi/history/")]
    assert not (project_dir / "Pulumi.dev.yaml").exists()
    assert workspace.selected_stack() is None
    with pytest.raises(StackNotFoundError):
        workspace.load_snapshot("dev")


def test_second_lock_is_refused_with_pulumis_message_and_cancel_clears_it(
    workspace: Workspace, project_dir: Path, env: dict[str, str], backend_url: str
) -> None:
    workspace.create_stack("dev")
    other = Workspace(project_dir, backend_url=backend_url, env=env)
    with workspace.lock("dev"), workspace.lock("dev"):  # re-entrant in one backend instance
        with pytest.raises(StackLockedError) as caught, other.lock("dev"):
            pass
        message = str(caught.value)
        assert message.startswith(
            "the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end "
            "or delete the lock file with `gcx cancel`."
        )
        assert f"locks/organization/{PROJECT}/dev/{workspace.backend.lock_id}.json: created by " in message
        assert caught.value.exit_code == StackLockedError.exit_code
        # the refused attempt left nothing behind
        assert len([k for k in all_keys(workspace) if "/locks/" in k]) == 1
    assert not [k for k in all_keys(workspace) if "/locks/" in k]
    # a lock left by a killed process (taken, never released): refused until cancelled
    StackLock(workspace.backend.store, PROJECT, "dev", "killed-process").acquire()
    with pytest.raises(StackLockedError), other.lock("dev"):
        pass
    assert other.cancel("dev") == 1
    with other.lock("dev"):
        pass


def test_outputs_are_masked_without_the_passphrase(
    workspace: Workspace, project_dir: Path, backend_url: str
) -> None:
    workspace.create_stack("dev")
    workspace.save_snapshot("dev", sample_snapshot())
    no_passphrase = Workspace(project_dir, backend_url=backend_url, env={})
    assert no_passphrase.outputs("dev") == {"client_secret": "[secret]", "count": 2, "queue_id": "q-1"}


def test_export_then_import_restores_state_and_bad_imports_change_nothing(workspace: Workspace) -> None:
    workspace.create_stack("dev")
    workspace.save_snapshot("dev", sample_snapshot())
    exported = workspace.export_stack("dev")
    assert exported["version"] == 3 and SECRET_TEXT not in json.dumps(exported)
    shown = workspace.export_stack("dev", show_secrets=True)
    assert SECRET_TEXT in json.dumps(shown)
    broken = json.loads(json.dumps(shown))
    broken["deployment"]["resources"].reverse()
    with pytest.raises(StateError, match="fails integrity checks") as caught:
        workspace.import_stack("dev", broken)
    assert "comes after it" in str(caught.value)
    foreign = json.loads(json.dumps(shown).replace("urn:pulumi:dev::", "urn:pulumi:prod::"))
    with pytest.raises(StateError, match="does not belong to stack 'dev'"):
        workspace.import_stack("dev", foreign)
    workspace.save_snapshot("dev", type(sample_snapshot())())  # emptied
    workspace.import_stack("dev", shown)  # plaintext secrets are encrypted again on the way in
    store = workspace.backend.store
    assert SECRET_TEXT.encode() not in store.read(".pulumi/stacks/shop/dev.json")
    assert workspace.outputs("dev", show_secrets=True)["client_secret"] == SECRET_TEXT


def test_corrupt_checkpoint_points_at_the_backup(workspace: Workspace) -> None:
    workspace.create_stack("dev")
    workspace.backend.store.write(".pulumi/stacks/shop/dev.json", b"{not json")
    with pytest.raises(StateError, match=r"not valid JSON.*dev\.json\.bak"):
        workspace.load_snapshot("dev")


def test_open_backend_resolves_urls(tmp_path: Path, s3_env: None) -> None:
    project = tmp_path / "p"
    project.mkdir()
    local = open_backend(None, project, {})
    assert isinstance(local.store, FileStore) and local.store.root == project / ".gcx" / "state"
    relative = open_backend("file://./elsewhere", project, {})
    assert relative.store.root == project / "elsewhere"
    home = open_backend("file://~", project, {})
    assert home.store.root == Path.home()
    from_env = open_backend(None, project, {"PULUMI_BACKEND_URL": f"file://{tmp_path / 'env'}"})
    assert from_env.store.root == tmp_path / "env"
    from_project = open_backend(None, project, {}, project_backend_url="file://proj-state")
    assert from_project.store.root == project / "proj-state"
    bucket = open_backend("s3://gcx-state/a/b?region=us-east-1", project, {})
    assert isinstance(bucket.store, S3Store) and bucket.store.url_of("x") == "s3://gcx-state/a/b/x"
    for url in ("https://api.pulumi.com", "gs://bucket", "state-dir"):
        with pytest.raises(BackendError, match="file://"):
            open_backend(url, project, {})


def test_legacy_and_future_state_stores_are_refused(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy"
    (legacy / ".pulumi" / "stacks").mkdir(parents=True)
    (legacy / ".pulumi" / "stacks" / "dev.json").write_text("{}")
    with pytest.raises(BackendError, match="pulumi state upgrade"):
        open_backend(f"file://{legacy}", tmp_path, {}).list_stacks("shop")
    future = tmp_path / "future"
    (future / ".pulumi").mkdir(parents=True)
    (future / ".pulumi" / "meta.yaml").write_text("version: 7\n")
    with pytest.raises(BackendError, match="version 7"):
        open_backend(f"file://{future}", tmp_path, {}).list_stacks("shop")

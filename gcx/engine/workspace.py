"""`Workspace`: one Pulumi project directory, its stacks, their config, secrets and state.

This is the storage and configuration facade the engine runtime and the `gcx stack|config|
cancel` commands use. It ties together the project files (`project`), the passphrase crypter
(`secrets`), the state format (`state`) and the DIY backend (`backends`). The selected stack is
kept in ``<project>/.gcx/workspace.json`` (Pulumi keeps the same fact in a per-project
workspace file under ``~/.pulumi/workspaces``).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gcx.engine.backends import DiyBackend, open_backend
from gcx.engine.config_edit import write_encryption_salt
from gcx.engine.errors import (
    ConfigError,
    EngineError,
    PassphraseError,
    ProjectFileError,
    StackNotFoundError,
    StateError,
)
from gcx.engine.project import (
    SECRET_MASK,
    Project,
    ResolvedConfig,
    StackFile,
    contains_secure,
    load_project,
    load_stack_file,
    parse_config_key,
    resolve_config,
    validate_stack_name,
)
from gcx.engine.secrets import PassphraseCrypter, crypter_from_env, read_passphrase
from gcx.engine.state import (
    CHECKPOINT_VERSION,
    ORGANIZATION,
    Manifest,
    Snapshot,
    checkpoint_latest,
    deployment_has_ciphertext,
    deployment_salt,
    deployment_to_snapshot,
    snapshot_to_checkpoint,
    snapshot_to_deployment,
    verify_integrity,
)
from gcx.engine.urns import STACK_TYPE
from gcx.engine.wire import SECRET_SIG, SIG_KEY, contains_secret, normalize_numbers, strip_secrets

WORKSPACE_FILE = ".gcx/workspace.json"
UPDATE_KINDS = ("update", "preview", "refresh", "rename", "destroy", "import")
UPDATE_RESULTS = ("not-started", "in-progress", "succeeded", "failed")


@dataclass(frozen=True)
class StackSummary:
    """One row of `gcx stack ls`."""

    name: str
    last_update: str | None  # manifest time of the latest deployment (RFC 3339)
    resource_count: int | None  # None when the stack was never deployed
    current: bool


def _mask_stored_secrets(value: Any) -> Any:
    if isinstance(value, dict):
        if value.get(SIG_KEY) == SECRET_SIG:
            return SECRET_MASK
        return {k: _mask_stored_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask_stored_secrets(v) for v in value]
    return value


def _snapshot_has_secrets(snapshot: Snapshot) -> bool:
    resources = [*snapshot.resources, *(op.resource for op in snapshot.pending_operations)]
    return any(contains_secret(r.inputs) or contains_secret(r.outputs) for r in resources)


class Workspace:
    def __init__(
        self, project_dir: Path | str, backend_url: str | None = None, env: Mapping[str, str] | None = None
    ) -> None:
        self.project_dir = Path(project_dir).expanduser().resolve()
        self.env: dict[str, str] = dict(os.environ if env is None else env)
        self._backend_url = backend_url
        self._project: Project | None = None
        self._backend: DiyBackend | None = None
        self._crypters: dict[str, PassphraseCrypter] = {}

    # --- project and backend ----------------------------------------------------------------

    @property
    def project(self) -> Project:
        if self._project is None:
            self._project = load_project(self.project_dir)
        return self._project

    @property
    def backend(self) -> DiyBackend:
        if self._backend is None:
            self._backend = open_backend(
                self._backend_url, self.project_dir, self.env, project_backend_url=self.project.backend_url
            )
        return self._backend

    def stack_name(self, name: str) -> str:
        """Validate a stack name (``dev`` or ``organization/<project>/dev``) and return the short form."""
        parts = name.split("/")
        if len(parts) == 3:
            org, project, short = parts
            if org != ORGANIZATION:
                raise EngineError(
                    f"stack '{name}': the DIY backend has only the organization '{ORGANIZATION}'"
                )
            if project != self.project.name:
                raise EngineError(
                    f"stack '{name}' belongs to project '{project}', not '{self.project.name}'; "
                    "run gcx in that project's directory (--cwd)"
                )
            name = short
        elif len(parts) != 1:
            raise EngineError(f"stack '{name}': use NAME or organization/<project>/NAME")
        problem = validate_stack_name(name)
        if problem:
            raise EngineError(f"invalid stack name {name!r}: {problem}")
        return name

    def require_stack(self, name: str) -> str:
        name = self.stack_name(name)
        if not self.backend.stack_exists(self.project.name, name):
            raise StackNotFoundError(name)
        return name

    # --- stacks -----------------------------------------------------------------------------

    def list_stacks(self) -> list[StackSummary]:
        current = self.selected_stack()
        rows = []
        for name in self.backend.list_stacks(self.project.name):
            latest = checkpoint_latest(self.backend.read_checkpoint(self.project.name, name))
            rows.append(
                StackSummary(
                    name=name,
                    last_update=latest.get("manifest", {}).get("time") if latest else None,
                    resource_count=len(latest.get("resources") or []) if latest else None,
                    current=name == current,
                )
            )
        return rows

    def create_stack(self, name: str) -> str:
        """Create and select a stack; with a passphrase at hand its encryption salt is created too."""
        name = self.stack_name(name)
        self.backend.create_stack(self.project.name, name)
        stack_file = self.stack_file(name)
        if (
            stack_file.uses_passphrase()
            and not stack_file.encryptionsalt
            and read_passphrase(self.env) is not None
        ):
            self.crypter(name, create=True)
        self.select_stack(name)
        return name

    @property
    def _workspace_file(self) -> Path:
        return self.project_dir / WORKSPACE_FILE

    def select_stack(self, name: str) -> str:
        name = self.require_stack(name)
        path = self._workspace_file
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"stack": name}) + "\n", encoding="utf-8")
        os.replace(tmp, path)
        return name

    def selected_stack(self) -> str | None:
        try:
            data = json.loads(self._workspace_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        stack = data.get("stack") if isinstance(data, dict) else None
        return stack if isinstance(stack, str) and stack else None

    def remove_stack(self, name: str, force: bool = False, preserve_config: bool = False) -> None:
        """Remove a stack (refused while it holds resources unless `force`) and, like Pulumi, its
        `Pulumi.<stack>.yaml` unless `preserve_config`."""
        name = self.require_stack(name)
        self.backend.remove_stack(self.project.name, name, force=force)
        if not preserve_config:
            self.project.stack_file_path(name).unlink(missing_ok=True)
        if self.selected_stack() == name:
            self._workspace_file.unlink(missing_ok=True)
        self._crypters.pop(name, None)

    # --- config and secrets -----------------------------------------------------------------

    def stack_file(self, name: str) -> StackFile:
        return load_stack_file(self.project, self.stack_name(name))

    def _open_salt(self, salt_state: str, purpose: str) -> PassphraseCrypter:
        crypter = self._crypters.get(salt_state)
        if crypter is None:
            crypter = crypter_from_env(salt_state, self.env, purpose)
            self._crypters[salt_state] = crypter
        return crypter

    def crypter(self, name: str, create: bool = False) -> PassphraseCrypter | None:
        """The stack's passphrase crypter; None when it has no salt yet (unless `create`)."""
        stack_file = self.stack_file(name)
        if not stack_file.uses_passphrase():
            raise ProjectFileError(
                stack_file.path,
                "secretsprovider",
                f"secrets provider {stack_file.secretsprovider or 'with encryptedkey'!r} is not supported "
                "offline; gcx supports the passphrase provider only",
            )
        if stack_file.encryptionsalt:
            return self._open_salt(stack_file.encryptionsalt, f"stack '{stack_file.stack}'")
        if not create:
            return None
        passphrase = read_passphrase(self.env)
        if passphrase is None:
            raise PassphraseError.missing(f"needed to create the secrets salt of stack '{stack_file.stack}'")
        crypter = PassphraseCrypter.new(passphrase)
        write_encryption_salt(stack_file, crypter.salt_state)
        self._crypters[crypter.salt_state] = crypter
        return crypter

    def config(self, name: str) -> ResolvedConfig:
        stack_file = self.stack_file(name)
        crypter = None
        if stack_file.has_secure_values():
            crypter = self.crypter(name)
            if crypter is None:
                raise ConfigError(
                    next(k for k, v in stack_file.config.items() if contains_secure(v)),
                    "holds a secure value but the stack file has no `encryptionsalt`; "
                    "restore the salt the value was encrypted with, or set the value again",
                    stack_file.path,
                )
        return resolve_config(self.project, stack_file, crypter)

    # --- state ------------------------------------------------------------------------------

    def _latest(self, name: str) -> Mapping[str, Any] | None:
        return checkpoint_latest(self.backend.read_checkpoint(self.project.name, self.stack_name(name)))

    def _deployment_crypter(self, name: str, deployment: Mapping[str, Any]) -> PassphraseCrypter | None:
        if not deployment_has_ciphertext(deployment):
            return None
        salt = deployment_salt(deployment) or self.stack_file(name).encryptionsalt
        if not salt:
            raise StateError(f"the state of stack '{name}' holds encrypted secrets but records no salt")
        return self._open_salt(salt, f"the state of stack '{name}'")

    def load_snapshot(self, name: str) -> Snapshot | None:
        """The stack's current state (secrets decrypted into wire form); None if never deployed."""
        latest = self._latest(name)
        if latest is None:
            return None
        return deployment_to_snapshot(latest, self._deployment_crypter(name, latest))

    def save_snapshot(self, name: str, snapshot: Snapshot) -> None:
        """Write the checkpoint atomically, keeping the previous one as ``.json.bak``."""
        name = self.require_stack(name)
        crypter = self.crypter(name, create=_snapshot_has_secrets(snapshot))
        snapshot.secrets_salt = crypter.salt_state if crypter else self.stack_file(name).encryptionsalt
        data = snapshot_to_checkpoint(snapshot, self.project.name, name, crypter)
        self.backend.write_checkpoint(self.project.name, name, data)

    def record_update(
        self, name: str, kind: str, result_info: Mapping[str, Any], snapshot: Snapshot | None = None
    ) -> None:
        """Append an UpdateInfo (and a copy of the checkpoint) to the stack's history.

        `result_info` holds `result` (``succeeded``/``failed``/...) and optionally `startTime`,
        `endTime` (unix seconds), `message`, `environment` and `resourceChanges` (op -> count).
        A given `snapshot` is saved first, so the history copy is that snapshot.
        """
        if kind not in UPDATE_KINDS:
            raise ValueError(f"update kind must be one of {UPDATE_KINDS}, got {kind!r}")
        result = result_info.get("result")
        if result not in UPDATE_RESULTS:
            raise ValueError(f"result must be one of {UPDATE_RESULTS}, got {result!r}")
        name = self.require_stack(name)
        if snapshot is not None:
            self.save_snapshot(name, snapshot)
        now = int(time.time())
        info: dict[str, Any] = {
            "version": len(self.backend.history(self.project.name, name)) + 1,
            "kind": kind,
            "startTime": int(result_info.get("startTime", now)),
            "message": str(result_info.get("message", "")),
            "environment": dict(result_info.get("environment") or {"exec.kind": "cli"}),
            "config": self._history_config(name),
            "result": result,
            "endTime": int(result_info.get("endTime", now)),
        }
        if result_info.get("resourceChanges"):
            info["resourceChanges"] = dict(result_info["resourceChanges"])
        self.backend.add_history(self.project.name, name, info)

    def _history_config(self, name: str) -> dict[str, Any]:
        """The stack config as stored: secure values stay ciphertext."""
        stack_file = self.stack_file(name)
        config: dict[str, Any] = {}
        for key, value in stack_file.config.items():
            config[parse_config_key(key, self.project.name) or str(key)] = value
        return config

    def history(self, name: str) -> list[dict[str, Any]]:
        return self.backend.history(self.project.name, self.require_stack(name))

    @contextmanager
    def lock(self, name: str) -> Iterator[None]:
        name = self.require_stack(name)
        with self.backend.lock(self.project.name, name):
            yield

    def cancel(self, name: str) -> int:
        """Remove every lock on the stack; returns how many there were."""
        return self.backend.cancel(self.project.name, self.require_stack(name))

    # --- outputs, export, import ------------------------------------------------------------

    def outputs(self, name: str, show_secrets: bool = False) -> dict[str, Any]:
        """The root `pulumi:pulumi:Stack` outputs; secrets as ``[secret]`` unless shown."""
        latest = self._latest(name)
        if latest is None:
            return {}
        root = next(
            (r for r in latest.get("resources") or [] if r.get("type") == STACK_TYPE and not r.get("delete")),
            None,
        )
        if root is None:
            return {}
        if not show_secrets:
            return normalize_numbers(_mask_stored_secrets(root.get("outputs") or {}))
        snapshot = deployment_to_snapshot(latest, self._deployment_crypter(name, latest))
        stack = snapshot.root_stack()
        return normalize_numbers(strip_secrets(stack.outputs)) if stack else {}

    def export_stack(self, name: str, show_secrets: bool = False) -> dict[str, Any]:
        """`pulumi stack export`: ``{"version": 3, "deployment": {...}}``."""
        latest = self._latest(name)
        if latest is None:
            deployment: Mapping[str, Any] = snapshot_to_deployment(
                Snapshot(secrets_salt=self.stack_file(name).encryptionsalt), None
            )
        elif show_secrets:
            snapshot = deployment_to_snapshot(latest, self._deployment_crypter(name, latest))
            deployment = snapshot_to_deployment(snapshot, None, show_secrets=True)
        else:
            deployment = latest
        return {"version": CHECKPOINT_VERSION, "deployment": dict(deployment)}

    def import_stack(self, name: str, data: Mapping[str, Any]) -> Snapshot:
        """`pulumi stack import`: verify the deployment, then replace the stack's state with it."""
        name = self.require_stack(name)
        if not isinstance(data, Mapping):
            raise StateError("the import must be a JSON object as written by `gcx stack export`")
        if "deployment" in data:
            if data.get("version") != CHECKPOINT_VERSION:
                raise StateError(
                    f"unsupported deployment version {data.get('version')!r}; expected {CHECKPOINT_VERSION}"
                )
            deployment = data["deployment"]
        else:
            deployment = checkpoint_latest(data) or {"manifest": Manifest().__dict__}
        if not isinstance(deployment, Mapping):
            raise StateError("`deployment` must be a JSON object")
        snapshot = deployment_to_snapshot(deployment, self._deployment_crypter(name, deployment))
        problems = verify_integrity(snapshot)
        prefix = f"urn:pulumi:{name}::{self.project.name}::"
        problems += [
            f"resource {r.urn} does not belong to stack '{name}' of project '{self.project.name}'"
            for r in snapshot.resources
            if not r.urn.startswith(prefix)
        ]
        if problems:
            raise StateError(
                "the deployment was not imported because it fails integrity checks:\n"
                + "\n".join(f"  - {p}" for p in problems)
            )
        with self.lock(name):
            self.save_snapshot(name, snapshot)
        return snapshot

"""A fake cloud and its provider (package ``fake``) for engine tests.

The "cloud" is a JSON file (``FAKE_CLOUD_FILE``) guarded by an OS file lock, so it survives the
process (crash tests look for orphans and duplicates after a ``kill -9``) and is shared by
threads and processes. Every provider call is appended to ``FAKE_CALLS_FILE`` when set.

Types:
- ``fake:index:Thing``: inputs ``name`` (required), ``size`` (int >= 0), ``kind`` (changing it
  forces a replace), ``tags``, ``settings`` (object), ``password`` (secret input). Outputs are the
  inputs plus ``cloudId`` (server-assigned; unknown in a preview) and ``token`` (a provider-side
  `Secret`). `find` locates a lost create by name.
- ``fake:index:Plain``: like Thing but without `find`-friendly identity checks (any name).
- function ``fake:index:getThing``: look a Thing up by name.

Provider config: ``region`` (stored on every object, so explicit providers can be told apart).
``FAKE_FAIL_ON=<name>`` makes creates and updates of that name fail; ``FAKE_DELAY=<seconds>``
slows every mutation (crash and SIGINT tests).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
import uuid
from collections.abc import Iterator, Mapping
from typing import Any

from gcx.engine.plugin import (
    CheckFailure,
    CheckResult,
    CreateResult,
    DiffKind,
    DiffResult,
    InvokeResult,
    ReadResult,
    Secret,
    Unknown,
    UpdateResult,
    is_unknown,
)

THING = "fake:index:Thing"
INPUT_KEYS = ("name", "size", "kind", "tags", "settings", "password")


def _cloud_path() -> str:
    return os.environ["FAKE_CLOUD_FILE"]


@contextlib.contextmanager
def cloud() -> Iterator[dict[str, Any]]:
    """The cloud's objects (id -> object) under an exclusive lock; changes are written back."""
    path = _cloud_path()
    with open(path + ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            try:
                with open(path) as f:
                    objects = json.load(f)
            except FileNotFoundError:
                objects = {}
            before = json.dumps(objects, sort_keys=True)
            yield objects
            if json.dumps(objects, sort_keys=True) != before:
                tmp = f"{path}.{os.getpid()}.tmp"
                with open(tmp, "w") as f:
                    json.dump(objects, f, indent=1, sort_keys=True)
                os.replace(tmp, path)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def read_cloud() -> dict[str, Any]:
    with cloud() as objects:
        return dict(objects)


def log_call(*parts: Any) -> None:
    path = os.environ.get("FAKE_CALLS_FILE")
    if path:
        with open(path, "a") as f:
            f.write(json.dumps(parts) + "\n")


def read_calls() -> list[list[Any]]:
    path = os.environ.get("FAKE_CALLS_FILE")
    if not path or not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def _slow_and_maybe_fail(name: Any) -> None:
    delay = float(os.environ.get("FAKE_DELAY", "0") or 0)
    if delay:
        time.sleep(delay)
    if name and name == os.environ.get("FAKE_FAIL_ON"):
        raise RuntimeError(f"the fake cloud refused '{name}'")


def _body(news: Mapping[str, Any], region: str) -> dict[str, Any]:
    body = {k: news[k] for k in INPUT_KEYS if k in news and news[k] is not None}
    body["region"] = region
    return body


def _outputs(object_id: str, obj: Mapping[str, Any]) -> dict[str, Any]:
    outputs = {k: v for k, v in obj.items() if k not in ("type", "region", "urn")}
    outputs["cloudId"] = f"cid-{object_id}"
    outputs["token"] = Secret(f"token-{object_id}")
    outputs["region"] = obj.get("region", "")
    return outputs


class FakeProvider:
    """Implements the engine's provider contract (and `find`) against the fake cloud."""

    def __init__(self) -> None:
        self.region = ""

    # -- provider configuration

    def check_config(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> CheckResult:
        failures = []
        region = news.get("region")
        if region is not None and not is_unknown(region) and not isinstance(region, str):
            failures.append(CheckFailure("region", "region must be a string"))
        return CheckResult(dict(news), failures)

    def diff_config(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> DiffResult:
        changed = olds.get("region") != news.get("region")
        return DiffResult(changes=changed, replaces=["region"] if changed else [], diffs=["region"] * changed)

    def configure(self, config: Mapping[str, Any]) -> None:
        region = config.get("region", "")
        self.region = "" if is_unknown(region) else str(region or "")

    # -- resources

    def check(self, urn: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> CheckResult:
        failures = []
        name = news.get("name")
        if not name and not is_unknown(name):
            failures.append(CheckFailure("name", "name is required"))
        size = news.get("size")
        if size is not None and not is_unknown(size) and (not isinstance(size, int) or size < 0):
            failures.append(CheckFailure("size", "size must be a whole number of at least 0"))
        return CheckResult(dict(news), failures)

    def diff(
        self,
        urn: str,
        id: str,
        old_inputs: Mapping[str, Any],
        old_outputs: Mapping[str, Any],
        news: Mapping[str, Any],
        ignore_changes: list[str],
    ) -> DiffResult:
        detailed: dict[str, str] = {}
        for key in INPUT_KEYS:
            before, after = old_outputs.get(key), news.get(key)
            if is_unknown(after) or before != after:
                kind = (
                    DiffKind.ADD if before is None else DiffKind.DELETE if after is None else DiffKind.UPDATE
                )
                detailed[key] = kind + ("-replace" if key == "kind" else "")
        replaces = ["kind"] if "kind" in detailed else []
        return DiffResult(
            changes=bool(detailed), replaces=replaces, diffs=sorted(detailed), detailed_diff=detailed or None
        )

    def create(self, urn: str, news: Mapping[str, Any], preview: bool) -> CreateResult:
        if preview:
            predicted = {k: v for k, v in news.items() if k in INPUT_KEYS}
            return CreateResult("", {**predicted, "cloudId": Unknown(), "region": self.region})
        _slow_and_maybe_fail(news.get("name"))
        object_id = f"{urn.rsplit('::', 1)[-1]}-{uuid.uuid4().hex[:8]}"
        with cloud() as objects:
            objects[object_id] = {**_body(news, self.region), "type": urn.split("::")[2], "urn": urn}
            obj = objects[object_id]
        log_call("create", urn.rsplit("::", 1)[-1], object_id)
        return CreateResult(object_id, _outputs(object_id, obj))

    def read(self, urn: str, id: str, inputs: Mapping[str, Any], outputs: Mapping[str, Any]) -> ReadResult:
        with cloud() as objects:
            obj = objects.get(id)
        log_call("read", urn.rsplit("::", 1)[-1], id)
        if obj is None:
            return ReadResult(None)
        live_inputs = {k: obj[k] for k in INPUT_KEYS if k in obj}
        return ReadResult(id, live_inputs, _outputs(id, obj))

    def update(
        self,
        urn: str,
        id: str,
        old_outputs: Mapping[str, Any],
        news: Mapping[str, Any],
        old_inputs: Mapping[str, Any],
        preview: bool,
    ) -> UpdateResult:
        if preview:
            return UpdateResult(
                {**{k: v for k, v in news.items() if k in INPUT_KEYS}, "cloudId": f"cid-{id}"}
            )
        _slow_and_maybe_fail(news.get("name"))
        with cloud() as objects:
            if id not in objects:
                raise RuntimeError(f"object {id} does not exist")
            objects[id] = {**_body(news, self.region), "type": objects[id]["type"], "urn": urn}
            obj = objects[id]
        log_call("update", urn.rsplit("::", 1)[-1], id)
        return UpdateResult(_outputs(id, obj))

    def delete(
        self, urn: str, id: str, old_outputs: Mapping[str, Any], old_inputs: Mapping[str, Any]
    ) -> None:
        delay = float(os.environ.get("FAKE_DELAY", "0") or 0)
        if delay:
            time.sleep(delay)
        with cloud() as objects:
            objects.pop(id, None)  # idempotent, like a DELETE that treats 404 as done
        log_call("delete", urn.rsplit("::", 1)[-1], id)

    def find(self, urn: str, news: Mapping[str, Any]) -> ReadResult | None:
        kind = urn.split("::")[2]
        with cloud() as objects:
            matches = [
                (i, o) for i, o in objects.items() if o.get("name") == news.get("name") and o["type"] == kind
            ]
        log_call("find", urn.rsplit("::", 1)[-1], [i for i, _ in matches])
        if not matches:
            return None
        if len(matches) > 1:
            raise RuntimeError(f"{len(matches)} objects named {news.get('name')!r}")
        object_id, obj = matches[0]
        return ReadResult(object_id, {k: obj[k] for k in INPUT_KEYS if k in obj}, _outputs(object_id, obj))

    def invoke(self, token: str, args: Mapping[str, Any]) -> InvokeResult:
        if token != "fake:index:getThing":
            return InvokeResult({}, [CheckFailure("token", f"unknown function {token}")])
        with cloud() as objects:
            found = [(i, o) for i, o in objects.items() if o.get("name") == args.get("name")]
        log_call("invoke", token, args.get("name"))
        if not found:
            return InvokeResult({}, [CheckFailure("name", f"no thing named {args.get('name')!r}")])
        object_id, obj = found[0]
        return InvokeResult({"id": object_id, "size": obj.get("size"), "cloudId": f"cid-{object_id}"})

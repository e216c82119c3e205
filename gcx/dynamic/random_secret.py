"""`RandomSecret`: a password generated once, kept in state as a secret, replaced when keepers change.

It plays the part of `pulumi_random.RandomPassword` without its plugin: `create` draws the
password (from `secrets`, the OS's cryptographic source) and nothing else ever does, so
previews, `up` and `refresh` keep it. Changing `length`, `special` or any `keepers` value
replaces the resource, that is, draws a new password.

The password always has a lower-case letter, an upper-case letter and a digit (and a special
character with ``special=True``). The special characters leave out quotes, backslash, ``#``,
``;`` and ``=``, which option files, INI comments and shells would read as syntax.
Nothing lives outside state, so `read` and `delete` touch nothing.
"""

from __future__ import annotations

import secrets
import string
import uuid
from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import CheckResult, CreateResult, DiffResult

from gcx.dynamic.base import StateOnlyProvider, as_int, diff_inputs, failures_of
from gcx.engine.plugin import is_unknown

__all__ = ["MAX_LENGTH", "MIN_LENGTH", "SPECIAL_CHARACTERS", "RandomSecret", "RandomSecretProvider", "draw"]

MIN_LENGTH = 12
MAX_LENGTH = 256
SPECIAL_CHARACTERS = "!@$%&*()-_+[]{}<>:?"
_CLASSES = (string.ascii_lowercase, string.ascii_uppercase, string.digits)


def draw(length: int, special: bool) -> str:
    """A password of `length` characters with every required character class present."""
    classes = (*_CLASSES, SPECIAL_CHARACTERS) if special else _CLASSES
    alphabet = "".join(classes)
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        # Redrawing (instead of planting one of each) keeps every position uniformly random.
        if all(any(ch in chars for ch in candidate) for chars in classes):
            return candidate


def _problems(news: Mapping[str, Any]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    length = news.get("length")
    if not is_unknown(length) and not (
        isinstance(length, int) and not isinstance(length, bool) and MIN_LENGTH <= length <= MAX_LENGTH
    ):
        problems.append(
            ("length", f"length must be a whole number from {MIN_LENGTH} to {MAX_LENGTH}, not {length!r}")
        )
    special = news.get("special")
    if not is_unknown(special) and not isinstance(special, bool):
        problems.append(("special", f"special must be true or false, not {special!r}"))
    keepers = news.get("keepers")
    if not is_unknown(keepers) and not isinstance(keepers, Mapping):
        problems.append(
            ("keepers", "keepers must be a map of names to values (change one to draw a new secret)")
        )
    return problems


class RandomSecretProvider(StateOnlyProvider):
    """Import path `gcx.dynamic.random_secret.RandomSecretProvider` is stored in state: keep it."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs = dict(news)
        inputs["length"] = as_int(inputs.get("length"))
        if inputs.get("keepers") is None:
            inputs["keepers"] = {}
        return CheckResult(inputs, failures_of(_problems(inputs)))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return diff_inputs(olds, news, replace=("length", "special", "keepers"), with_connection=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        result = draw(int(props["length"]), bool(props["special"]))
        # The id must not be derived from the secret: ids are stored and shown in plain text.
        return CreateResult(uuid.uuid4().hex, {**props, "result": result})



class RandomSecret(pulumi.dynamic.Resource, module="gcx", name="RandomSecret"):
    """A password drawn once (see the module docstring); `result` is a Pulumi secret."""

    length: pulumi.Output[int]
    special: pulumi.Output[bool]
    keepers: pulumi.Output[dict[str, Any]]
    result: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        *,
        length: pulumi.Input[int] = 32,
        special: pulumi.Input[bool] = False,
        keepers: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = {"length": length, "special": special, "keepers": keepers, "result": None}
        secret_outputs = pulumi.ResourceOptions(additional_secret_outputs=["result"])
        super().__init__(
            RandomSecretProvider(), name, props, pulumi.ResourceOptions.merge(opts, secret_outputs)
        )

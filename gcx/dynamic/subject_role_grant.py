"""`SubjectRoleGrant`: grant one role to one user or group, leaving the subject's other roles alone.

The Terraform `genesyscloud_user_roles` / `genesyscloud_group_roles` resources own a subject's
whole role set (they replace it), so a component that only wants to add "its" role to people
who already have others would take those others away. This resource is additive instead:

- create: ``POST /api/v2/authorization/subjects/{id}/bulkadd?subjectType=...`` with the role on
  each division (the org's home division when `division_ids` is not given);
- update (other divisions): ``bulkadd`` the new divisions, then ``bulkremove`` the dropped ones;
- delete: ``bulkremove`` exactly the grants it made; a subject that is already gone is success;
- read: ``GET /api/v2/authorization/subjects/{id}``; grants found missing show up as drift in
  `granted_division_ids`, and the next `up` adds them again. A deleted subject is a deleted grant.

Another subject or role is another grant (replace). Credentials arrive only through the
``connection`` input (`GenesysConnectionArgs`) and are read on each call.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, Resource, UpdateResult

from gcx.dynamic.base import GenesysDynamicProvider, checked, contains_unknown, diff_inputs
from gcx.dynamic.clients import client_for
from gcx.dynamic.connection import CONNECTION, GenesysConnectionArgs
from gcx.engine.plugin import is_unknown
from gcx.provider.client import ApiError, GenesysClient

__all__ = ["SUBJECT_TYPES", "SubjectRoleGrant", "SubjectRoleGrantProvider"]

SUBJECT_TYPES = ("PC_USER", "PC_GROUP")
HOME_DIVISION_PATH = "/api/v2/authorization/divisions/home"
GRANTED = "granted_division_ids"


def _subject_path(subject_id: str) -> str:
    return f"/api/v2/authorization/subjects/{subject_id}"


def _grants_body(role_id: str, division_ids: Sequence[str]) -> dict[str, Any]:
    return {"grants": [{"roleId": role_id, "divisionId": d} for d in division_ids]}


def _bulk(client: GenesysClient, props: Mapping[str, Any], action: str, division_ids: Sequence[str]) -> None:
    if division_ids:
        client.post(
            f"{_subject_path(props['subject_id'])}/{action}",
            json=_grants_body(props["role_id"], division_ids),
            params={"subjectType": props["subject_type"]},
        )


def _wanted_divisions(client: GenesysClient, props: Mapping[str, Any]) -> list[str]:
    given = props.get("division_ids")
    if given:
        return list(dict.fromkeys(given))
    return [client.get(HOME_DIVISION_PATH)["id"]]


class SubjectRoleGrantProvider(GenesysDynamicProvider):
    """Import path `gcx.dynamic.subject_role_grant.SubjectRoleGrantProvider` is stored in state:
    keep it."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        problems: list[tuple[str, str]] = []
        subject_type = news.get("subject_type")
        if not is_unknown(subject_type) and subject_type not in SUBJECT_TYPES:
            problems.append(
                ("subject_type", f"subject_type {subject_type!r} is not one of {', '.join(SUBJECT_TYPES)}")
            )
        for key in ("subject_id", "role_id"):
            value = news.get(key)
            if not is_unknown(value) and (not isinstance(value, str) or not value):
                problems.append((key, f"{key} must be a non-empty id string"))
        divisions = news.get("division_ids")
        if divisions is not None and not contains_unknown(divisions):
            if not isinstance(divisions, list) or not all(isinstance(d, str) and d for d in divisions):
                problems.append(
                    ("division_ids", "division_ids must be a list of division ids, or unset (home)")
                )
            elif not divisions:
                problems.append(("division_ids", "division_ids must not be empty; leave it unset for home"))
        return checked(news, problems)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        result = diff_inputs(
            olds, news, replace=("subject_type", "subject_id", "role_id"), update=("division_ids",)
        )
        if result.changes or contains_unknown(news.get("division_ids")):
            return result
        if self._drifted(olds, news):
            return DiffResult(changes=True, replaces=[], stables=[], delete_before_replace=False)
        return result

    @staticmethod
    def _drifted(olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
        """A refresh found grants missing: the next update must add them again."""
        granted = olds.get(GRANTED)
        if granted is None:
            return False
        wanted = news.get("division_ids")
        return not granted if not wanted else not set(wanted) <= set(granted)

    def create(self, props: dict[str, Any]) -> CreateResult:
        client = client_for(props)
        divisions = _wanted_divisions(client, props)
        _bulk(client, props, "bulkadd", divisions)
        return CreateResult(f"{props['subject_id']}/{props['role_id']}", {**props, GRANTED: divisions})

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        client = client_for(news)
        wanted = _wanted_divisions(client, news)
        _bulk(client, news, "bulkadd", wanted)
        _bulk(client, news, "bulkremove", [d for d in olds.get(GRANTED) or [] if d not in wanted])
        return UpdateResult({**news, GRANTED: wanted})

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            subject = client_for(props).get(_subject_path(props["subject_id"]), retry_not_found=False)
        except ApiError as exc:
            if exc.is_not_found:
                return ReadResult("", {})
            raise
        subject_id, role_id = props["subject_id"], props["role_id"]
        present = {
            grant["division"]["id"]
            for grant in subject.get("grants") or []
            if grant.get("role", {}).get("id") == role_id and grant.get("subjectId", subject_id) == subject_id
        }
        expected = props.get(GRANTED) or []
        # Keep the recorded order; a refresh only ever narrows what was granted.
        return ReadResult(id_, {**props, GRANTED: [d for d in expected if d in present]})

    def delete(self, _id: str, props: dict[str, Any]) -> None:
        try:
            _bulk(client_for(props), props, "bulkremove", props.get(GRANTED) or [])
        except ApiError as exc:
            if not exc.is_not_found:
                raise


class SubjectRoleGrant(Resource, module="gcx", name="SubjectRoleGrant"):
    """One role granted to one user (``PC_USER``) or group (``PC_GROUP``) on some divisions.

    `division_ids` ``None`` means the org's home division. Outputs: the inputs, plus
    `granted_division_ids` (the divisions the grant is on, as last written or read).
    """

    subject_id: pulumi.Output[str]
    subject_type: pulumi.Output[str]
    role_id: pulumi.Output[str]
    division_ids: pulumi.Output[list[str] | None]
    granted_division_ids: pulumi.Output[list[str]]

    def __init__(
        self,
        name: str,
        *,
        connection: GenesysConnectionArgs,
        subject_id: pulumi.Input[str],
        subject_type: pulumi.Input[str],
        role_id: pulumi.Input[str],
        division_ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(
            SubjectRoleGrantProvider(),
            name,
            {
                CONNECTION: connection.to_input(),
                "subject_id": subject_id,
                "subject_type": subject_type,
                "role_id": role_id,
                "division_ids": division_ids,
                GRANTED: None,
            },
            opts,
        )

"""The role grants of one subject (a group or a user): ``/api/v2/authorization/subjects/{id}``.

Shared by ``genesyscloud_group_roles`` and ``genesyscloud_user_roles``, whose id is the subject's
id. The resource owns every grant of the subject, so create and update are one POST
``.../bulkreplace`` with the wanted (role, division) pairs; a role without `division_ids` is
granted in the home division. Delete removes the grants this resource made (``.../bulkremove``).
Read groups the subject's grants by role; a role granted only in the home division reads back
without `division_ids` when the program left them out (or on import), so the default never shows
as drift. Grants a subject inherits (a user's grants through its groups) carry the group as
`subjectId` and are not the resource's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gcx.provider.resources import HandlerContext
from gcx.provider.resources.base import ApiResource, Live, api, home_division_id

__all__ = ["SubjectRoles"]

PATH = "/api/v2/authorization/subjects"


class SubjectRoles(ApiResource):
    subject_key = ""  # groupId / userId
    subject_type = ""  # PC_GROUP / PC_USER

    def _grants(self, ctx: HandlerContext, roles: list[Mapping[str, Any]]) -> list[dict[str, str]]:
        grants: list[dict[str, str]] = []
        for role in roles:
            divisions = role.get("divisionIds") or [home_division_id(ctx)]
            for division in divisions:
                pair = {"roleId": role["roleId"], "divisionId": division}
                if pair not in grants:
                    grants.append(pair)
        return grants

    def _replace(self, ctx: HandlerContext, id: str, roles: list[Mapping[str, Any]]) -> None:
        api(ctx).post(
            f"{PATH}/{id}/bulkreplace",
            params={"subjectType": self.subject_type},
            json={"grants": self._grants(ctx, roles)},
        )

    def create_object(self, ctx: HandlerContext, news: Mapping[str, Any]) -> tuple[str, Live]:
        subject = str(news[self.subject_key])
        roles = list(news.get("roles") or [])
        self._replace(ctx, subject, roles)
        return subject, {self.subject_key: subject, "roles": roles}

    def read_object(self, ctx: HandlerContext, id: str, state: Mapping[str, Any]) -> Live | None:
        subject = api(ctx).get_or_none(f"{PATH}/{id}")
        if subject is None:
            return None
        by_role: dict[str, list[str]] = {}
        for grant in subject.get("grants") or []:
            if grant.get("subjectId") not in (None, id):
                continue
            divisions = by_role.setdefault(grant["role"]["id"], [])
            if grant["division"]["id"] not in divisions:
                divisions.append(grant["division"]["id"])
        # Roles the program grants in the home division by leaving divisionIds out (on import,
        # the default is assumed, so a home-division-only role reads back without them).
        if state:
            defaulted = {r["roleId"] for r in state.get("roles") or [] if not r.get("divisionIds")}
        else:
            defaulted = set(by_role)
        home = home_division_id(ctx) if defaulted else None
        roles = []
        for role_id, divisions in by_role.items():
            if role_id in defaulted and divisions == [home]:
                roles.append({"roleId": role_id})
            else:
                roles.append({"roleId": role_id, "divisionIds": sorted(divisions)})
        return {self.subject_key: id, "roles": roles}

    def update_object(
        self,
        ctx: HandlerContext,
        id: str,
        old: Mapping[str, Any],
        news: Mapping[str, Any],
        changed: set[str],
    ) -> Live:
        roles = list(news.get("roles") or [])
        self._replace(ctx, id, roles)
        return {self.subject_key: id, "roles": roles}

    def delete_object(self, ctx: HandlerContext, id: str, old: Mapping[str, Any]) -> None:
        grants = self._grants(ctx, list(old.get("roles") or []))
        if grants:
            api(ctx).post(
                f"{PATH}/{id}/bulkremove", params={"subjectType": self.subject_type}, json={"grants": grants}
            )

    def find_object(self, ctx: HandlerContext, news: Mapping[str, Any]) -> tuple[str, Live] | None:
        subject = str(news.get(self.subject_key) or "")
        live = self.read_object(ctx, subject, news) if subject else None
        return (subject, live) if live is not None else None

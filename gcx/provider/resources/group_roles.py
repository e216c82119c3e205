"""``genesyscloud_group_roles``: the role grants of a group (see `subject_roles`)."""

from __future__ import annotations

from gcx.provider.resources.subject_roles import SubjectRoles

__all__ = ["GroupRoles"]


class GroupRoles(SubjectRoles):
    subject_key = "groupId"
    subject_type = "PC_GROUP"

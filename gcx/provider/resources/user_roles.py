"""``genesyscloud_user_roles``: the role grants of a user (see `subject_roles`)."""

from __future__ import annotations

from gcx.provider.resources.subject_roles import SubjectRoles

__all__ = ["UserRoles"]


class UserRoles(SubjectRoles):
    subject_key = "userId"
    subject_type = "PC_USER"

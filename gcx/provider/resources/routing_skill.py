"""``genesyscloud_routing_skill``: POST/GET/DELETE ``/api/v2/routing/skills``.

The API has no update of the name (it is ForceNew), so `update` is never needed.
"""

from __future__ import annotations

from gcx.provider.resources.crud import CrudResource
from gcx.provider.resources.mapping import Field, Shape

__all__ = ["RoutingSkill"]


class RoutingSkill(CrudResource):
    path = "/api/v2/routing/skills"
    shape = Shape(Field("name", "name"))
    lookup = "skill"

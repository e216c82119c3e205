"""``genesyscloud_routing_language``: POST/GET/DELETE ``/api/v2/routing/languages``.

Languages have no update API; the name is ForceNew.
"""

from __future__ import annotations

from gcx.provider.resources.crud import CrudResource
from gcx.provider.resources.mapping import Field, Shape

__all__ = ["RoutingLanguage"]


class RoutingLanguage(CrudResource):
    path = "/api/v2/routing/languages"
    shape = Shape(Field("name", "name"))
    lookup = "language"

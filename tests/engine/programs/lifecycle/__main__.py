"""Engine lifecycle test program; `lifecycle:version` selects the variant.

1: everything created. 2: the component renamed (alias), `solo` resized, `dbr` and `cbd`
replaced, `gone` and `keeper` (retained) removed, `fresh` added, ignored changes on `ign`.
3: the component and its children removed.
"""

import pulumi
from pulumi import Alias, ComponentResource, CustomResource, ResourceOptions

config = pulumi.Config()
version = config.require_int("version")


class Thing(CustomResource):
    """A `fake:index:Thing` (served by the test provider); outputs include the server's cloudId."""

    cloudId: pulumi.Output[str]

    def __init__(self, name, props, opts=None):
        super().__init__("fake:index:Thing", name, {"cloudId": None, "token": None, **props}, opts)


class Group(ComponentResource):
    def __init__(self, name, size, opts=None):
        super().__init__("lc:index:Group", name, None, opts)
        child = ResourceOptions(parent=self)
        self.first = Thing(f"{name}-a", {"name": f"{name}-a", "size": size}, child)
        self.second = Thing(
            f"{name}-b", {"name": f"{name}-b", "settings": {"peer": self.first.cloudId}}, child
        )
        self.register_outputs({"firstId": self.first.id})


group = None
if version == 1:
    group = Group("grp", 1)
    Thing("gone", {"name": "gone"})
    Thing("keeper", {"name": "keeper"}, ResourceOptions(retain_on_delete=True))
elif version == 2:
    group = Group("grp2", 1, ResourceOptions(aliases=[Alias(name="grp")]))
if version >= 2:
    Thing("fresh", {"name": "fresh"})

solo = Thing("solo", {"name": "solo", "size": 5 if version == 1 else 6, "tags": ["x"]})
Thing("guarded", {"name": "guarded"}, ResourceOptions(protect=True))
Thing("dbr", {"name": "dbr", "kind": f"k{version}"}, ResourceOptions(delete_before_replace=True))
Thing("cbd", {"name": "cbd", "kind": f"k{version}"})
Thing(
    "ign",
    {"name": "ign", "size": version, "settings": {"note": f"v{version}", "keep": True}},
    ResourceOptions(ignore_changes=["size", "settings.note"]),
)

pulumi.export("soloCloudId", solo.cloudId)
if group is not None:
    pulumi.export("groupFirst", group.first.id)
pulumi.export("secretEcho", config.require_secret("token"))

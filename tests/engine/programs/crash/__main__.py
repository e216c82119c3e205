"""Crash tests kill `gcx up` at random points of these runs. 1: a chain of four things (each
fed by the previous one's cloudId) and six independent ones. 2: an update, a create-before-
delete replacement, a delete-before-replace replacement, two deletes and two creates."""

import pulumi
from pulumi import CustomResource, ResourceOptions

version = pulumi.Config().require_int("version")


class Thing(CustomResource):
    cloudId: pulumi.Output[str]

    def __init__(self, name, props, opts=None):
        super().__init__("fake:index:Thing", name, {"cloudId": None, **props}, opts)


previous = None
for index in range(4):
    props = {"name": f"chain{index}", "size": 2 if version == 2 and index == 1 else 1}
    if index == 3 and version == 2:
        props.update(name="chain3-v2", kind="k2")  # replaced, create-before-delete
    if previous is not None:
        props["settings"] = {"after": previous.cloudId}
    previous = Thing(f"chain{index}", props)

for index in range(6):
    if version == 2 and index >= 4:
        continue  # deleted
    props = {"name": f"solo{index}"}
    opts = None
    if index == 0:
        props = {"name": f"solo0-v{version}", "kind": f"k{version}"}
        opts = ResourceOptions(delete_before_replace=True)
    Thing(f"solo{index}", props, opts)

if version == 2:
    Thing("new0", {"name": "new0"})
    Thing("new1", {"name": "new1", "settings": {"after": previous.cloudId}})

"""Resource options. 1: `child` is deleted with `base`, `tracked` replaces on changes to `size`,
`masked` keeps its `cloudId` output secret. 2: `base` and `child` removed, `tracked` resized."""

import os

import pulumi
from pulumi import CustomResource, ResourceOptions

version = pulumi.Config().require_int("version")


class Thing(CustomResource):
    cloudId: pulumi.Output[str]

    def __init__(self, name, props, opts=None):
        super().__init__("fake:index:Thing", name, {"cloudId": None, **props}, opts)


if version == 1:
    base = Thing("base", {"name": "base"})
    Thing("child", {"name": "child"}, ResourceOptions(deleted_with=base))
tracked = Thing(
    "tracked", {"name": f"tracked-{version}", "size": version}, ResourceOptions(replace_on_changes=["size"])
)
masked = Thing("masked", {"name": "masked"}, ResourceOptions(additional_secret_outputs=["cloudId"]))
pulumi.export("maskedCloudId", masked.cloudId)
pulumi.export("marker", os.environ.get("OPTIONS_MARKER", ""))  # set through Stack(program_env=...)

"""Providers. Resources use the `fake` package the way a parameterized (terraform-provider) SDK
does: `register_package` first, then `package_ref` on every resource, provider and invoke.
1: an explicit provider `east` and resources on it and on the default provider, an invoke fed
by a created resource, and (when `providers:seedId` is set) a read of an existing object.
2: the explicit provider's region changes, which replaces it and the resources it manages."""

import base64
import json

import pulumi
from pulumi import CustomResource, ProviderResource, ResourceOptions

config = pulumi.Config()
version = config.require_int("version")
PARAMETER = base64.b64encode(json.dumps({"remote": {"url": "example/fake", "version": "2.5.0"}}).encode())


def package():
    return pulumi.runtime.register_package(
        "terraform-provider", "1.0.2", "", "fake", "2.5.0", PARAMETER.decode()
    )


class Thing(CustomResource):
    cloudId: pulumi.Output[str]
    region: pulumi.Output[str]
    size: pulumi.Output[int]

    def __init__(self, name, props, opts=None):
        outputs = {"cloudId": None, "region": None, "size": None}
        super().__init__("fake:index:Thing", name, {**outputs, **props}, opts, package_ref=package())


class Provider(ProviderResource):
    def __init__(self, name, region, opts=None):
        super().__init__("fake", name, {"region": region}, opts, package_ref=package())


east = Provider("east", "east-1" if version == 1 else "east-2")
on_default = Thing("on-default", {"name": "on-default"})
on_east = Thing("on-east", {"name": "on-east"}, ResourceOptions(provider=east))
seed = Thing("seed", {"name": "seed", "size": 3})

found = seed.id.apply(
    lambda _: pulumi.runtime.invoke("fake:index:getThing", {"name": "seed"}, package_ref=package()).value
)
pulumi.export("seedSize", found.apply(lambda result: result["size"]))
pulumi.export("defaultRegion", on_default.region)
pulumi.export("eastRegion", on_east.region)

seed_id = config.get("seedId")
if seed_id:
    copy = Thing("seed-copy", {}, ResourceOptions(id=seed_id))
    pulumi.export("copiedSize", copy.size)

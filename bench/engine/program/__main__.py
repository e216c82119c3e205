"""2,000 resources: 200 components, each with a chain of 9 custom children (each child's input
comes from the previous child's output), served by the instant in-memory `bench` provider."""

import pulumi
from pulumi import ComponentResource, CustomResource, ResourceOptions

COMPONENTS = int(pulumi.Config().get("components") or 200)
CHAIN = 9


class Item(CustomResource):
    ref: pulumi.Output[str]

    def __init__(self, name, props, opts=None):
        super().__init__("bench:index:Item", name, {"ref": None, **props}, opts)


class Unit(ComponentResource):
    def __init__(self, name, opts=None):
        super().__init__("bench:index:Unit", name, None, opts)
        previous = None
        for index in range(CHAIN):
            props = {"label": f"{name}-{index}", "size": index, "tags": ["bench", name]}
            if previous is not None:
                props["after"] = previous.ref
            previous = Item(f"{name}-item{index}", props, ResourceOptions(parent=self))
        self.register_outputs({"last": previous.ref})


units = [Unit(f"unit{n}") for n in range(COMPONENTS)]
pulumi.export("count", COMPONENTS * (CHAIN + 1))

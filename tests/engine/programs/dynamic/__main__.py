"""Dynamic resources. 1: a note (provider in `notes.py`) and a counter (provider defined here, so
pickled by value, without a `diff`: the engine falls back to its own input diff). 2: both
changed. 3: the note removed (deleted through the provider pickled in the old state)."""

import pulumi
from notes import NoteProvider
from pulumi.dynamic import CreateResult, Resource, ResourceProvider, UpdateResult

from tests.engine.programs.fakecloud import cloud, log_call

version = pulumi.Config().require_int("version")


class Note(Resource, module="dyn", name="Note"):
    noteId: pulumi.Output[str]

    def __init__(self, name, props, opts=None):
        super().__init__(NoteProvider(), name, {"noteId": None, **props}, opts)


class CounterProvider(ResourceProvider):
    serialize_as_secret_always = False

    def create(self, props):
        with cloud() as objects:
            objects[f"counter-{props['start']}"] = {
                "name": "counter",
                "type": "counter",
                "value": props["start"],
            }
        log_call("create", "counter", props["start"])
        return CreateResult(f"counter-{props['start']}", {"start": props["start"], "value": props["start"]})

    def update(self, id_, olds, news):
        with cloud() as objects:
            objects[id_]["value"] = news["start"]
        log_call("update", "counter", id_)
        return UpdateResult({"start": news["start"], "value": news["start"]})

    def delete(self, id_, props):
        with cloud() as objects:
            objects.pop(id_, None)


class Counter(Resource, module="dyn", name="Counter"):
    value: pulumi.Output[int]

    def __init__(self, name, start, opts=None):
        super().__init__(CounterProvider(), name, {"start": start, "value": None}, opts)


counter = Counter("counter", version)
pulumi.export("counterValue", counter.value)
if version < 3:
    note = Note("note", {"text": "first" if version == 1 else "second"})
    pulumi.export("noteId", note.noteId)

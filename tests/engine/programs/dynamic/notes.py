"""A dynamic provider living in an importable module of the program (pickled by reference).

Notes are objects in the fake cloud. `configure` reads ``dynamic:prefix`` from the stack config:
dynamic providers receive the whole config, not a package namespace.
"""

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from tests.engine.programs.fakecloud import cloud, log_call


class NoteProvider(ResourceProvider):
    serialize_as_secret_always = False

    def configure(self, req: ConfigureRequest) -> None:
        self.prefix = req.config.get("dynamic:prefix") or ""

    def check(self, olds, news):
        failures = [] if news.get("text") else [CheckFailure("text", "text must not be empty")]
        return CheckResult(news, failures)

    def diff(self, id_, olds, news):
        changed = olds.get("text") != news.get("text")
        return DiffResult(changes=changed, replaces=[], delete_before_replace=False)

    def create(self, props):
        with cloud() as objects:
            note_id = f"note-{len(objects) + 1}"
            objects[note_id] = {"name": props["text"], "type": "note", "body": self.prefix + props["text"]}
        log_call("create", "note", note_id)
        return CreateResult(note_id, {"text": props["text"], "noteId": f"nid-{note_id}"})

    def update(self, id_, olds, news):
        with cloud() as objects:
            objects[id_] = {"name": news["text"], "type": "note", "body": self.prefix + news["text"]}
        log_call("update", "note", id_)
        return UpdateResult({"text": news["text"], "noteId": olds["noteId"]})

    def read(self, id_, props):
        with cloud() as objects:
            obj = objects.get(id_)
        if obj is None:
            return ReadResult(None, None)
        return ReadResult(id_, {**props, "text": obj["name"]})

    def delete(self, id_, props):
        with cloud() as objects:
            objects.pop(id_, None)
        log_call("delete", "note", id_)

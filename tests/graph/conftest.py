"""The engine runtime fixtures (fake cloud, per-worker crypter salt, `project` factory), shared so
these tests run the real engine on the same test programs."""

from tests.engine.runtime.conftest import fake_cloud, project, salt  # noqa: F401

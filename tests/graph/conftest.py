"""The engine runtime fixtures and the CLI-ready lifecycle program of the Markdown tests."""

from tests.markdown.conftest import fake_cloud, lifecycle, project, salt  # noqa: F401

"""The PureConnect SSO nginx renderer: the directives the guide requires, input checks, and the CLI."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from gcx.cli import app
from gcx.cli.pureconnect_cmd import proxy_from_outputs
from gcx.engine.api import Stack
from gcx.engine.errors import EngineError
from gcx.engine.plugin import ProviderRegistry
from gcx.engine.workspace import Workspace
from gcx.handoff.nginx import PureConnectProxy, render_nginx

PROXY = {
    "host": "sso.example.com",
    "servers": ["10.1.2.3", "cic2.example.local"],
    "certificatePath": "/etc/nginx/tls/proxy.crt",
    "certificateKeyPath": "/etc/nginx/tls/proxy.key",
}

Block = list[tuple[str, list[str], Any]]


def parse(text: str) -> Block:
    """Directives of an nginx config as ``(name, args, children or None)``; comments dropped."""
    tokens = re.findall(r"[{};]|[^\s{};]+", re.sub(r"#[^\n]*", "", text))

    def block(i: int) -> tuple[Block, int]:
        out: Block = []
        words: list[str] = []
        while i < len(tokens):
            token = tokens[i]
            i += 1
            if token == ";":
                out.append((words[0], words[1:], None))
                words = []
            elif token == "{":
                children, i = block(i)
                out.append((words[0], words[1:], children))
                words = []
            elif token == "}":
                assert not words, f"unterminated directive {words}"
                return out, i
            else:
                words.append(token)
        assert not words, f"unterminated directive {words}"
        return out, i

    parsed, end = block(0)
    assert end == len(tokens), "unbalanced braces"
    return parsed


def find(block: Block, name: str, *args: str) -> Any:
    found = [children for n, a, children in block if n == name and list(a[: len(args)]) == list(args)]
    assert len(found) == 1, f"{name} {args}: {len(found)} matches"
    return found[0]


def directives(block: Block) -> list[tuple[str, list[str]]]:
    return [(n, a) for n, a, children in block if children is None]


def test_default_proxy_renders_the_guide_configuration():
    config = parse(render_nginx(PureConnectProxy.model_validate(PROXY)))
    assert directives(find(config, "events")) == [("worker_connections", ["1024"])]
    http = find(config, "http")
    assert directives(find(http, "upstream", "pureconnect_servers")) == [
        ("ip_hash", []),
        ("server", ["10.1.2.3:8043"]),
        ("server", ["cic2.example.local:8043"]),
    ]
    server = find(http, "server")
    assert directives(server) == [
        ("listen", ["443", "ssl"]),
        ("server_name", ["sso.example.com"]),
        ("ssl_certificate", ["/etc/nginx/tls/proxy.crt"]),
        ("ssl_certificate_key", ["/etc/nginx/tls/proxy.key"]),
    ]
    location = find(server, "location", "/PureConnect/")
    remap = find(location, "if", "($http_inin_remap_base_url", "!~", ".+)")
    assert remap == [("set", ["$http_inin_remap_base_url", "$scheme://$http_host/PureConnect"], None)]
    assert directives(location) == [
        ("rewrite", ["^/PureConnect/(.*)$", "/$1", "break"]),
        ("proxy_set_header", ["ININ-REMAP-BASE-URL", "$http_inin_remap_base_url"]),
        ("proxy_set_header", ["X-Forwarded-For", "$proxy_add_x_forwarded_for"]),
        ("proxy_set_header", ["Host", "$host"]),
        ("proxy_pass", ["https://pureconnect_servers"]),
    ]


def test_port_and_path_flow_into_listen_location_rewrite_and_the_uris():
    proxy = PureConnectProxy.model_validate(
        {**PROXY, "port": 8443, "path": "/sso/cic/", "servers": ["10.0.0.9"]}
    )
    assert proxy.path == "sso/cic"
    assert proxy.issuer_uri == "https://sso.example.com"
    assert proxy.target_uri == "https://sso.example.com:8443/sso/cic/ICNotifierIDP/login?loginType=saml"
    text = render_nginx(proxy)
    server = find(find(parse(text), "http"), "server")
    assert ("listen", ["8443", "ssl"]) in directives(server)
    location = find(server, "location", "/sso/cic/")
    assert ("rewrite", ["^/sso/cic/(.*)$", "/$1", "break"]) in directives(location)
    assert find(location, "if")[0][1][1] == "$scheme://$http_host/sso/cic"
    assert directives(find(find(parse(text), "http"), "upstream")) == [
        ("ip_hash", []),
        ("server", ["10.0.0.9:8043"]),
    ]
    assert (
        f"Target URI:            {proxy.target_uri}" in text
    )  # the header says what Genesys Cloud must hold


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"host": "https://sso.example.com"}, "host"),
        ({"host": "sso.example.com:443"}, "host"),
        ({"servers": ["10.1.2.3:8043"]}, "servers.0"),
        ({"servers": []}, "servers"),
        ({"servers": ["10.1.2.3", "10.1.2.4", "10.1.2.5"]}, "servers"),
        ({"servers": ["10.1.2.3", "10.1.2.3"]}, "servers"),
        ({"servers": ["10.1.2.300"]}, "servers.0"),
        ({"path": "Pure Connect"}, "path"),
        ({"path": "a.b"}, "path"),
        ({"path": "/"}, "path"),
        ({"certificatePath": "/etc/x.crt; include /etc/passwd"}, "certificatePath"),
        ({"certificateKeyPath": "/etc/my key.pem"}, "certificateKeyPath"),
        ({"port": 0}, "port"),
        ({"upstream": "x"}, "upstream"),
    ],
)
def test_values_that_would_break_or_inject_into_nginx_conf_are_rejected(override, field):
    with pytest.raises(ValidationError) as error:
        PureConnectProxy.model_validate({**PROXY, **override})
    assert field in [".".join(map(str, e["loc"])) for e in error.value.errors()]


def test_snake_case_names_are_accepted_too():
    proxy = PureConnectProxy(
        host="sso.example.com",
        servers=("10.1.2.3",),
        certificate_path="/c.crt",
        certificate_key_path="/c.key",
    )
    assert proxy.model_dump(by_alias=True)["certificateKeyPath"] == "/c.key"


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed on this machine")
def test_nginx_accepts_the_rendered_configuration(tmp_path: Path):
    cert, key = tmp_path / "proxy.crt", tmp_path / "proxy.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=sso.example.com",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    # IP addresses: nginx resolves upstream host names while checking
    servers = ["10.1.2.3", "10.1.2.4"]
    proxy = PureConnectProxy.model_validate(
        {**PROXY, "servers": servers, "certificatePath": str(cert), "certificateKeyPath": str(key)}
    )
    conf = tmp_path / "nginx.conf"
    conf.write_text(render_nginx(proxy))
    checked = subprocess.run(
        [
            "nginx",
            "-t",
            "-p",
            str(tmp_path),
            "-c",
            str(conf),
            "-e",
            "stderr",
            "-g",
            f"pid {tmp_path}/nginx.pid;",
        ],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


# --- the CLI ------------------------------------------------------------------------------------


def test_proxy_from_outputs_names_the_missing_key():
    outputs = {"tenants": {"acme": {"pureConnect": {"handoff": 1}}}}
    with pytest.raises(EngineError, match=r"tenants\.acme\.pureConnect has no 'sso'.*pureConnect\.sso"):
        proxy_from_outputs(outputs, "acme")
    with pytest.raises(EngineError, match=r"tenants has no 'other' \(it has: acme\)"):
        proxy_from_outputs(outputs, "other")
    with pytest.raises(EngineError, match="the stack outputs has no 'tenants'"):
        proxy_from_outputs({}, "acme")
    bad = {"tenants": {"acme": {"pureConnect": {"sso": {"proxy": {**PROXY, "port": "x"}}}}}}
    with pytest.raises(
        EngineError, match=r"tenants\.acme\.pureConnect\.sso\.proxy is not a PureConnect proxy \(port"
    ):
        proxy_from_outputs(bad, "acme")


PROGRAM = """\
import pulumi

pulumi.export("tenants", {{"acme": {{"pureConnect": {{"sso": {{"proxy": {proxy!r}}}}}}}}})
"""


@pytest.fixture
def deployed(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A project whose `dev` stack has been deployed with a PureConnect proxy in its outputs."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: nginxcli\nruntime: python\n")
    (project / "__main__.py").write_text(PROGRAM.format(proxy={**PROXY, "port": 8443}))
    env = {"PULUMI_CONFIG_PASSPHRASE": "nginx-cli-test", "PULUMI_BACKEND_URL": f"file://{tmp_path / 'state'}"}
    workspace = Workspace(project, env=env)
    workspace.create_stack("dev")
    Stack(workspace, "dev", registry=ProviderRegistry()).up()
    return project, env


def test_cli_renders_the_deployed_proxy_to_stdout_and_to_a_file(deployed, tmp_path: Path):
    project, env = deployed
    runner = CliRunner()
    base = ["pureconnect", "nginx", "--stack", "dev", "--tenant", "acme", "--cwd", str(project)]
    shown = runner.invoke(app, base, env=env)
    assert shown.exit_code == 0, shown.output
    expected = render_nginx(PureConnectProxy.model_validate({**PROXY, "port": 8443}))
    assert shown.stdout == expected

    target = tmp_path / "out" / "nginx.conf"
    target.parent.mkdir()
    written = runner.invoke(app, [*base, "--output", str(target)], env=env)
    assert written.exit_code == 0, written.output
    assert target.read_text() == expected
    assert "Wrote the nginx configuration for tenant 'acme'" in written.stderr


def test_cli_reports_an_unknown_tenant_without_a_traceback(deployed):
    project, env = deployed
    result = CliRunner().invoke(
        app, ["pureconnect", "nginx", "--stack", "dev", "--tenant", "nobody", "--cwd", str(project)], env=env
    )
    assert result.exit_code != 0
    assert result.stderr.startswith("error: tenants has no 'nobody' (it has: acme)")
    assert "Traceback" not in result.output

"""Provider configuration of ``genesyscloud`` (Terraform `provider_schema.go`).

Every key is optional. Each can also come from a ``GENESYSCLOUD_*`` environment variable, and the
defaults are those the Terraform provider falls back to when neither is set. `access_token` and the
gateway/proxy passwords are treated as secrets here although Terraform only marks
`oauthclient_secret` sensitive: they are credentials and must never reach state in plain text.
"""

from gcx.provider.schema import (
    OPTIONAL,
    REQUIRED,
    Block,
    Pattern,
    ProviderSchema,
    Range,
    block_set,
    boolean,
    integer,
    string,
)

# Go's time.ParseDuration accepts "0" and sequences such as "1h30m", "300ms" or "2.5s".
DURATION = Pattern(
    r"^(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|ms|s|m|h))+)$",
    "a duration such as 30s, 5m or 1h30m",
)
NON_BLANK = Pattern(r"\S", "a non-blank file path")


def _auth_block(env_prefix: str) -> Block:
    return Block(
        string(
            "username", OPTIONAL, "User name sent to the intermediary.", env=f"{env_prefix}_AUTH_USERNAME"
        ),
        string(
            "password",
            OPTIONAL,
            "Password sent to the intermediary.",
            sensitive=True,
            env=f"{env_prefix}_AUTH_PASSWORD",
        ),
    )


GATEWAY = Block(
    string("port", OPTIONAL, "Gateway port.", env="GENESYSCLOUD_GATEWAY_PORT"),
    string(
        "host",
        OPTIONAL,
        "Gateway host; API and login calls go here instead of the region.",
        env="GENESYSCLOUD_GATEWAY_HOST",
    ),
    string("protocol", OPTIONAL, "Gateway protocol (http or https).", env="GENESYSCLOUD_GATEWAY_PROTOCOL"),
    block_set(
        "path_params",
        Block(
            string(
                "path_name",
                REQUIRED,
                "Which path to map: `api` or `login`.",
                env="GENESYSCLOUD_GATEWAY_PATH_NAME",
            ),
            string(
                "path_value",
                REQUIRED,
                "Path prefix on the gateway for that name.",
                env="GENESYSCLOUD_GATEWAY_PATH_VALUE",
            ),
        ),
        OPTIONAL,
        "Path prefixes per kind of call.",
    ),
    block_set("auth", _auth_block("GENESYSCLOUD_GATEWAY"), OPTIONAL, "Gateway credentials.", max_items=1),
)

PROXY = Block(
    string("port", OPTIONAL, "Proxy port.", env="GENESYSCLOUD_PROXY_PORT"),
    string("host", OPTIONAL, "Proxy host.", env="GENESYSCLOUD_PROXY_HOST"),
    string("protocol", OPTIONAL, "Proxy protocol.", env="GENESYSCLOUD_PROXY_PROTOCOL"),
    block_set("auth", _auth_block("GENESYSCLOUD_PROXY"), OPTIONAL, "Proxy credentials.", max_items=1),
)

PROVIDER = ProviderSchema(
    package="genesyscloud",
    description="Settings of one Genesys Cloud organization connection (one provider per org).",
    block=Block(
        string(
            "access_token",
            OPTIONAL,
            "Bearer token to use instead of OAuth client credentials.",
            sensitive=True,
            env="GENESYSCLOUD_ACCESS_TOKEN",
        ),
        string(
            "oauthclient_id",
            OPTIONAL,
            "Client id of a client-credentials OAuth client.",
            env="GENESYSCLOUD_OAUTHCLIENT_ID",
        ),
        string(
            "oauthclient_secret",
            OPTIONAL,
            "Secret of that OAuth client.",
            sensitive=True,
            env="GENESYSCLOUD_OAUTHCLIENT_SECRET",
        ),
        string("aws_region", OPTIONAL, "Region of the org, e.g. us-east-1.", env="GENESYSCLOUD_REGION"),
        boolean(
            "sdk_debug",
            OPTIONAL,
            "Write a request log: a line per call (time, method, URL, status, duration, correlation "
            "id, attempt), never headers or bodies.",
            default=False,
            env="GENESYSCLOUD_SDK_DEBUG",
        ),
        string(
            "sdk_debug_format",
            OPTIONAL,
            "Format of the request log.",
            default="Text",
            one_of=("Text", "Json"),
            env="GENESYSCLOUD_SDK_DEBUG_FORMAT",
        ),
        string(
            "sdk_debug_file_path",
            OPTIONAL,
            "Where the request log goes.",
            default="sdk_debug.log",
            pattern=NON_BLANK,
            env="GENESYSCLOUD_SDK_DEBUG_FILE_PATH",
        ),
        boolean(
            "sdk_client_pool_debug",
            OPTIONAL,
            "Log token pool activity.",
            default=False,
            env="GENESYSCLOUD_SDK_CLIENT_POOL_DEBUG",
        ),
        integer(
            "token_pool_size",
            OPTIONAL,
            "How many OAuth tokens to keep in the pool.",
            default=10,
            range=Range(1, 50),
            env="GENESYSCLOUD_TOKEN_POOL_SIZE",
        ),
        string(
            "token_acquire_timeout",
            OPTIONAL,
            "How long to wait for a free token.",
            default="5m",
            pattern=DURATION,
            env="GENESYSCLOUD_TOKEN_ACQUIRE_TIMEOUT",
        ),
        string(
            "token_init_timeout",
            OPTIONAL,
            "How long filling the token pool may take.",
            default="10m",
            pattern=DURATION,
            env="GENESYSCLOUD_TOKEN_INIT_TIMEOUT",
        ),
        integer(
            "max_concurrent_pages",
            OPTIONAL,
            "Pages fetched in parallel when listing.",
            default=1,
            range=Range(1, 75),
            env="GENESYSCLOUD_MAX_CONCURRENT_PAGES",
        ),
        string(
            "custom_retry_timeout",
            OPTIONAL,
            "How long a read that returns 404 is retried (eventual consistency); 0s fails at once.",
            default="5m",
            pattern=DURATION,
            env="GENESYSCLOUD_CUSTOM_RETRY_TIMEOUT",
        ),
        boolean(
            "log_stack_traces",
            OPTIONAL,
            "Also write the traceback of an unexpected failure (a bug, not an API answer) to a file.",
            default=False,
            env="GENESYSCLOUD_LOG_STACK_TRACES",
        ),
        string(
            "log_stack_traces_file_path",
            OPTIONAL,
            "Where stack traces go.",
            default="genesyscloud_stack_traces.log",
            pattern=NON_BLANK,
            env="GENESYSCLOUD_LOG_STACK_TRACES_FILE_PATH",
        ),
        block_set(
            "gateway",
            GATEWAY,
            OPTIONAL,
            "Send API and login calls to this host instead of the region's (e.g. an emulator).",
        ),
        block_set("proxy", PROXY, OPTIONAL, "Forward HTTP proxy.", max_items=1),
    ),
)

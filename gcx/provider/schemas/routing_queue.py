"""``genesyscloud_routing_queue`` and its data source (Terraform `routing_queue/`).

`members` conflicts with `ignore_members`. The deprecated `conditional_group_routing_rules` and
`outbound_email_address` blocks are kept because the Terraform schema still has them.
"""

from gcx.provider.schema import (
    OPTIONAL,
    OPTIONAL_COMPUTED,
    REQUIRED,
    Block,
    DataSourceSchema,
    Range,
    ResourceSchema,
    block_list,
    block_set,
    boolean,
    integer,
    number,
    single_block,
    string,
    string_map,
    string_set,
)

MEMBER_GROUP = Block(
    string("member_group_id", REQUIRED, "Id of the group, skill group or team."),
    string("member_group_type", REQUIRED, "Kind of member group.", one_of=("TEAM", "GROUP", "SKILLGROUP")),
)

SUB_TYPE_SETTING = Block(
    string("media_type", REQUIRED, "Social media subtype."),
    boolean("enable_auto_answer", REQUIRED, "Auto-answer this subtype."),
)

_MEDIA_COMMON = (
    integer("alerting_timeout_sec", OPTIONAL, "Alerting timeout in seconds.", range=Range(7, None)),
    block_list("sub_type_settings", SUB_TYPE_SETTING, OPTIONAL, "Auto-answer per subtype."),
    boolean("enable_auto_answer", OPTIONAL, "Auto-answer this media.", default=False),
    number("service_level_percentage", OPTIONAL, "Service level target, 0 to 1.", range=Range(0, 1)),
    integer(
        "service_level_duration_ms", OPTIONAL, "Service level time in milliseconds.", range=Range(1000, None)
    ),
)

MEDIA_SETTINGS = Block(*_MEDIA_COMMON)

CALLBACK_MEDIA_SETTINGS = Block(
    *_MEDIA_COMMON,
    string("mode", OPTIONAL_COMPUTED, "Callback mode.", one_of=("AgentFirst", "CustomerFirst")),
    boolean("enable_auto_dial_and_end", OPTIONAL, "Dial and end automatically.", default=False),
    integer("auto_dial_delay_seconds", OPTIONAL, "Delay before auto dial."),
    integer("auto_end_delay_seconds", OPTIONAL, "Delay before auto end."),
    number("auto_answer_alert_tone_seconds", OPTIONAL, "Alert tone length for auto-answer."),
    number("manual_answer_alert_tone_seconds", OPTIONAL, "Alert tone length for manual answer."),
    number("pacing_modifier", OPTIONAL, "Outbound pacing in CustomerFirst mode.", range=Range(1, None)),
    string("live_voice_reaction_type", OPTIONAL, "Action on a live voice."),
    string("live_voice_flow_id", OPTIONAL, "Flow for live voice."),
    string("answering_machine_reaction_type", OPTIONAL, "Action on an answering machine."),
    string("answering_machine_flow_id", OPTIONAL, "Flow for answering machines."),
    integer("max_retry_count", OPTIONAL, "Retries of a customer-first callback.", range=Range(0, 20)),
    integer("retry_delay_seconds", OPTIONAL, "Seconds between retries.", range=Range(60, 86400)),
)

CGA_CONDITION = Block(
    single_block(
        "simple_metric",
        Block(
            string(
                "metric",
                REQUIRED,
                "Queue metric.",
                one_of=("EstimatedWaitTime", "ServiceLevel", "IdleAgentCount"),
            ),
            string("queue_id", OPTIONAL_COMPUTED, "Queue evaluated; this queue when unset."),
        ),
        REQUIRED,
        "Metric evaluated.",
    ),
    string(
        "operator",
        REQUIRED,
        "Comparison.",
        one_of=(
            "GreaterThan",
            "LessThan",
            "GreaterThanOrEqualTo",
            "LessThanOrEqualTo",
            "EqualTo",
            "NotEqualTo",
        ),
    ),
    number("value", REQUIRED, "Threshold.", range=Range(0, 1000000)),
)

_CGA_RULE = (
    string("condition_expression", REQUIRED, "How the conditions combine."),
    block_list("conditions", CGA_CONDITION, REQUIRED, "Conditions.", min_items=1, max_items=10),
)

CGA = Block(
    single_block(
        "pilot_rule", Block(*_CGA_RULE), OPTIONAL, "Rule run first to decide whether the queue is healthy."
    ),
    block_list(
        "rules",
        Block(
            *_CGA_RULE,
            block_list("groups", MEMBER_GROUP, REQUIRED, "Groups to activate.", min_items=1, max_items=5),
        ),
        REQUIRED,
        "Rules run periodically.",
        min_items=1,
        max_items=5,
    ),
)

RESOURCE = ResourceSchema(
    tf_name="genesyscloud_routing_queue",
    description="An ACD routing queue.",
    block=Block(
        string("name", REQUIRED, "Queue name."),
        string("division_id", OPTIONAL_COMPUTED, "Division of the queue; the home division when unset."),
        string("description", OPTIONAL, "Queue description."),
        single_block("media_settings_call", MEDIA_SETTINGS, OPTIONAL_COMPUTED, "Call settings."),
        single_block(
            "agent_owned_routing",
            Block(
                boolean("enable_agent_owned_callbacks", OPTIONAL, "Agent-owned callbacks."),
                integer("max_owned_callback_hours", OPTIONAL, "Hours an agent owns a callback."),
                integer("max_owned_callback_delay_hours", OPTIONAL, "Maximum callback delay in hours."),
            ),
            OPTIONAL_COMPUTED,
            "Agent-owned routing.",
        ),
        single_block(
            "canned_response_libraries",
            Block(
                string(
                    "mode",
                    OPTIONAL_COMPUTED,
                    "Which libraries apply.",
                    one_of=("All", "SelectedOnly", "None"),
                ),
                string_set("library_ids", OPTIONAL, "Library ids, for SelectedOnly."),
            ),
            OPTIONAL,
            "Canned response libraries.",
        ),
        single_block(
            "media_settings_callback", CALLBACK_MEDIA_SETTINGS, OPTIONAL_COMPUTED, "Callback settings."
        ),
        single_block("media_settings_chat", MEDIA_SETTINGS, OPTIONAL_COMPUTED, "Chat settings."),
        single_block("media_settings_email", MEDIA_SETTINGS, OPTIONAL_COMPUTED, "Email settings."),
        single_block("media_settings_message", MEDIA_SETTINGS, OPTIONAL_COMPUTED, "Message settings."),
        block_list(
            "routing_rules",
            Block(
                string(
                    "operator",
                    OPTIONAL,
                    "Matching rule.",
                    default="MEETS_THRESHOLD",
                    one_of=("MEETS_THRESHOLD", "ANY"),
                ),
                integer("threshold", OPTIONAL, "Score needed (not used with ANY)."),
                number("wait_seconds", OPTIONAL, "Seconds in this rule.", default=5, range=Range(2, 259200)),
            ),
            OPTIONAL,
            "Routing rules for preferred agents.",
            max_items=6,
        ),
        block_list(
            "bullseye_rings",
            Block(
                number(
                    "expansion_timeout_seconds", REQUIRED, "Seconds in this ring.", range=Range(0, 259200)
                ),
                string_set("skills_to_remove", OPTIONAL, "Skill ids removed when leaving the ring."),
                block_set("member_groups", MEMBER_GROUP, OPTIONAL, "Member groups of the ring."),
            ),
            OPTIONAL,
            "Bullseye rings.",
            min_items=2,
            max_items=6,
        ),
        single_block("conditional_group_activation", CGA, OPTIONAL_COMPUTED, "Conditional group activation."),
        block_list(
            "conditional_group_routing_rules",
            Block(
                string("queue_id", OPTIONAL, "Queue evaluated (not for the first rule)."),
                string(
                    "operator",
                    OPTIONAL,
                    "Comparison.",
                    one_of=("GreaterThan", "LessThan", "GreaterThanOrEqualTo", "LessThanOrEqualTo"),
                ),
                string("metric", OPTIONAL, "Metric.", default="EstimatedWaitTime"),
                number("condition_value", OPTIONAL, "Limit.", range=Range(0, 259200)),
                integer(
                    "wait_seconds",
                    OPTIONAL,
                    "Seconds before the next rule.",
                    default=2,
                    range=Range(0, 259200),
                ),
                block_set("groups", MEMBER_GROUP, REQUIRED, "Groups to activate.", min_items=1),
            ),
            OPTIONAL,
            "Conditional group routing rules (deprecated in Terraform).",
            max_items=5,
        ),
        string(
            "acw_wrapup_prompt",
            OPTIONAL,
            "How agents are prompted for wrap-up.",
            default="MANDATORY_TIMEOUT",
            one_of=(
                "MANDATORY",
                "OPTIONAL",
                "MANDATORY_TIMEOUT",
                "MANDATORY_FORCED_TIMEOUT",
                "AGENT_REQUESTED",
            ),
        ),
        integer(
            "acw_timeout_ms",
            OPTIONAL_COMPUTED,
            "After-call work time in milliseconds.",
            range=Range(0, 86400000),
        ),
        string(
            "skill_evaluation_method",
            OPTIONAL,
            "Skill evaluation.",
            default="ALL",
            one_of=("NONE", "BEST", "ALL"),
        ),
        string("queue_flow_id", OPTIONAL, "In-queue flow for calls."),
        string("email_in_queue_flow_id", OPTIONAL, "In-queue flow for emails."),
        string("message_in_queue_flow_id", OPTIONAL, "In-queue flow for messages."),
        string("whisper_prompt_id", OPTIONAL, "Whisper prompt."),
        string("on_hold_prompt_id", OPTIONAL, "On-hold audio."),
        boolean("auto_answer_only", OPTIONAL, "Whisper only on auto-answered calls.", default=True),
        boolean("enable_transcription", OPTIONAL, "Voice transcription.", default=False),
        boolean("suppress_in_queue_call_recording", OPTIONAL, "Do not record calls in queue.", default=True),
        boolean("enable_audio_monitoring", OPTIONAL, "Audio monitoring."),
        string("peer_id", OPTIONAL, "Associated external queue."),
        string("source_queue_id", OPTIONAL, "Queue whose settings are copied on create."),
        boolean("enable_manual_assignment", OPTIONAL, "Manual assignment.", default=False),
        string("calling_party_name", OPTIONAL, "Caller name for outbound calls."),
        string("calling_party_number", OPTIONAL, "Caller number for outbound calls."),
        string(
            "scoring_method",
            OPTIONAL,
            "Scoring method.",
            default="TimestampAndPriority",
            one_of=("TimestampAndPriority", "PriorityOnly"),
        ),
        string_map("default_script_ids", OPTIONAL, "Default script id per communication type."),
        string("outbound_messaging_sms_address_id", OPTIONAL, "Outbound SMS address."),
        string(
            "outbound_messaging_open_messaging_recipient_id", OPTIONAL, "Outbound open messaging recipient."
        ),
        string("outbound_messaging_whatsapp_recipient_id", OPTIONAL, "Outbound WhatsApp recipient."),
        single_block(
            "outbound_email_address",
            Block(
                string("domain_id", REQUIRED, "Email domain."),
                string("route_id", REQUIRED, "Email route."),
            ),
            OPTIONAL,
            "Outbound email address (deprecated in Terraform).",
        ),
        boolean("ignore_members", OPTIONAL, "Leave queue members unmanaged.", conflicts_with=("members",)),
        block_set(
            "members",
            Block(
                string("user_id", REQUIRED, "User id."),
                integer("ring_num", OPTIONAL, "Ring number.", default=1, range=Range(1, 6)),
            ),
            OPTIONAL,
            "Queue members; when unset, members are not managed.",
        ),
        string_set("wrapup_codes", OPTIONAL_COMPUTED, "Wrap-up code ids; when unset, not managed."),
        single_block(
            "direct_routing",
            Block(
                string("backup_queue_id", OPTIONAL_COMPUTED, "Backup queue; this queue when unset."),
                integer("agent_wait_seconds", OPTIONAL, "Seconds to wait for the agent.", default=60),
                boolean("wait_for_agent", OPTIONAL, "Wait for the targeted agent.", default=False),
                boolean(
                    "call_use_agent_address_outbound", OPTIONAL, "Agent address for calls.", default=True
                ),
                boolean(
                    "email_use_agent_address_outbound", OPTIONAL, "Agent address for emails.", default=True
                ),
                boolean(
                    "message_use_agent_address_outbound",
                    OPTIONAL,
                    "Agent address for messages.",
                    default=True,
                ),
            ),
            OPTIONAL,
            "Direct routing settings.",
        ),
        string_set("skill_groups", OPTIONAL, "Skill group ids."),
        string_set("groups", OPTIONAL, "Group ids."),
        string_set("teams", OPTIONAL, "Team ids."),
        string(
            "last_agent_routing_mode",
            OPTIONAL_COMPUTED,
            "Last agent routing.",
            one_of=("Disabled", "QueueMembersOnly", "AnyAgent"),
        ),
    ),
)

DATA_SOURCES = (
    DataSourceSchema(
        tf_name="genesyscloud_routing_queue",
        description="Find a queue by name.",
        block=Block(string("name", REQUIRED, "Queue name.")),
    ),
)

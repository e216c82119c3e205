"""``genesyscloud_user`` and its data source (Terraform `user/`).

The nested blocks that are Optional+Computed are only managed when the program sets them.
"""

from gcx.provider.schema import (
    OPTIONAL,
    OPTIONAL_COMPUTED,
    REQUIRED,
    Block,
    DataSourceSchema,
    Pattern,
    Range,
    ResourceSchema,
    block_list,
    block_set,
    boolean,
    integer,
    number,
    single_block,
    string,
    string_set,
)
from gcx.provider.schemas.group import E164

ISO_DATE = Pattern(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "an ISO-8601 date (yyyy-MM-dd)")

PHONE_NUMBER = Block(
    string("number", OPTIONAL, "Phone number in E.164 format.", pattern=E164),
    string("media_type", OPTIONAL, "Media of the number.", default="PHONE", one_of=("PHONE", "SMS")),
    string(
        "type",
        OPTIONAL,
        "Kind of number.",
        default="WORK",
        one_of=("WORK", "WORK2", "WORK3", "WORK4", "HOME", "MOBILE", "OTHER"),
    ),
    string("extension", OPTIONAL, "Extension."),
    string("extension_pool_id", OPTIONAL, "Extension pool that holds the extension."),
)

OTHER_EMAIL = Block(
    string("address", REQUIRED, "Email address."),
    string("type", OPTIONAL, "Kind of address.", default="WORK", one_of=("WORK", "HOME")),
)

MEDIA_UTILIZATION = Block(
    integer("maximum_capacity", REQUIRED, "Conversations of this media at once.", range=Range(0, 25)),
    string_set("interruptible_media_types", OPTIONAL, "Media types that may interrupt this one."),
    boolean("include_non_acd", OPTIONAL, "Also block on non-ACD conversations.", default=False),
)

LABEL_UTILIZATION = Block(
    string("label_id", REQUIRED, "Label id."),
    integer("maximum_capacity", REQUIRED, "Conversations with this label at once.", range=Range(0, 25)),
    string_set("interrupting_label_ids", OPTIONAL, "Labels that may interrupt this one."),
)

RESOURCE = ResourceSchema(
    tf_name="genesyscloud_user",
    description="A Genesys Cloud user.",
    block=Block(
        string("email", REQUIRED, "Primary email, also the user name."),
        string("name", REQUIRED, "Full name."),
        string(
            "password", OPTIONAL, "Initial password (only used when the user is created).", sensitive=True
        ),
        string("state", OPTIONAL, "Account state.", default="active", one_of=("active", "inactive")),
        string("division_id", OPTIONAL_COMPUTED, "Division of the user; the home division when unset."),
        string("department", OPTIONAL, "Department."),
        string("title", OPTIONAL, "Job title."),
        string("manager", OPTIONAL, "User id of the manager."),
        boolean("acd_auto_answer", OPTIONAL, "Auto-answer ACD interactions.", default=False),
        block_set(
            "routing_skills",
            Block(
                string("skill_id", REQUIRED, "Routing skill id."),
                number("proficiency", REQUIRED, "Proficiency from 0 to 5.", range=Range(0, 5)),
            ),
            OPTIONAL_COMPUTED,
            "Skills and proficiencies; when unset, skills are not managed.",
        ),
        block_set(
            "routing_languages",
            Block(
                string("language_id", REQUIRED, "Routing language id."),
                integer(
                    "proficiency", REQUIRED, "Proficiency from 0 to 5 (whole numbers).", range=Range(0, 5)
                ),
            ),
            OPTIONAL_COMPUTED,
            "Languages and proficiencies; when unset, languages are not managed.",
        ),
        block_set(
            "locations",
            Block(
                string("location_id", REQUIRED, "Location id."),
                string("notes", OPTIONAL, "Notes about the user's place there."),
            ),
            OPTIONAL_COMPUTED,
            "Locations of the user; when unset, locations are not managed.",
        ),
        single_block(
            "addresses",
            Block(
                block_set("other_emails", OTHER_EMAIL, OPTIONAL, "Additional email addresses."),
                block_set("phone_numbers", PHONE_NUMBER, OPTIONAL, "Phone numbers."),
            ),
            OPTIONAL_COMPUTED,
            "Addresses; when unset, addresses are not managed.",
        ),
        string_set("profile_skills", OPTIONAL_COMPUTED, "Profile skills."),
        string_set("certifications", OPTIONAL_COMPUTED, "Certifications."),
        single_block(
            "employer_info",
            Block(
                string("official_name", OPTIONAL, "Official name."),
                string("employee_id", OPTIONAL, "Employee id."),
                string(
                    "employee_type",
                    OPTIONAL,
                    "Employment type.",
                    one_of=("Full-time", "Part-time", "Contractor"),
                ),
                string("date_hire", OPTIONAL, "Hire date.", pattern=ISO_DATE),
            ),
            OPTIONAL_COMPUTED,
            "Employer information.",
        ),
        single_block(
            "routing_utilization",
            Block(
                single_block("call", MEDIA_UTILIZATION, OPTIONAL_COMPUTED, "Call settings."),
                single_block("callback", MEDIA_UTILIZATION, OPTIONAL_COMPUTED, "Callback settings."),
                single_block("message", MEDIA_UTILIZATION, OPTIONAL_COMPUTED, "Message settings."),
                single_block("email", MEDIA_UTILIZATION, OPTIONAL_COMPUTED, "Email settings."),
                single_block("chat", MEDIA_UTILIZATION, OPTIONAL_COMPUTED, "Chat settings."),
                block_list("label_utilizations", LABEL_UTILIZATION, OPTIONAL_COMPUTED, "Per-label settings."),
            ),
            OPTIONAL_COMPUTED,
            "Utilization settings; the org defaults when empty.",
        ),
        single_block(
            "voicemail_userpolicies",
            Block(
                integer("alert_timeout_seconds", OPTIONAL, "Seconds to ring before voicemail."),
                boolean("send_email_notifications", OPTIONAL_COMPUTED, "Email on new voicemail."),
            ),
            OPTIONAL_COMPUTED,
            "Voicemail policies.",
        ),
    ),
)

DATA_SOURCES = (
    DataSourceSchema(
        tf_name="genesyscloud_user",
        description="Find a user by email or name (email wins when both are given).",
        block=Block(
            string("email", OPTIONAL, "User email."),
            string("name", OPTIONAL, "User name."),
        ),
    ),
)

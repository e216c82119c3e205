"""SMS numbers of one org: a long code found by area code and a toll-free number by vanity.

Config: `region`, `clientId`, `clientSecret` (secret); `contentProfile` (the long code's supported
content profile) and `areaCode` steer the variants the tests need.
"""

import pulumi

from gcx.dynamic import GenesysConnectionArgs, SmsNumberSearchArgs, SmsPhoneNumber

config = pulumi.Config()
connection = GenesysConnectionArgs(
    aws_region=config.require("region"),
    oauthclient_id=config.require("clientId"),
    oauthclient_secret=config.require_secret("clientSecret"),
)
long_code = SmsPhoneNumber(
    "long-code",
    connection=connection,
    phone_number_type="local",
    country_code="us",
    search=SmsNumberSearchArgs(area_code=config.get("areaCode") or "317", ends_with="01"),
    supported_content_id=config.get("contentProfile"),
)
toll_free = SmsPhoneNumber(
    "toll-free",
    connection=connection,
    phone_number_type="tollfree",
    country_code="US",
    search=SmsNumberSearchArgs(vanity="CALL"),
)
pulumi.export("longCode", long_code.phone_number)
pulumi.export("longCodeId", long_code.phone_number_id)
pulumi.export("longCodeState", long_code.provisioning_state)
pulumi.export("tollFree", toll_free.phone_number)

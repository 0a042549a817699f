"""The SAM transform on the template for every combination of its optional features, and what each must hold.

`sam validate --lint` says "valid" of templates the transform itself refuses; CloudFormation runs the
transform (aws-sam-translator, the SAM CLI's own) at `sam deploy`'s change set. So this runs it here, once per
combination of the optional parameters, then evaluates the result's conditions for that combination as
CloudFormation would and checks the facts docs/deploy.md promises: every reference resolves, mutual TLS turns
the default endpoint off, the ERP's API is never behind the Salesforce API's CIDRs or mutual TLS, and so on.

Usage (./dev check-template): python sam_transform_matrix.py [TEMPLATE]   default .aws-sam/build/template.yaml
Exits 1 naming each combination that fails and why.
"""
import copy
import itertools
import logging
import os
import re
import sys
from concurrent.futures import ProcessPoolExecutor

os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")
# the translator warns of its unpublished metrics on every run; its errors are exceptions
logging.getLogger("samtranslator").addHandler(logging.NullHandler())
logging.getLogger("samtranslator").propagate = False

from samtranslator.model.exceptions import InvalidDocumentException  # noqa: E402
from samtranslator.translator.transform import transform  # noqa: E402
from samtranslator.yaml_helper import yaml_parse  # noqa: E402

REQUIRED = {
    "AllowedOrgIds": "00D000000000001EAA,00D000000000002EAA",
    "ErpBaseUrl": "https://erp.example.com/api",
    "ErpSecretArn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:sfbridge/erp-AbCdEf",
    "SalesforceOrgId": "00D000000000002EAA",  # not the first allowed org: the generated key must follow it
    "SalesforceSecretArn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:sfbridge/salesforce-AbCdEf",
    "ErpEventsSecretArn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:sfbridge/erp-events-AbCdEf",
}
DOMAIN = {"CustomDomainName": "sfbridge.example.com",
          "CustomDomainCertificateArn": "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d"}
# every optional feature, each with the settings it is tried in; the first one is the default
FEATURES = {
    "custom domain": {"none": {}, "domain": DOMAIN,
                      "domain+mTLS": {**DOMAIN, "MutualTlsTruststoreUri": "s3://truststores/salesforce.pem"}},
    "caller CIDRs": {"open": {}, "allowlist": {"CallerCidrs": "192.0.2.0/24,198.51.100.0/24"}},
    "ERP caller CIDRs": {"open": {}, "allowlist": {"ErpCallerCidrs": "203.0.113.0/24"}},
    "alarm topic": {"none": {}, "topic": {"AlarmTopicArn": "arn:aws:sns:eu-west-1:123456789012:sfbridge-alarms"}},
    "KMS key": {"AWS-managed": {}, "customer key": {
        "KmsKeyArn": "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}},
    "tracing": {"Disabled": {}, "Active": {"Tracing": "Active"}, "PassThrough": {"Tracing": "PassThrough"}},
    "listener reserved concurrency": {"50": {}, "none": {"ListenerReservedConcurrency": "0"}},
    "API Gateway logging role": {"created": {}, "the account's": {"CreateApiGatewayLoggingRole": "false"}},
    "sender verification": {"url-secret, created keys": {}, "url-secret, given keys": {
        "EndpointKeysSecretArn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:sfbridge/endpoint-keys-AbCdEf"},
        "session": {"SenderVerification": "session"}},
    "request-reply auth": {"AWS_IAM": {}, "JwtAuthorizer": {
        "RequestReplyAuth": "JwtAuthorizer",
        "RequestReplyJwtPublicKeys": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
        "RequestReplyJwtIssuer": "3MVG9SFBridgeConsumerKey",
        "RequestReplyJwtAudience": "https://abc123.execute-api.eu-west-1.amazonaws.com/prod"}},
}
# the deploy-time rules a sender verification needs: their names, as the template must keep them
SENDER_RULES = {"MtlsNeedsMutualTls", "SenderUsersNeedSessions", "JwtAuthorizerNeedsItsKey"}
# optional parameters that are plain values, not features that add or remove resources
PLAIN_VALUES = {"SalesforceInstanceDomains", "AllowedSenderUserIds", "SalesforceAuthFlow", "SalesforceLoginUrl", "LogRetentionDays",
                "CustomDomainCertificateArn", "MutualTlsTruststoreUri", "RequestReplyDeadlineMillis",
                "PublishPlatformEvents", "WorkerBatchSize", "NotificationsPerMessage", "FetchRecordsFor", "SyncSchedule", "SyncStalledAfterHours"}
PSEUDO_PARAMETERS = {"AWS::AccountId", "AWS::Region", "AWS::StackName", "AWS::StackId", "AWS::Partition",
                     "AWS::URLSuffix", "AWS::NoValue", "AWS::NotificationARNs"}
# what reads or writes many items of a table in one request: no function's grant on the idempotency table has one
TABLE_WIDE_ACTIONS = {"Scan", "Query", "BatchWriteItem", "BatchGetItem", "PartiQLSelect", "PartiQLUpdate", "PartiQLDelete",
                      "PartiQLInsert", "ExecuteStatement", "BatchExecuteStatement"}
NO_VALUE = object()
MAX_MESSAGE_SIZE = 1048576
# the listener refuses shorter keys (EndpointKeyCheck.MIN_KEY_LENGTH)
MIN_ENDPOINT_KEY_LENGTH = 32


class ManagedPolicies:
    def load(self):
        return {}


def code_on_s3(node):
    """`sam deploy` uploads CodeUri/ContentUri and puts their S3 location in the template: so does this."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("CodeUri", "ContentUri") and isinstance(value, str):
                node[key] = "s3://sfbridge-artifacts/" + (value.strip("./") or "code")
            else:
                code_on_s3(value)
    elif isinstance(node, list):
        for value in node:
            code_on_s3(value)


class Effective:
    """The transformed template as CloudFormation would create it with these parameters: conditions
    evaluated, resources whose condition is false left out, Fn::If branches chosen, AWS::NoValue removed."""

    def __init__(self, template, parameters):
        self.parameters = {name: value.split(",") if template["Parameters"].get(name, {}).get("Type") == "CommaDelimitedList"
                           else value for name, value in parameters.items()}
        self.conditions = {}
        for name in template.get("Conditions", {}):
            self.condition(template["Conditions"], name)
        self.resources = {rid: self.value(r) for rid, r in template["Resources"].items()
                          if "Condition" not in r or self.conditions[r["Condition"]]}
        self.outputs = {oid: self.value(o) for oid, o in template.get("Outputs", {}).items()
                        if "Condition" not in o or self.conditions[o["Condition"]]}
        self.rules = template.get("Rules", {})

    def condition(self, all_conditions, name):
        if name not in self.conditions:
            self.conditions[name] = self.truth(all_conditions, all_conditions[name])
        return self.conditions[name]

    def truth(self, all_conditions, node):
        (function, argument), = node.items()
        if function == "Condition":
            return self.condition(all_conditions, argument)
        if function == "Fn::Not":
            return not self.truth(all_conditions, argument[0])
        if function == "Fn::And":
            return all(self.truth(all_conditions, a) for a in argument)
        if function == "Fn::Or":
            return any(self.truth(all_conditions, a) for a in argument)
        if function == "Fn::Equals":
            left, right = (self.value(a) for a in argument)
            return str(left) == str(right)
        raise ValueError("condition function " + function)

    def value(self, node):
        if isinstance(node, list):
            return [v for v in (self.value(item) for item in node) if v is not NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            (function, argument), = node.items()
            if function == "Fn::If":
                name, when_true, when_false = argument
                return self.value(when_true if self.conditions[name] else when_false)
            if function == "Ref" and argument == "AWS::NoValue":
                return NO_VALUE
            if function == "Ref" and argument in self.parameters:
                return self.parameters[argument]
            if function == "Fn::Join":
                separator, parts = self.value(argument)
                return separator.join(str(p) for p in parts) if isinstance(parts, list) else node
        return {k: v for k, v in ((k, self.value(v)) for k, v in node.items()) if v is not NO_VALUE}

    def of_type(self, resource_type):
        return {rid: r.get("Properties", {}) for rid, r in self.resources.items() if r["Type"] == resource_type}


def references(node):
    """Every resource or parameter name the node refers to (Ref, Fn::GetAtt, ${...} of Fn::Sub)."""
    if isinstance(node, list):
        for item in node:
            yield from references(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "Ref" and isinstance(value, str):
                yield value
            elif key == "Fn::GetAtt":
                yield (value.split(".")[0] if isinstance(value, str) else value[0])
            elif key == "Fn::Sub":
                text, variables = (value, {}) if isinstance(value, str) else value
                for name in re.findall(r"\$\{([^}!]+)}", text):
                    if name not in variables:
                        yield name.split(".")[0] if not name.startswith("AWS::") else name
                yield from references(variables)
            else:
                yield from references(value)


def body(properties, extension):
    """An x-amazon-apigateway-* extension of the API's OpenAPI body, where SAM puts most of the API's settings."""
    return properties.get("Body", {}).get("x-amazon-apigateway-" + extension, {})


def policy_text(properties):
    return repr(body(properties, "policy"))


def listener_role(effective):
    """The logical ID of the listener's execution role, as SAM names it."""
    role = effective.resources.get("OutboundListenerFunction", {}).get("Properties", {}).get("Role", {})
    return role.get("Fn::GetAtt", [None])[0] if isinstance(role, dict) else None


def jwt_authorizer_failures(effective, request_reply):
    """The request-reply API's JWT authorizer: a TOKEN authorizer on the Authorization header, uncached, that calls
    the authorizer function (its ARN, not its alias: see template.yaml), which API Gateway may invoke and which is given the stack's key parameters."""
    failures = []
    scheme = request_reply.get("Body", {}).get("securityDefinitions", {}).get("JwtAuthorizer", {})
    authorizer = scheme.get("x-amazon-apigateway-authorizer", {})
    if (scheme.get("name"), scheme.get("in"), authorizer.get("type"), authorizer.get("authorizerResultTtlInSeconds")) \
            != ("Authorization", "header", "token", 0):
        failures.append(f"the JWT authorizer is not an uncached TOKEN authorizer on Authorization: {scheme}")
    if "'JwtAuthorizerFunction', 'Arn'" not in repr(authorizer.get("authorizerUri")):
        failures.append(f"the JWT authorizer does not call the authorizer function: {authorizer.get('authorizerUri')}")
    permissions = [p for p in effective.of_type("AWS::Lambda::Permission").values()
                   if p.get("FunctionName") == {"Fn::GetAtt": ["JwtAuthorizerFunction", "Arn"]}]
    if len(permissions) != 1 or permissions[0].get("Principal") != "apigateway.amazonaws.com" \
            or "RequestReplyApi" not in repr(permissions[0].get("SourceArn")):
        failures.append(f"API Gateway's permission to call the JWT authorizer: {permissions}")
    variables = effective.resources.get("JwtAuthorizerFunction", {}).get("Properties", {}) \
        .get("Environment", {}).get("Variables", {})
    expected = {"JWT_PUBLIC_KEYS": "RequestReplyJwtPublicKeys", "JWT_ISSUER": "RequestReplyJwtIssuer",
                "JWT_AUDIENCE": "RequestReplyJwtAudience"}
    for variable, parameter in expected.items():
        if variables.get(variable) != effective.parameters.get(parameter):
            failures.append(f"the JWT authorizer's {variable} is not the parameter {parameter}")
    return failures


def endpoint_keys_failures(effective, sender_verification, listener):
    """url-secret's keys: the secret given, or else one the stack creates with a key for SalesforceOrgId; the
    listener's ENDPOINT_KEYS_SECRET_ARN and its role's GetSecretValue name that one, and no other."""
    failures = []
    given_arn = FEATURES["sender verification"]["url-secret, given keys"]["EndpointKeysSecretArn"]
    created = effective.of_type("AWS::SecretsManager::Secret")
    creates = sender_verification == "url-secret, created keys"
    if set(created) != ({"EndpointKeysSecret"} if creates else set()):
        failures.append(f"the stack creates the secrets {sorted(created)}")
    for properties in created.values():
        generated = properties.get("GenerateSecretString", {})
        org = effective.parameters["SalesforceOrgId"]
        if (generated.get("SecretStringTemplate"), generated.get("GenerateStringKey"), generated.get("ExcludePunctuation")) \
                != ("{}", org, True) or int(generated.get("PasswordLength", 32)) < MIN_ENDPOINT_KEY_LENGTH:
            failures.append(f"the created secret is not {{\"{org}\" (SalesforceOrgId): <a URL-safe key of {MIN_ENDPOINT_KEY_LENGTH}+"
                            f" characters>}}: {generated}")
    expected = {"url-secret, created keys": {"Ref": "EndpointKeysSecret"}, "url-secret, given keys": given_arn,
                "session": ""}[sender_verification]
    variable = listener.get("Environment", {}).get("Variables", {}).get("ENDPOINT_KEYS_SECRET_ARN")
    if variable != expected:
        failures.append(f"the listener's ENDPOINT_KEYS_SECRET_ARN is {variable!r}, not {expected!r}")
    role = repr(effective.resources.get(listener_role(effective), {}))
    reads = {"given": given_arn in role, "created": "'Ref': 'EndpointKeysSecret'" in role}
    should = {"given": sender_verification == "url-secret, given keys", "created": creates}
    for secret in reads:
        if reads[secret] != should[secret]:
            failures.append(f"the listener's role {'reads' if reads[secret] else 'cannot read'} the {secret} endpoint keys' secret")
    if ("EndpointKeysSecret" in effective.outputs) != creates or "OutboundMessageEndpoint" not in effective.outputs:
        failures.append(f"the outputs are {sorted(effective.outputs)}: the created secret's ARN or the endpoint is missing")
    return failures


def idempotency_table_failures(effective):
    """Every role's grants on the idempotency table (docs/deploy.md, "Least privilege"): each one limited to its
    function's key prefixes by dynamodb:LeadingKeys, and none that reads or writes many items at once."""
    failures = []
    for rid, role in effective.of_type("AWS::IAM::Role").items():
        for policy in role.get("Policies", []):
            statements = policy.get("PolicyDocument", {}).get("Statement", [])
            for statement in statements if isinstance(statements, list) else [statements]:
                actions = statement.get("Action", [])
                actions = [actions] if isinstance(actions, str) else actions
                resource = repr(statement.get("Resource"))
                if statement.get("Effect") != "Allow" or not any(a.lower().startswith("dynamodb:") or a == "*" for a in actions) \
                        or ("IdempotencyTable" not in resource and "'*'" not in resource):
                    continue
                wide = [a for a in actions if "*" in a or a.split(":")[-1] in TABLE_WIDE_ACTIONS]
                if wide:
                    failures.append(f"{rid} may {', '.join(wide)} on the idempotency table")
                prefixes = statement.get("Condition", {}).get("ForAllValues:StringLike", {}).get("dynamodb:LeadingKeys")
                if not prefixes or any(not p.endswith("#*") or "*" in p[:-1] for p in prefixes):
                    failures.append(f"{rid}'s grant on the idempotency table is not limited to key prefixes: {prefixes}")
    return failures


def check(effective, features):
    """What must hold in this combination; each failure as a sentence."""
    failures = []
    known = set(effective.parameters) | PSEUDO_PARAMETERS | set(effective.resources)
    for rid, resource in list(effective.resources.items()) + list(effective.outputs.items()):
        depends = resource.get("DependsOn", []) if isinstance(resource, dict) else []
        for name in set(references(resource)) | set([depends] if isinstance(depends, str) else depends):
            if name not in known:
                failures.append(f"{rid} refers to {name}, which this combination does not create")

    apis = effective.of_type("AWS::ApiGateway::RestApi")
    if set(apis) != {"Api", "ErpApi", "RequestReplyApi"}:
        return failures + [f"the REST APIs are {sorted(apis)}, not Api, ErpApi and RequestReplyApi"]
    salesforce, erp, request_reply = apis["Api"], apis["ErpApi"], apis["RequestReplyApi"]
    routes = {api: sorted(properties.get("Body", {}).get("paths", {})) for api, properties in apis.items()}
    if routes != {"Api": ["/outbound-messages"], "ErpApi": ["/erp/order-events"],
                  "RequestReplyApi": ["/accounts/{accountNumber}/billing-history", "/openapi.yaml", "/orders", "/soap"]}:
        failures.append(f"the APIs' routes are {routes}: Salesforce's, the ERP's and the request-reply ones are not apart")
    authorizer = features["request-reply auth"]
    for path, methods in request_reply.get("Body", {}).get("paths", {}).items():
        for method, operation in methods.items():
            if operation.get("security") != [{authorizer: []}]:
                failures.append(f"{method.upper()} {path} is not authorized by {authorizer}: {operation.get('security')}")
            if "credentials" in operation.get("x-amazon-apigateway-integration", {}):
                failures.append(f"{method.upper()} {path} invokes the function with the caller's credentials")
    failures += jwt_authorizer_failures(effective, request_reply)
    failures += idempotency_table_failures(effective)
    if policy_text(request_reply) not in ("", "{}", "None"):
        failures.append("the request-reply API has a resource policy: IAM authorization alone decides who calls it")
    domains = effective.of_type("AWS::ApiGateway::DomainName")
    mappings = effective.of_type("AWS::ApiGateway::BasePathMapping")
    domain, mtls = features["custom domain"] != "none", features["custom domain"] == "domain+mTLS"
    if len(domains) != domain or len(mappings) != domain:
        failures.append(f"{len(domains)} custom domains and {len(mappings)} base path mappings")
    for mapping in mappings.values():
        if mapping.get("RestApiId") != {"Ref": "Api"} or mapping.get("DomainName", {}).get("Ref") not in domains:
            failures.append("the base path mapping does not map the Salesforce API on the custom domain")
    for properties in domains.values():
        if bool(properties.get("MutualTlsAuthentication", {}).get("TruststoreUri")) != mtls:
            failures.append(f"the custom domain's mutual TLS is {'off' if mtls else 'on'}")
    if bool(body(salesforce, "endpoint-configuration").get("disableExecuteApiEndpoint")) != mtls:
        failures.append("the Salesforce API's default endpoint is " + ("on: a way around mutual TLS" if mtls else "off"))
    if body(erp, "endpoint-configuration").get("disableExecuteApiEndpoint"):
        failures.append("the ERP API's only endpoint is off")
    if ("192.0.2.0/24" in policy_text(salesforce)) != (features["caller CIDRs"] == "allowlist"):
        failures.append("the Salesforce API's resource policy does not follow CallerCidrs")
    if "192.0.2.0/24" in policy_text(erp):
        failures.append("Salesforce's caller CIDRs lock the ERP API")
    if ("203.0.113.0/24" in policy_text(erp)) != (features["ERP caller CIDRs"] == "allowlist"):
        failures.append("the ERP API's resource policy does not follow ErpCallerCidrs")
    if "text/xml" not in body(salesforce, "binary-media-types"):
        failures.append("the Salesforce API passes text/xml bodies decoded, not as their bytes")
    if "text/xml" not in body(request_reply, "binary-media-types"):
        failures.append("the request-reply API passes POST /soap's text/xml bodies decoded, not as their bytes")

    stages = effective.of_type("AWS::ApiGateway::Stage")
    for sid, stage in stages.items():
        log = stage.get("AccessLogSetting", {})
        if not log.get("DestinationArn") or "$context.requestId" not in log.get("Format", ""):
            failures.append(f"{sid} writes no access log with the request ID")
        traced = features["tracing"] == "Active"
        if stage.get("RestApiId") == {"Ref": "Api"} and features["sender verification"].startswith("url-secret"):
            traced = False  # X-Ray would keep the endpoint key in each traced URL's query string
        if bool(stage.get("TracingEnabled")) != traced:
            failures.append(f"{sid}'s tracing is {bool(stage.get('TracingEnabled'))}, not {traced} (Tracing, SenderVerification)")

    functions = effective.of_type("AWS::Lambda::Function")
    for fid, function in functions.items():
        mode = function.get("TracingConfig", {}).get("Mode")
        expected = None if features["tracing"] == "Disabled" else {"Ref": "Tracing"}
        if mode != expected and mode != features["tracing"]:
            failures.append(f"{fid}'s tracing mode is {mode}")
    reserved = functions.get("OutboundListenerFunction", {}).get("ReservedConcurrentExecutions")
    if str(reserved) != {"50": "50", "none": "None"}[features["listener reserved concurrency"]]:
        failures.append(f"the listener's reserved concurrency is {reserved}")

    listener = functions.get("OutboundListenerFunction", {})
    mode = listener.get("Environment", {}).get("Variables", {}).get("SENDER_VERIFICATION")
    if mode != effective.parameters.get("SenderVerification"):
        failures.append(f"the listener's SENDER_VERIFICATION is {mode}, not the SenderVerification parameter")
    senders = listener.get("Environment", {}).get("Variables", {}).get("ALLOWED_SENDER_USER_IDS")
    if senders != effective.parameters.get("AllowedSenderUserIds"):
        failures.append(f"the listener's ALLOWED_SENDER_USER_IDS is {senders!r}, not the AllowedSenderUserIds parameter")
    failures += endpoint_keys_failures(effective, features["sender verification"], listener)
    callbacks = functions.get("SalesforceCallbackFunction", {}).get("Environment", {}).get("Variables", {})
    if callbacks.get("PLATFORM_EVENTS_ENABLED") != effective.parameters.get("PublishPlatformEvents"):
        failures.append("the callbacks' PLATFORM_EVENTS_ENABLED does not follow PublishPlatformEvents")
    if not SENDER_RULES <= set(effective.rules):
        failures.append(f"the template's rules are {sorted(effective.rules)}: a sender verification could deploy without what it needs")

    kms = features["KMS key"] == "customer key"
    queues = effective.of_type("AWS::SQS::Queue")
    for qid, queue in queues.items():
        if bool(queue.get("KmsMasterKeyId")) != kms or bool(queue.get("SqsManagedSseEnabled")) == kms:
            failures.append(f"{qid}'s encryption does not follow KmsKeyArn")
        if queue.get("MaximumMessageSize") != MAX_MESSAGE_SIZE:
            failures.append(f"{qid} takes messages up to {queue.get('MaximumMessageSize')} bytes, not SQS's 1 MiB")
    for tid, table in effective.of_type("AWS::DynamoDB::Table").items():
        if bool(table.get("SSESpecification", {}).get("KMSMasterKeyId")) != kms:
            failures.append(f"{tid}'s encryption does not follow KmsKeyArn")
    for lid, group in effective.of_type("AWS::Logs::LogGroup").items():
        if bool(group.get("KmsKeyId")) != kms:
            failures.append(f"{lid}'s encryption does not follow KmsKeyArn")
    return failures


def combinations():
    names = list(FEATURES)
    for choice in itertools.product(*(FEATURES[n].items() for n in names)):
        features = {name: label for name, (label, _) in zip(names, choice)}
        parameters = dict(REQUIRED)
        for _, settings in choice:
            parameters.update(settings)
        yield features, parameters


def untried_parameters(template):
    tried = set(REQUIRED) | PLAIN_VALUES | {p for f in FEATURES.values() for s in f.values() for p in s}
    return sorted(set(template.get("Parameters", {})) - tried)


def outcome(source, defaults, features, parameters):
    """None if this combination transforms and holds, else why not."""
    values = {**defaults, **parameters}
    try:
        transformed = transform(copy.deepcopy(source), values, ManagedPolicies())
    except InvalidDocumentException as e:
        return "the SAM transform refuses it: " + " | ".join(str(cause) for cause in e.causes)
    except Exception as e:  # the transform's own errors have other types too
        return f"the SAM transform failed: {type(e).__name__}: {e}"
    failures = check(Effective(transformed, values), features)
    return "; ".join(failures) if failures else None


# what each worker process transforms against, given once to each (initializer) rather than with every combination
_template = {}


def _share(source, defaults):
    _template.update(source=source, defaults=defaults)


def _outcome(combination):
    return outcome(_template["source"], _template["defaults"], *combination)


def main(path):
    source = yaml_parse(open(path).read())
    code_on_s3(source)
    untried = untried_parameters(source)
    if untried:
        print(f"{path}: parameters no combination tries: {', '.join(untried)} (add them to FEATURES or PLAIN_VALUES)")
        return 1
    defaults = {name: str(p["Default"]) for name, p in source["Parameters"].items() if "Default" in p}
    everything = list(combinations())
    failed = 0
    # the transform is almost all of the time (some 70 ms a combination, thousands of them): one process per core
    with ProcessPoolExecutor(os.cpu_count(), initializer=_share, initargs=(source, defaults)) as workers:
        for (features, _), why in zip(everything, workers.map(_outcome, everything, chunksize=16)):
            if why:
                failed += 1
                print(f"FAIL [{'; '.join(f'{name}: {label}' for name, label in features.items())}] {why}")
    print(f"{path}: {len(everything) - failed} of {len(everything)} combinations transform and hold")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ".aws-sam/build/template.yaml"))

"""The checks of localstack/ci.sh that need an AWS SDK: boto3 against the LocalStack in AWS_ENDPOINT_URL.

  dead-letter QUEUE                     puts a dead letter with a new notification ID in QUEUE; prints the ID
  moved ID FROM TO                      checks the dead letter ID left FROM and is in TO
  secrets NAME...                       checks the secrets exist; prints their ARNs, one a line
  bucket NAME                           creates the S3 bucket
  expected-resources TEMPLATE K=V...    (SAM CLI's Python) the logical IDs CloudFormation creates for the
                                        packaged TEMPLATE with these parameters: the SAM transform applied,
                                        resources whose Condition is false left out
  change-set TEMPLATE BUCKET EXPECTED K=V...
                                        creates a CREATE change set of TEMPLATE (put in BUCKET, as sam deploy puts
                                        it) in LocalStack and checks it lists the logical IDs of the file EXPECTED,
                                        no more, no fewer
Exit status 1 and one line on standard error when a check fails.
"""
import json
import sys
import time
import uuid

import boto3

DEADLINE_SECONDS = 60


def fail(message):
    print("ci_checks: " + message, file=sys.stderr)
    sys.exit(1)


def queue_url(sqs, name):
    return sqs.get_queue_url(QueueName=name)["QueueUrl"]


def bodies(sqs, url):
    """Every message of the queue: received until none is left, and not visible again before LocalStack stops."""
    found = []
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=600).get("Messages", [])
        if not messages:
            return found
        found.extend(m["Body"] for m in messages)
    fail(f"{url} kept answering messages for {DEADLINE_SECONDS} s")


def dead_letter(queue):
    sqs = boto3.client("sqs")
    notification_id = "04l" + uuid.uuid4().hex[:15].upper()
    # what the worker dead-letters: a notification it could not map, with the reason attached (docs/runbook.md)
    sqs.send_message(QueueUrl=queue_url(sqs, queue), MessageBody=json.dumps({"notificationId": notification_id}),
                     MessageAttributes={"sfbridge-failure-reason": {"DataType": "String",
                                                                    "StringValue": "put there by localstack/ci.sh"}})
    print(notification_id)


def moved(notification_id, source, destination):
    sqs = boto3.client("sqs")
    if any(notification_id in body for body in bodies(sqs, queue_url(sqs, source))):
        fail(f"{notification_id} is still in {source}")
    if not any(notification_id in body for body in bodies(sqs, queue_url(sqs, destination))):
        fail(f"{notification_id} is not in {destination}")


def secrets(names):
    manager = boto3.client("secretsmanager")
    for name in names:
        try:
            print(manager.describe_secret(SecretId=name)["ARN"])
        except manager.exceptions.ResourceNotFoundException:
            fail(f"no secret {name} in {manager.meta.endpoint_url}")


def parameters(pairs):
    return dict(pair.split("=", 1) for pair in pairs)


def condition_values(template, values):
    """The template's conditions evaluated for these parameter values (the functions its conditions use)."""
    params = {name: values.get(name, spec.get("Default", "")) for name, spec in template.get("Parameters", {}).items()}
    for name, spec in template.get("Parameters", {}).items():
        if spec.get("Type") == "CommaDelimitedList":
            params[name] = params[name].split(",")
    conditions = template.get("Conditions", {})
    results = {}

    def evaluate(node):
        if isinstance(node, dict) and len(node) == 1:
            (function, argument), = node.items()
            if function == "Ref":
                return params[argument]
            if function == "Condition":
                return condition(argument)
            if function == "Fn::Equals":
                return evaluate(argument[0]) == evaluate(argument[1])
            if function == "Fn::Not":
                return not evaluate(argument[0])
            if function == "Fn::And":
                return all(evaluate(a) for a in argument)
            if function == "Fn::Or":
                return any(evaluate(a) for a in argument)
            if function == "Fn::Join":
                return argument[0].join(evaluate(argument[1]))
            fail(f"a condition uses {function}, which this check does not evaluate")
        return node

    def condition(name):
        if name not in results:
            results[name] = bool(evaluate(conditions[name]))
        return results[name]

    return {name: condition(name) for name in conditions}


def expected_resources(template_file, pairs):
    from samtranslator.translator.managed_policy_translator import ManagedPolicyLoader
    from samtranslator.translator.transform import transform

    with open(template_file) as f:
        template = json.load(f)
    values = parameters(pairs)
    transformed = transform(template, values, ManagedPolicyLoader(boto3.client("iam")))
    conditions = condition_values(transformed, values)
    for logical_id, resource in sorted(transformed["Resources"].items()):
        if conditions.get(resource.get("Condition"), True):
            print(logical_id)


def change_set(template_file, bucket, expected_file, pairs):
    cloudformation = boto3.client("cloudformation")
    with open(expected_file) as f:
        expected = set(f.read().split())
    # as sam deploy does: the template from S3 (a TemplateBody may not exceed 51,200 bytes), by its AWS URL
    key = "ci/" + uuid.uuid4().hex + ".template"
    boto3.client("s3").upload_file(template_file, bucket, key)
    created = cloudformation.create_change_set(
        StackName="sfbridge-ci", ChangeSetName="ci-" + uuid.uuid4().hex[:8], ChangeSetType="CREATE",
        TemplateURL=f"https://{bucket}.s3.amazonaws.com/{key}",
        Capabilities=["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"],
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters(pairs).items()])
    deadline = time.monotonic() + DEADLINE_SECONDS
    while True:
        described = cloudformation.describe_change_set(ChangeSetName=created["Id"])
        if described["Status"] == "CREATE_COMPLETE":
            break
        if described["Status"] == "FAILED":
            fail(f"the change set failed: {described.get('StatusReason')}")
        if time.monotonic() > deadline:
            fail(f"the change set is still {described['Status']} after {DEADLINE_SECONDS} s")
        time.sleep(0.5)
    listed = {change["ResourceChange"]["LogicalResourceId"] for change in described["Changes"]}
    if listed != expected:
        fail(f"the change set lists {len(listed)} resources, the template {len(expected)}: missing "
             f"{sorted(expected - listed)}, not in the template {sorted(listed - expected)}")
    print(f"the change set creates the template's {len(listed)} resources: {', '.join(sorted(listed))}")


def main(args):
    commands = {
        "dead-letter": lambda a: dead_letter(*a),
        "moved": lambda a: moved(*a),
        "secrets": secrets,
        "bucket": lambda a: boto3.client("s3").create_bucket(Bucket=a[0]),
        "expected-resources": lambda a: expected_resources(a[0], a[1:]),
        "change-set": lambda a: change_set(a[0], a[1], a[2], a[3:]),
    }
    if not args or args[0] not in commands:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    commands[args[0]](args[1:])


if __name__ == "__main__":
    main(sys.argv[1:])

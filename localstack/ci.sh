#!/usr/bin/env bash
# CI: sfbridge against a real LocalStack, without Docker (docs/localstack.md). LocalStack from the lock on
# 127.0.0.1 (localstack.sh run, which stops it and its DynamoDB Local by process ID whatever happens); against it:
#   1. a 100-opportunity Closed Won scenario through the functions in-process, reconciled (./dev up --aws-endpoint);
#   2. a dead letter listed and redriven back to its queue (./dev ops dlq list, dlq redrive), and checked there;
#   3. a CloudFormation change set of the built template (./dev sam package, then CreateChangeSet with the SAM
#      transform), whose resources must be the template's.
# Needs ./dev sam build first (.ci/run does it). Prints how long each part took.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" != --against-localstack ]]; then
  [[ -f .aws-sam/build/template.yaml ]] || { echo "no .aws-sam/build/template.yaml: run ./dev sam build first" >&2; exit 2; }
  exec localstack/localstack.sh run "$0" --against-localstack
fi

CHECK=(.venv-localstack/bin/python localstack/ci_checks.py)
STACK=sfbridge-local # ./dev up's stack name, the prefix of its queues
started=$SECONDS
part() { echo "== localstack/ci.sh, $((SECONDS - started)) s: $*" >&2; }

part "the scenario, reconciled"
./dev up --aws-endpoint "$AWS_ENDPOINT_URL" --port 0 --status-port 0 --opportunities 100 --exit-after-scenario \
  --scenario-timeout 120 --log-file localstack/target/dev-up.log
# the run stored its secrets in LocalStack; the change set below refers to them as a deployment would
arns=$("${CHECK[@]}" secrets sfbridge/erp sfbridge/salesforce sfbridge/erp-events)
mapfile -t secret_arns <<<"$arns"

part "a dead letter listed and redriven"
dlq=$STACK-notifications-dlq
notification=$("${CHECK[@]}" dead-letter "$dlq")
listed=$(./dev ops dlq list --queue "$dlq")
echo "$listed"
grep -q "notification=$notification " <<<"$listed" || { echo "dlq list did not show $notification" >&2; exit 1; }
./dev ops dlq redrive --queue "$dlq"
"${CHECK[@]}" moved "$notification" "$dlq" "$STACK-notifications"

part "a change set of the built template"
bucket=sfbridge-artifacts
"${CHECK[@]}" bucket "$bucket"
packaged=.aws-sam/packaged-localstack.json
# samconfig.toml's region is the real account's: this one is LocalStack's
./dev sam package --region "$AWS_REGION" --s3-bucket "$bucket" --use-json --no-progressbar \
  --output-template-file "$packaged" >/dev/null
parameters=(AllowedOrgIds=00D000000000001EAA ErpBaseUrl=https://erp.example.com/api SalesforceOrgId=00D000000000001EAA
  "ErpSecretArn=${secret_arns[0]}" "SalesforceSecretArn=${secret_arns[1]}" "ErpEventsSecretArn=${secret_arns[2]}")
# what CloudFormation should create, by the SAM CLI's own translator rather than LocalStack's copy of it
.venv-sam/bin/python localstack/ci_checks.py expected-resources "$packaged" "${parameters[@]}" >.aws-sam/expected-resources.txt
"${CHECK[@]}" change-set "$packaged" "$bucket" .aws-sam/expected-resources.txt "${parameters[@]}"
part "done"

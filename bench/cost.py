#!/usr/bin/env python3
"""What 1,000,000 Closed Won orders cost on AWS, from a run's measured usage (docs/cost.md).

    ./dev bench cost [--from USAGE.json] [--naive USAGE.json] [--orders N]

USAGE.json is what `./dev up --exit-after-scenario --usage-file USAGE.json` writes: the run's Lambda invocations and
billed milliseconds, its SQS, DynamoDB and Secrets Manager requests, its log bytes and its Salesforce API calls. Each
count is divided by the run's notifications and multiplied by --orders, then priced at the published us-east-1
prices below. --naive is a run of the naive template (worker batch size 1, one Salesforce call per callback); the
naive listener (one SendMessage per notification) is a formula on a run, as no code of it is deployed. Prints the
Markdown tables docs/cost.md shows. Python 3's standard library only.
"""
import argparse
import json
import sys
from pathlib import Path

# Published on-demand prices, us-east-1, read on 2026-11-27 (docs/cost.md, "Prices", has each page and its figures).
PRICES = {
    "lambda_request": 0.20 / 1e6,                                       # aws.amazon.com/lambda/pricing/
    "lambda_gb_second": {"arm64": 0.0000133334, "x86_64": 0.0000166667},  # first 7.5 / 6 billion GB-s a month
    "api_gateway_rest_request": 3.50 / 1e6,                             # aws.amazon.com/api-gateway/pricing/, first 333 M
    "sqs_request": 0.40 / 1e6,                                          # aws.amazon.com/sqs/pricing/, standard, per 64 KB chunk
    "dynamodb_write_unit": 0.625 / 1e6,                                 # aws.amazon.com/dynamodb/pricing/on-demand/
    "dynamodb_read_unit": 0.125 / 1e6,
    "secrets_manager_call": 0.05 / 10_000,                              # aws.amazon.com/secrets-manager/pricing/
    "logs_ingested_gb": 0.50,                                           # aws.amazon.com/cloudwatch/pricing/, standard logs
}
# Estimates, not measured: Lambda's own START, END and REPORT lines per invocation, which the local stack does not
# write, and API Gateway's access log line per request (template.yaml's AccessLogSetting format, filled in).
PLATFORM_LOG_BYTES_PER_INVOCATION = 400
ACCESS_LOG_BYTES_PER_REQUEST = 600
# The org the Salesforce calls are counted against: Enterprise Edition, 100,000 + 1,000 per licence a day.
SALESFORCE_DAILY_ALLOCATION = 100_000 + 1_000 * 100
GB = 1024 ** 3
LISTENER = "OutboundListenerFunction"
ROOT = Path(__file__).resolve().parent.parent


def load(path):
    """A usage file; a relative path is the project's, as ./dev runs from its root."""
    with open(ROOT / path, encoding="utf-8") as f:
        usage = json.load(f)
    if not usage.get("notifications"):
        raise SystemExit(f"{path}: no notifications: not a usage file of a scenario run")
    return usage


def naive_listener(usage):
    """The same run with the listener sending one SendMessage per notification instead of SendMessageBatch."""
    usage = json.loads(json.dumps(usage))
    listener = usage["requests"]["SQS"][LISTENER]
    listener.pop("SendMessageBatch")
    # one request per notification, each far below 64 KB (sfbridge's batch entries are packs of several since 2026-11-29,
    # so they no longer count the notifications)
    notifications = usage["notifications"]
    listener["SendMessage"] = {"calls": notifications, "failed": 0, "billed_requests": notifications, "empty": 0,
                               "entries": 0}
    return usage


def lines(usage, orders):
    """(service, item, quantity for `orders`, unit, dollars) from one run's usage."""
    scale = orders / usage["notifications"]
    lambdas = usage["lambda"].values()
    invocations = sum(f["invocations"] for f in lambdas)
    gb_seconds = {}
    for f in lambdas:
        gb_seconds[f["architecture"]] = gb_seconds.get(f["architecture"], 0) + f["billed_ms"] / 1000 * f["memory_mb"] / 1024
    api_requests = sum(f["invocations"] for f in lambdas if f["trigger"] == "api")
    requests = usage["requests"]
    sqs = [op for caller in requests.get("SQS", {}).values() for op in caller.values()]
    sqs_billed = sum(op["billed_requests"] - op.get("empty", 0) for op in sqs)
    dynamo = [op for caller in requests.get("DynamoDB", {}).values() for op in caller.values()]
    # a request DynamoDB gave no capacity for is priced as one unit: the items here are under 1 KB
    write_units = sum(op["write_units"] for op in dynamo) + sum(op["unmeasured"] for op in dynamo)
    read_units = sum(op["read_units"] for op in dynamo)
    secrets = sum(op["calls"] for caller in requests.get("Secrets Manager", {}).values() for op in caller.values())
    log_bytes = (usage["logs"]["log_line_bytes"] + usage["logs"]["metric_record_bytes"]
                 + PLATFORM_LOG_BYTES_PER_INVOCATION * invocations + ACCESS_LOG_BYTES_PER_REQUEST * api_requests)
    rows = [
        ("API Gateway", "REST API requests", api_requests * scale, "requests", PRICES["api_gateway_rest_request"]),
        ("Lambda", "requests", invocations * scale, "invocations", PRICES["lambda_request"]),
    ]
    for architecture, seconds in sorted(gb_seconds.items()):
        rows.append(("Lambda", f"duration ({architecture})", seconds * scale, "GB-s", PRICES["lambda_gb_second"][architecture]))
    rows += [
        ("SQS", "standard queue requests (64 KB chunks)", sqs_billed * scale, "requests", PRICES["sqs_request"]),
        ("DynamoDB", "on-demand write request units", write_units * scale, "WRU", PRICES["dynamodb_write_unit"]),
        ("DynamoDB", "on-demand read request units", read_units * scale, "RRU", PRICES["dynamodb_read_unit"]),
        ("Secrets Manager", "API calls", secrets * scale, "calls", PRICES["secrets_manager_call"]),
        ("CloudWatch Logs", "ingestion (log lines, EMF records; Lambda's and API Gateway's own lines estimated)", log_bytes * scale / GB, "GB",
         PRICES["logs_ingested_gb"]),
    ]
    return [(service, item, quantity, unit, quantity * price) for service, item, quantity, unit, price in rows]


def salesforce(usage, orders):
    scale = orders / usage["notifications"]
    calls = usage["salesforce"]["api_calls"] + usage["salesforce"]["token_requests"]
    return calls * scale


def number(value):
    return f"{value:,.0f}" if value >= 100 else f"{value:,.2f}"


def table(designs, orders):
    """designs: [(name, usage)]. The per-design lines side by side, then the total and Salesforce's calls."""
    priced = [(name, lines(usage, orders)) for name, usage in designs]
    out = ["| service | item | " + " | ".join(f"{name}: quantity | {name}: USD" for name, _ in priced) + " |",
           "| --- | --- | " + " | ".join("---: | ---:" for _ in priced) + " |"]
    for i, (service, item, _, unit, _) in enumerate(priced[0][1]):
        cells = " | ".join(f"{number(rows[i][2])} {unit} | {rows[i][4]:,.2f}" for _, rows in priced)
        out.append(f"| {service} | {item} | {cells} |")
    totals = " | ".join(f"| **{sum(row[4] for row in rows):,.2f}**" for _, rows in priced)
    out.append(f"| **total** | | {totals} |")
    calls = [salesforce(usage, orders) for _, usage in designs]
    share = " | ".join(f"{number(c)} calls | {c / SALESFORCE_DAILY_ALLOCATION:.1%} of a day" for c in calls)
    out.append(f"| Salesforce | API calls (not dollars): share of a 200,000-call daily allocation | {share} |")
    return "\n".join(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="measured", default="docs/cost/usage.json",
                        help="a run's usage (default docs/cost/usage.json)")
    parser.add_argument("--naive", default="docs/cost/usage-naive.json",
                        help="a run of the naive template (default docs/cost/usage-naive.json); 'none' leaves it out")
    parser.add_argument("--orders", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    measured = load(args.measured)
    naive = load(args.naive) if args.naive != "none" else None
    print(f"What {args.orders:,} Closed Won orders cost on AWS, us-east-1, on-demand prices of 2026-11-27")
    print(f"(from {args.measured}: {measured['notifications']:,} notifications"
          + (f"; {args.naive}: {naive['notifications']:,}" if naive else "") + ")\n")
    try:
        designs = [("sfbridge", measured), ("naive listener", naive_listener(measured))]
        if naive:
            designs += [("batch 1, call per callback", naive), ("all naive", naive_listener(naive))]
        print(table(designs, args.orders))
    except KeyError as e:
        raise SystemExit(f"a usage file lacks {e}: write it again with ./dev up --usage-file") from None
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Writes template.yaml as the naive designs of docs/cost.md would deploy it: the order worker at batch size 1 (one
notification per queue message, the template's default), the callbacks one Salesforce call per callback
(SALESFORCE_RECORDS_PER_CALL=1). Everything else as template.yaml.

    python3 bench/naive-template.py OUT.yaml     # then ./dev up --template OUT.yaml --usage-file ...
"""
import sys
from pathlib import Path


def naive(template):
    batch = "  WorkerBatchSize:\n    Type: Number\n    Default: 100\n"
    packs = "  NotificationsPerMessage:\n    Type: Number\n    Default: 1\n"
    callback = "      Handler: dev.sfbridge.callback.CallbackHandler::handleRequest\n"
    variables = "        Variables:\n"
    if template.count(batch) != 1 or template.count(packs) != 1 or template.count(callback) != 1:
        raise SystemExit("template.yaml no longer has the WorkerBatchSize default, one notification per message, or the"
                         " callback handler this edits")
    template = template.replace(batch, batch.replace("Default: 100", "Default: 1"))
    at = template.index(variables, template.index(callback)) + len(variables)
    return template[:at] + "          SALESFORCE_RECORDS_PER_CALL: 1\n" + template[at:]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    root = Path(__file__).resolve().parent.parent
    Path(sys.argv[1]).write_text(naive((root / "template.yaml").read_text(encoding="utf-8")), encoding="utf-8")

"""What `sam deploy` makes of its --parameter-overrides: SAM CLI's own option (its OptionNargs and
CfnParameterOverridesType) parses the arguments the shell gave, NUL-separated on stdin, and the parameters come out
as JSON. DeployCommandTest runs it on the commands docs/request-reply.md shows."""
import json
import sys

import click
from samcli.commands._utils.options import parameter_override_option


@click.command(context_settings={"ignore_unknown_options": True})
@parameter_override_option
@click.argument("others", nargs=-1, type=click.UNPROCESSED)
def deploy(parameter_overrides, others):
    print(json.dumps(parameter_overrides))


arguments = sys.stdin.buffer.read().decode("utf-8").split("\0")[:-1]
if arguments[:1] != ["deploy"]:
    sys.exit("not a sam deploy command: " + " ".join(arguments[:2]))
deploy.main(arguments[1:], prog_name="sam deploy", standalone_mode=False)

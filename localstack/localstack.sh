#!/usr/bin/env bash
# LocalStack on this machine without Docker: its runtime in host mode, from the Python registry, at the exact
# versions of localstack/requirements.lock (docs/localstack.md says what runs this way and what does not).
#   localstack/localstack.sh install         .venv-localstack at the lock's versions (nothing to do when it already
#                                           is), and DynamoDB Local laid out as LocalStack runs it
#   localstack/localstack.sh run CMD [ARGS]  install, start LocalStack on 127.0.0.1 and a free port, run CMD with the
#                                           AWS SDKs' settings pointing at it (AWS_ENDPOINT_URL, region, test keys),
#                                           then stop LocalStack and its DynamoDB Local by process ID, whatever happens
# Settings: LOCALSTACK_PYTHON (a Python 3.13; default: python3.13 on PATH or pyenv's), LOCALSTACK_START_TIMEOUT
# (seconds, default 60), LOCALSTACK_STOP_GRACE (seconds between SIGTERM and SIGKILL, default 5).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv-localstack
LOCK=localstack/requirements.lock
DYNAMODB_LOCAL=localstack/dynamodb-local
LAYOUT=$DYNAMODB_LOCAL/target/dynamodb-local
START_TIMEOUT=${LOCALSTACK_START_TIMEOUT:-60}
STOP_GRACE=${LOCALSTACK_STOP_GRACE:-5}

python313() {
  # 2026.3 needs 3.13 whatever its metadata says: 3.11 fails on PEP 695 syntax, 3.12 on warnings.deprecated
  local candidate
  for candidate in "${LOCALSTACK_PYTHON:-}" python3.13 "$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"/versions/3.13*/bin/python3.13; do
    if [[ -n "$candidate" ]] && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' 2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
  echo "LocalStack needs Python 3.13: none found (python3.13 on PATH, pyenv's versions); set LOCALSTACK_PYTHON" >&2
  return 1
}

pinned() { grep -Ev '^(#|$)' "$LOCK" | LC_ALL=C sort -f; }
installed() { # every distribution, as name==version: pip freeze would leave argparse and pip out
  "$VENV/bin/python" -c 'import importlib.metadata as m
print("\n".join({d.metadata["Name"] + "==" + d.version for d in m.distributions()}))' 2>/dev/null | LC_ALL=C sort -f
}

install_localstack() {
  if [[ -x "$VENV/bin/python" ]] && diff -q <(pinned) <(installed) >/dev/null; then
    return
  fi
  echo "Installing LocalStack into $VENV from $LOCK ..." >&2
  local python
  python=$(python313)
  rm -rf "$VENV"
  "$python" -m venv "$VENV"
  # --no-deps: the lock is the whole set (pip included); pip check proves it is consistent
  # --no-compile: Python compiles what it imports when it first does, not all 500 MB here
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps --no-compile -r "$LOCK"
  "$VENV/bin/python" -m pip check --disable-pip-version-check >&2
  if ! diff <(pinned) <(installed) >&2; then
    echo "$VENV does not hold exactly $LOCK's versions after installing it" >&2
    return 1
  fi
}

prepare_dynamodb_local() {
  local jar=$LAYOUT/DynamoDBLocal.jar
  # the launcher is the testkit's LoopbackDynamoDbLocal, compiled there from its source
  if [[ -f $jar ]] && [[ -z $(find "$DYNAMODB_LOCAL/src" "$DYNAMODB_LOCAL/pom.xml" pom.xml \
    testkit/src/main/java/dev/sfbridge/testing/LoopbackDynamoDbLocal.java -newer "$jar") ]]; then
    return
  fi
  ./dev mvn -q -f "$DYNAMODB_LOCAL/pom.xml" package
  mv "$LAYOUT/DynamoDBLocal-launcher.jar" "$jar"
}

jdk() { # the JDK ./dev runs Maven on
  ./dev mvn -v | sed -n 's/^Java version: .*, runtime: //p'
}

free_port() {
  "$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

alive() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $state != Z* ]]
}

descendants() { # process IDs under $1, children first
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    echo "$child"
    descendants "$child"
  done
}

LOCALSTACK_PID=""
FILESYSTEM_ROOT=""

# LocalStack often hangs after "Stopping all services" (after SQS long polls, notably), and restarts DynamoDB
# Local while it runs: so LocalStack first, SIGKILL after the grace, then every process it started, by ID.
stop_localstack() {
  if [[ -n $LOCALSTACK_PID ]]; then
    local pids=() pid deadline
    mapfile -t pids < <(descendants "$LOCALSTACK_PID")
    kill -TERM "$LOCALSTACK_PID" 2>/dev/null || true
    deadline=$((SECONDS + STOP_GRACE))
    while alive "$LOCALSTACK_PID" && ((SECONDS < deadline)); do
      mapfile -t -O "${#pids[@]}" pids < <(descendants "$LOCALSTACK_PID")
      sleep 0.2
    done
    if alive "$LOCALSTACK_PID"; then
      echo "LocalStack ($LOCALSTACK_PID) still running ${STOP_GRACE} s after SIGTERM: SIGKILL" >&2
      kill -KILL "$LOCALSTACK_PID" 2>/dev/null || true
    fi
    for pid in "${pids[@]}"; do
      kill -TERM "$pid" 2>/dev/null || true
    done
    deadline=$((SECONDS + STOP_GRACE))
    for pid in "${pids[@]}"; do
      while alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
      if alive "$pid"; then
        echo "LocalStack's child $pid still running after SIGTERM: SIGKILL" >&2
        kill -KILL "$pid" 2>/dev/null || true
      fi
    done
    wait "$LOCALSTACK_PID" 2>/dev/null || true
    LOCALSTACK_PID=""
  fi
  if [[ -n $FILESYSTEM_ROOT ]]; then
    rm -rf "$FILESYSTEM_ROOT"
    FILESYSTEM_ROOT=""
  fi
}

start_localstack() {
  local port log=localstack/target/localstack.log lib deadline
  mkdir -p localstack/target
  FILESYSTEM_ROOT=$(mktemp -d "$PWD/localstack/target/filesystem.XXXXXX")
  # the two things LocalStack would otherwise download from outside the package registries (no setting names them)
  lib=$FILESYSTEM_ROOT/var/lib/localstack/lib
  mkdir -p "$lib/java" "$lib/dynamodb-local"
  ln -s "$(jdk)" "$lib/java/21"
  ln -s "$PWD/$LAYOUT" "$lib/dynamodb-local/2"
  port=$(free_port)
  # hypercorn: the default server binds every interface whatever GATEWAY_LISTEN says; OVERRIDE_IN_DOCKER=0: this
  # machine looks like a container to LocalStack, which would then ignore FILESYSTEM_ROOT
  env -u AWS_ENDPOINT_URL GATEWAY_LISTEN="127.0.0.1:$port" GATEWAY_SERVER=hypercorn OVERRIDE_IN_DOCKER=0 \
    FILESYSTEM_ROOT="$FILESYSTEM_ROOT" DISABLE_EVENTS=1 SKIP_SSL_CERT_DOWNLOAD=1 DNS_ADDRESS=0 \
    "$VENV/bin/python" -m localstack.runtime.main >"$log" 2>&1 &
  LOCALSTACK_PID=$!
  disown "$LOCALSTACK_PID" # its end is reported by stop_localstack, not by a job notice
  deadline=$((SECONDS + START_TIMEOUT))
  until curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$port/_localstack/health"; do
    if ! alive "$LOCALSTACK_PID" || ((SECONDS >= deadline)); then
      echo "LocalStack did not answer on 127.0.0.1:$port within ${START_TIMEOUT} s; the end of $log:" >&2
      tail -n 30 "$log" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "LocalStack (pid $LOCALSTACK_PID) is up at http://127.0.0.1:$port; its log: $log" >&2
  export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 \
    AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
  unset AWS_PROFILE AWS_SESSION_TOKEN $(compgen -e | grep "^AWS_ENDPOINT_URL_" || true)
}

cmd="${1:-help}"; shift || true
case "$cmd" in
  install)
    install_localstack
    prepare_dynamodb_local
    ;;
  run)
    (($# > 0)) || { echo "usage: $0 run CMD [ARGS]" >&2; exit 2; }
    install_localstack
    prepare_dynamodb_local
    trap stop_localstack EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    start_localstack
    "$@"
    ;;
  *)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    [[ "$cmd" == help || "$cmd" == --help || "$cmd" == -h ]] || exit 2
    ;;
esac

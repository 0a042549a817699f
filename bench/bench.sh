#!/usr/bin/env bash
# The benchmarks of docs/benchmarks.md, run by `./dev bench WHAT [flags]` once it has built everything:
#   jmh [JMH flags]                                 parse + validate 1 and 100 notifications (JMH, SampleTime)
#   parsecpu [--batches N] [--parses N]             the same parse of 100 notifications in the parsing thread's CPU time (steady on a shared machine)
#   load [--clients N] [--requests N] [--warmup N] [--rate N]
#                                                   the listener over local HTTP: at saturation, at a fixed rate, and the emulator's ceiling
#   listeners [--rounds N] [--rate N] [--sweep-seconds N] ...
#                                                   sfbridge's listener, a naive one and CXF's JAX-WS side by side: throughput, latency, CPU; the chart
#   sqsclients [--messages N] [--rounds N]         the SDK's CPU per listener message (ten SendMessageBatch calls) per HTTP client and setting
#   coldstart [--runs N]                            fresh JVM to first ack (listener) and first SQS batch (worker), default and C1-only JVM flags
#   worker [--workers N] [--batches N] [--warmup N] the order worker's throughput and idempotency cost on DynamoDB Local
#   callbacks [--callbacks N]                       Salesforce API calls per 1,000 callbacks, with sObject Collections and without
#   requestreply [--requests N] [--warmup N] [--deadline-ms N]
#                                                   what POST /orders adds to the ERP's latency, and its answers with the ERP down
#   fetch [--notifications N] [--rounds N]          the order worker reading ID-only notifications' records: API calls per 1,000, throughput on/off
#   sync [--invoices N | --accounts N] [--heap 256m] the batch sync at scale in a capped child JVM, and its naive baseline
#   cost [--from USAGE] [--naive USAGE]             not here: ./dev runs bench/cost.py itself, with no build (docs/cost.md)
set -euo pipefail
cd "$(dirname "$0")/.."
# ./dev picks the JDK (JAVA_HOME) and the flags it needs (SFBRIDGE_JAVA_FLAGS: JDK 24+ wants one for Unsafe)
: "${SFBRIDGE_JAVA_FLAGS?bench/bench.sh runs through ./dev bench, which picks the JDK and builds first}"

case "${1:-}" in
  jmh)       main=org.openjdk.jmh.Main ;;  # its defaults are on the benchmark class; JMH flags override them
  parsecpu)  main=dev.sfbridge.bench.ParseCpuHarness ;;
  load)      main=dev.sfbridge.bench.ListenerLoadHarness ;;
  listeners) main=dev.sfbridge.bench.ListenersHarness ;;
  sqsclients) main=dev.sfbridge.bench.SqsClientCpuHarness ;;
  coldstart) main=dev.sfbridge.bench.ColdStartHarness ;;
  worker)    main=dev.sfbridge.bench.OrderWorkerThroughputHarness ;;
  callbacks) main=dev.sfbridge.bench.CallbackApiCallsHarness ;;
  requestreply) main=dev.sfbridge.bench.RequestReplyHarness ;;
  fetch)     main=dev.sfbridge.bench.WorkerFetchHarness ;;
  sync)      main=dev.sfbridge.bench.SyncBenchHarness ;;
  *)
    sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
shift
exec "$JAVA_HOME/bin/java" $SFBRIDGE_JAVA_FLAGS -cp "bench/target/classes:$(cat bench/target/classpath.txt)" "$main" "$@"

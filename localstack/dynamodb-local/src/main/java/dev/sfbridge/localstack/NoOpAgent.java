package dev.sfbridge.localstack;

import java.lang.instrument.Instrumentation;

/**
 * Stands in for LocalStack's {@code ddb-local-loader} agent, which it always passes to DynamoDB Local with
 * {@code -javaagent} and would otherwise download from outside the package registries. LocalStack's agent
 * lifts DynamoDB Local's limit of 20 global secondary indexes a table; sfbridge's table has none, so this
 * one changes nothing.
 */
public final class NoOpAgent {
    private NoOpAgent() {}

    public static void premain(String arguments, Instrumentation instrumentation) {
        // nothing to change: see the class comment
    }
}

package dev.sfbridge.bench;

import dev.sfbridge.testing.EmbeddedDynamoDb;

/** DynamoDB Local in a JVM of its own, as DynamoDB is outside a Lambda function's process. */
public final class DynamoDbServerMain {
    private DynamoDbServerMain() {}

    public static void main(String[] args) throws Exception {
        EmbeddedDynamoDb dynamo = new EmbeddedDynamoDb();
        JavaChild.serve(dynamo, dynamo.endpoint());
    }
}

package dev.sfbridge.testing;

import java.util.List;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** A table billed on demand with string keys, as template.yaml declares sfbridge's tables, made for a test. */
final class OnDemandTable {
    private OnDemandTable() {}

    /**
     * @param table a name no one else uses: a table that already exists is taken to be this call's own
     * @param keys  the partition key's attribute, then the sort key's if the table has one
     */
    static void create(DynamoDbClient dynamoDb, String table, String... keys) {
        List<String> names = List.of(keys);
        try {
            dynamoDb.createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(names.stream().map(name -> AttributeDefinition.builder().attributeName(name)
                            .attributeType(ScalarAttributeType.S).build()).toList())
                    .keySchema(IntStream.range(0, names.size()).mapToObj(i -> KeySchemaElement.builder().attributeName(names.get(i))
                            .keyType(i == 0 ? KeyType.HASH : KeyType.RANGE).build()).toList()));
        } catch (ResourceInUseException madeByATimedOutAttempt) {
            // on a busy machine DynamoDB Local can answer CreateTable after the SDK's attempt timeout; the SDK's
            // retry then finds the table its first attempt made
        }
    }
}

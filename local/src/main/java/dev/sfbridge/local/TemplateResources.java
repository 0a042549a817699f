package dev.sfbridge.local;

import dev.sfbridge.local.template.Intrinsics;
import dev.sfbridge.local.template.SamTemplate;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The template's queues, tables and secrets, created in the stack's {@link AwsServices} as the template declares them:
 * queue names, visibility timeouts and redrive policies; table keys and TTL attribute; the secrets whose condition
 * holds, their values generated as Secrets Manager would ({@link GeneratedSecretString}). Their physical IDs and
 * attributes go into {@link Intrinsics} (a secret's {@code Ref} is its ARN), so the functions' environments resolve to them.
 */
final class TemplateResources {
    /** A queue as created: where it is and how it behaves. */
    record LocalQueue(SamTemplate.Queue definition, String name, String url, String arn) {}

    private final Map<String, LocalQueue> queues = new LinkedHashMap<>();

    TemplateResources(SamTemplate template, Intrinsics intrinsics, AwsServices services) {
        createQueues(template.queues(), intrinsics, services.sqs());
        template.tables().forEach(table -> createTable(table, intrinsics, services.dynamoDb()));
        SecureRandom random = new SecureRandom();
        template.secrets().stream().filter(secret -> secret.condition().map(intrinsics::condition).orElse(true))
                .forEach(secret -> intrinsics.ref(secret.logicalId(), services.storeSecret(intrinsics.resolve(secret.name()),
                        new GeneratedSecretString(secret.generateSecretString(), intrinsics).generate(random))));
    }

    LocalQueue queue(String logicalId) {
        LocalQueue queue = queues.get(logicalId);
        if (queue == null) {
            throw new IllegalArgumentException("the template declares no queue " + logicalId);
        }
        return queue;
    }

    List<LocalQueue> queues() {
        return List.copyOf(queues.values());
    }

    /** The queues some queue's redrive policy sends messages to. */
    List<LocalQueue> deadLetterQueues() {
        List<String> targets = queues.values().stream()
                .flatMap(q -> q.definition().redrive().map(SamTemplate.Redrive::deadLetterQueue).stream()).toList();
        return queues.values().stream().filter(q -> targets.contains(q.definition().logicalId())).toList();
    }

    /**
     * A queue's dead-letter queue must exist before the queue's redrive policy can name its ARN; they are
     * listed in the template's order all the same.
     */
    private void createQueues(List<SamTemplate.Queue> definitions, Intrinsics intrinsics, SqsClient sqs) {
        Map<String, LocalQueue> created = new LinkedHashMap<>();
        List<SamTemplate.Queue> pending = new ArrayList<>(definitions);
        while (!pending.isEmpty()) {
            List<SamTemplate.Queue> ready = pending.stream()
                    .filter(q -> q.redrive().map(r -> created.containsKey(r.deadLetterQueue())).orElse(true)).toList();
            if (ready.isEmpty()) {
                throw new IllegalArgumentException("the redrive policies of " + pending.stream().map(SamTemplate.Queue::logicalId).toList()
                        + " name dead-letter queues the template does not declare");
            }
            ready.forEach(q -> created.put(q.logicalId(), createQueue(q, created, intrinsics, sqs)));
            pending.removeAll(ready);
        }
        definitions.forEach(q -> queues.put(q.logicalId(), created.get(q.logicalId())));
    }

    private static LocalQueue createQueue(SamTemplate.Queue definition, Map<String, LocalQueue> created, Intrinsics intrinsics,
                                          SqsClient sqs) {
        String name = intrinsics.resolve(definition.name());
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(definition.visibilityTimeout().toSeconds()));
        definition.redrive().ifPresent(redrive -> attributes.put(QueueAttributeName.REDRIVE_POLICY,
                "{\"maxReceiveCount\":\"%d\",\"deadLetterTargetArn\":\"%s\"}".formatted(redrive.maxReceiveCount(),
                        created.get(redrive.deadLetterQueue()).arn())));
        String url = sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        intrinsics.ref(definition.logicalId(), url)
                .attribute(definition.logicalId(), "Arn", arn)
                .attribute(definition.logicalId(), "QueueName", name)
                .attribute(definition.logicalId(), "QueueUrl", url);
        return new LocalQueue(definition, name, url, arn);
    }

    private void createTable(SamTemplate.Table definition, Intrinsics intrinsics, DynamoDbClient dynamoDb) {
        // CloudFormation names a table without TableName <stack>-<logical ID>-<suffix>; the suffix adds nothing here
        String name = intrinsics.resolve(Map.of("Fn::Sub", "${AWS::StackName}-" + definition.logicalId()));
        if (exists(dynamoDb, name)) {
            // only an endpoint outlives a run (--aws-endpoint): its records would make this run's notifications duplicates
            throw new IllegalArgumentException("the endpoint already holds the table " + name + ", an earlier run's:"
                    + " start from a fresh one (a new LocalStack)");
        }
        try {
            dynamoDb.createTable(b -> b.tableName(name)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(definition.attributeTypes().entrySet().stream()
                            .map(a -> AttributeDefinition.builder().attributeName(a.getKey()).attributeType(a.getValue()).build()).toList())
                    .keySchema(definition.keySchema().stream()
                            .map(k -> KeySchemaElement.builder().attributeName(k.attributeName()).keyType(k.keyType()).build()).toList()));
        } catch (ResourceInUseException madeByATimedOutAttempt) {
            // it was not there a moment ago: an attempt the SDK timed out (an emulator on a busy machine) made it
            // before the SDK retried
        }
        definition.timeToLiveAttribute().ifPresent(attribute -> dynamoDb.updateTimeToLive(b -> b.tableName(name)
                .timeToLiveSpecification(t -> t.attributeName(attribute).enabled(true))));
        intrinsics.ref(definition.logicalId(), name);
    }

    private static boolean exists(DynamoDbClient dynamoDb, String table) {
        try {
            dynamoDb.describeTable(b -> b.tableName(table));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }
}

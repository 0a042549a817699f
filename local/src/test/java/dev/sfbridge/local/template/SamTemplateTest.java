package dev.sfbridge.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.queue.BatchEnqueuer;
import dev.sfbridge.sqs.RedeliveryBackoff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a SAM template with CloudFormation's short forms, and resolving its values locally. */
class SamTemplateTest {
    private static final String TEMPLATE = """
            AWSTemplateFormatVersion: '2010-09-09'
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              Endpoint:
                Type: String
              Mode:
                Type: String
                Default: fast
              Cidrs:
                Type: CommaDelimitedList
                Default: ''
              Batch:
                Type: Number
                Default: 25
            Conditions:
              HasCidrs: !Not [!Equals [!Join ['', !Ref Cidrs], '']]
              Both: !And [!Condition HasCidrs, !Equals [!Ref Mode, fast]]
            Globals:
              Function:
                Environment:
                  Variables:
                    SHARED: everywhere
                    OVERRIDDEN: global
            Resources:
              Work:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: !Sub ${AWS::StackName}-work
                  VisibilityTimeout: 120
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt Dead.Arn
                    maxReceiveCount: 4
              Dead:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: !Sub '${AWS::StackName}-dead'
              Table:
                Type: AWS::DynamoDB::Table
                Properties:
                  AttributeDefinitions:
                    - {AttributeName: pk, AttributeType: S}
                    - {AttributeName: sk, AttributeType: N}
                  KeySchema:
                    - {AttributeName: pk, KeyType: HASH}
                    - {AttributeName: sk, KeyType: RANGE}
                  TimeToLiveSpecification:
                    AttributeName: ttl
                    Enabled: true
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: a.b.Handler::handleRequest
                  Policy: !If [Both, !Ref AWS::NoValue, [!Select [0, !GetAZs '']]]
                  Environment:
                    Variables:
                      QUEUE: !Ref Work
                      DEAD_ARN: !GetAtt [Dead, Arn]
                      ENDPOINT: !Ref Endpoint
                      NAME: !Sub '${Work.QueueName} in ${AWS::Region}'
                      OVERRIDDEN: own
                  Events:
                    Post:
                      Type: Api
                      Properties: {Path: /things, Method: post}
                    Queue:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt Work.Arn
                        BatchSize: !Ref Batch
                        MaximumBatchingWindowInSeconds: 2
                        FunctionResponseTypes: [ReportBatchItemFailures]
                        ScalingConfig: {MaximumConcurrency: 3}
                    Plain:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt Dead.Arn
                        BatchSize: 7
            """;

    @TempDir
    Path dir;

    @Test
    void readsQueuesWithTheirTimeoutsAndRedrivePolicies() throws IOException {
        List<SamTemplate.Queue> queues = template(TEMPLATE).queues();

        assertEquals(List.of("Work", "Dead"), queues.stream().map(SamTemplate.Queue::logicalId).toList());
        assertEquals(Duration.ofSeconds(120), queues.get(0).visibilityTimeout());
        assertEquals(Optional.of(new SamTemplate.Redrive("Dead", 4)), queues.get(0).redrive());
        assertEquals(Duration.ofSeconds(30), queues.get(1).visibilityTimeout(), "SQS's default");
        assertEquals(Optional.empty(), queues.get(1).redrive());
        assertEquals("local-work", intrinsics().resolve(queues.get(0).name()));
    }

    @Test
    void readsTablesWithTheirKeysAndTimeToLive() throws IOException {
        SamTemplate.Table table = template(TEMPLATE).tables().getFirst();

        assertEquals("Table", table.logicalId());
        assertEquals(Map.of("pk", "S", "sk", "N"), table.attributeTypes());
        assertEquals(List.of(new SamTemplate.KeyElement("pk", "HASH"), new SamTemplate.KeyElement("sk", "RANGE")), table.keySchema());
        assertEquals(Optional.of("ttl"), table.timeToLiveAttribute());
    }

    @Test
    void readsFunctionsWithTheirEnvironmentRoutesAndEventSources() throws IOException {
        SamTemplate template = template(TEMPLATE);
        SamTemplate.Function function = template.functions().getFirst();

        assertEquals("a.b.Handler", function.handlerClass());
        assertEquals(List.of(new SamTemplate.ApiRoute("/things", "POST", Optional.empty())), function.routes());
        assertEquals(List.of(new SamTemplate.SqsEventSource("Work", 25, Duration.ofSeconds(2), true, Optional.of(3)),
                new SamTemplate.SqsEventSource("Dead", 7, Duration.ZERO, false, Optional.empty())), function.queueEvents());
        Intrinsics intrinsics = intrinsics().ref("Work", "http://sqs/work").attribute("Work", "QueueName", "local-work")
                .attribute("Dead", "Arn", "arn:dead").ref("Endpoint", "http://erp");
        Map<String, String> resolved = new java.util.LinkedHashMap<>();
        function.environment().forEach((name, value) -> resolved.put(name, intrinsics.resolve(value)));
        assertEquals(Map.of("SHARED", "everywhere", "OVERRIDDEN", "own", "QUEUE", "http://sqs/work", "DEAD_ARN", "arn:dead",
                "ENDPOINT", "http://erp", "NAME", "local-work in us-east-1"), resolved);
        assertEquals(Map.of("Endpoint", Optional.empty(), "Mode", Optional.of("fast"), "Cidrs", Optional.of(""), "Batch", Optional.of("25")),
                template.parameters());
    }

    @Test
    void aValueTheLocalStackDoesNotProvideIsAnErrorNamingIt() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> intrinsics().resolve(Map.of("Ref", "ErpBaseUrl")));
        assertTrue(missing.getMessage().contains("!Ref ErpBaseUrl"), missing.getMessage());
        IllegalArgumentException unsupported = assertThrows(IllegalArgumentException.class,
                () -> intrinsics().resolve(Map.of("Fn::ImportValue", "x")));
        assertTrue(unsupported.getMessage().contains("Fn::ImportValue"), unsupported.getMessage());
    }

    @Test
    void anEventTypeTheLocalStackCannotRunIsRefused() throws IOException {
        SamTemplate template = template("""
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::handleRequest
                      Events:
                        Uploads: {Type: S3, Properties: {Bucket: uploads}}
                """);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, template::functions);
        assertTrue(refused.getMessage().contains("S3"), refused.getMessage());
    }

    @Test
    void theProjectTemplatesConsumedQueuesAllHaveDeadLetterQueues() {
        SamTemplate template = SamTemplate.load(Path.of(System.getProperty("sfbridge.template")));
        List<String> consumed = template.functions().stream().flatMap(f -> f.queueEvents().stream())
                .map(SamTemplate.SqsEventSource::queue).toList();

        assertEquals(List.of("NotificationsQueue", "CallbacksQueue", "SyncContinuationQueue"), consumed);
        template.queues().stream().filter(q -> consumed.contains(q.logicalId()))
                .forEach(q -> assertTrue(q.redrive().isPresent(), q.logicalId()));
    }

    @Test
    void theProjectTemplatesConsumedQueuesOutlastADayOfFailuresAtTheConsumersBackoff() {
        SamTemplate template = SamTemplate.load(Path.of(System.getProperty("sfbridge.template")));
        int receivesInADay = RedeliveryBackoff.standard().receivesWithin(Duration.ofHours(24));

        for (String queue : List.of("NotificationsQueue", "CallbacksQueue")) {
            int maxReceiveCount = template.queues().stream().filter(q -> q.logicalId().equals(queue)).findFirst().orElseThrow()
                    .redrive().orElseThrow().maxReceiveCount();
            // the margin is for receives the backoff does not pace: a crashed invocation, a claim held elsewhere
            assertTrue(maxReceiveCount >= receivesInADay + 20, queue + ": maxReceiveCount " + maxReceiveCount
                    + ", and a day of failures takes up to " + receivesInADay + " receives");
        }
    }

    @Test
    void everyProjectFunctionKeepsAConnectionAliveForEachChunkItSendsAtOnce() {
        SamTemplate template = SamTemplate.load(Path.of(System.getProperty("sfbridge.template")));
        Pattern keptAlive = Pattern.compile("-Dhttp\\.maxConnections=(\\d+)");

        assertEquals(7, template.functions().size());
        for (SamTemplate.Function function : template.functions()) {
            Matcher option = keptAlive.matcher(String.valueOf(function.environment().get("JAVA_TOOL_OPTIONS")));
            assertTrue(option.find(), function.logicalId() + " keeps the JDK's 5 idle connections");
            assertTrue(Integer.parseInt(option.group(1)) >= BatchEnqueuer.MAX_BATCH, function.logicalId());
        }
    }

    @Test
    void eachFunctionHasItsOwnMemorySizeAndTheGlobalsArchitecture() {
        Map<String, SamTemplate.Function> functions = SamTemplate.load(Path.of(System.getProperty("sfbridge.template"))).functions()
                .stream().collect(Collectors.toMap(SamTemplate.Function::logicalId, f -> f));

        assertEquals(1024, functions.get("OrderWorkerFunction").memoryMb());
        assertEquals(512, functions.get("ErpEventsFunction").memoryMb());
        functions.values().forEach(function -> assertEquals("arm64", function.architecture(), function.logicalId()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlarmLinksASectionOfTheRunbookThatExists() throws IOException {
        Path templateFile = Path.of(System.getProperty("sfbridge.template"));
        // GitHub's heading anchors: lower case, punctuation dropped, spaces made hyphens
        Set<String> sections = Files.readAllLines(templateFile.resolveSibling("docs/runbook.md")).stream()
                .filter(line -> line.startsWith("## "))
                .map(line -> line.substring(3).strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
        Pattern link = Pattern.compile("docs/runbook\\.md#([a-z0-9-]+)");

        Map<String, Object> resources = projectResources();
        List<String> alarms = projectResources("AWS::CloudWatch::Alarm");
        assertTrue(alarms.contains("ListenerFaultsAlarm") && alarms.contains("ErpEventsRejectedAlarm"), alarms.toString());
        for (String alarm : alarms) {
            Matcher linked = link.matcher(String.valueOf(properties((Map<String, Object>) resources.get(alarm)).get("AlarmDescription")));
            assertTrue(linked.find(), alarm + " links no runbook section");
            assertTrue(sections.contains(linked.group(1)), alarm + " links #" + linked.group(1) + ", not a section of " + sections);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCallbackFunctionReachesOnlyTheStatusGuardsItemsOfTheTable() {
        Map<String, Object> callback = projectResource("SalesforceCallbackFunction");
        List<Object> policies = (List<Object>) properties(callback).get("Policies");
        // no SAM policy template: DynamoDBCrudPolicy and its kin grant the whole table
        assertTrue(policies.stream().noneMatch(p -> p instanceof Map<?, ?> m && m.keySet().stream()
                .anyMatch(k -> String.valueOf(k).startsWith("DynamoDB"))), policies.toString());
        List<Map<String, Object>> dynamoDbStatements = policies.stream()
                .filter(p -> p instanceof Map<?, ?> m && m.containsKey("Statement"))
                .flatMap(p -> ((List<Map<String, Object>>) ((Map<String, Object>) p).get("Statement")).stream())
                .filter(s -> String.valueOf(s.get("Action")).contains("dynamodb:"))
                .toList();

        assertEquals(1, dynamoDbStatements.size(), dynamoDbStatements.toString());
        Map<String, Object> condition = (Map<String, Object>) dynamoDbStatements.getFirst().get("Condition");
        // RecordVersionGuard's keys: <prefix>#<org>#<recordId>; the callbacks' prefix is status
        assertEquals(Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys", List.of("status#*"))), condition);
        assertTrue(String.valueOf(dynamoDbStatements.getFirst().get("Action")).contains("dynamodb:UpdateItem"),
                "the status guard's conditional write");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theErpRouteHasAnApiOfItsOwnOutsideSalesforcesCallerCidrsAndMutualTls() {
        Map<String, Object> erpEvent = (Map<String, Object>) ((Map<String, Object>) properties(projectResource("ErpEventsFunction"))
                .get("Events")).get("OrderEvents");
        Map<String, Object> listenerEvent = (Map<String, Object>) ((Map<String, Object>) properties(
                projectResource("OutboundListenerFunction")).get("Events")).get("OutboundMessage");
        Object erpApi = ((Map<String, Object>) erpEvent.get("Properties")).get("RestApiId");
        Object salesforceApi = ((Map<String, Object>) listenerEvent.get("Properties")).get("RestApiId");

        assertEquals(Map.of("Ref", "ErpApi"), erpApi);
        assertEquals(Map.of("Ref", "Api"), salesforceApi);
        String erpApiProperties = String.valueOf(properties(projectResource("ErpApi")));
        assertTrue(erpApiProperties.contains("ErpCallerCidrs"), erpApiProperties);
        assertFalse(erpApiProperties.contains("{Ref=CallerCidrs}"), "Salesforce's caller CIDRs on the ERP API: " + erpApiProperties);
        // the custom domain (and with it mutual TLS) carries the Salesforce API only
        assertEquals(Map.of("Ref", "Api"), properties(projectResource("ApiBasePathMapping")).get("RestApiId"));
        assertEquals(List.of("ApiBasePathMapping"), projectResources("AWS::ApiGateway::BasePathMapping"));
    }

    @Test
    void theRequestReplyRoutesAreOnTheApiWhoseAuthTheParameterChooses() {
        SamTemplate template = SamTemplate.load(Path.of(System.getProperty("sfbridge.template")));
        SamTemplate.Function orderApi = template.functions().stream()
                .filter(function -> function.logicalId().equals("OrderApiFunction")).findFirst().orElseThrow();

        assertTrue(orderApi.routes().stream().allMatch(route -> route.api().equals(Optional.of("RequestReplyApi"))),
                orderApi.routes().toString());
        SamTemplate.ApiAuth auth = template.apiAuth("RequestReplyApi").orElseThrow();
        assertEquals(Map.of("Ref", "RequestReplyAuth"), auth.defaultAuthorizer());
        assertEquals("prod", auth.stageName());
        assertEquals(Map.of("JwtAuthorizer", new SamTemplate.TokenAuthorizer("JwtAuthorizerFunction", "Authorization")),
                auth.tokenAuthorizers());
        // the Salesforce API's and the ERP's routes are open: their functions check the sender themselves
        assertEquals(Optional.empty(), template.apiAuth("Api"));
        assertEquals(Optional.empty(), template.apiAuth("ErpApi"));
        assertThrows(IllegalArgumentException.class, () -> template.apiAuth("NoSuchApi"));
    }

    @Test
    void everyProjectQueueTakesSqssLargestMessage() {
        List<String> queues = projectResources("AWS::SQS::Queue");

        assertEquals(6, queues.size(), queues.toString());
        for (String queue : queues) {
            // 1 MiB, SQS's maximum since 2025; the queue's default is still 256 KiB
            assertEquals(1_048_576, properties(projectResource(queue)).get("MaximumMessageSize"), queue);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> projectResources() {
        return (Map<String, Object>) CloudFormationYaml.read(Path.of(System.getProperty("sfbridge.template"))).get("Resources");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> projectResource(String logicalId) {
        Map<String, Object> resources = projectResources();
        assertTrue(resources.containsKey(logicalId), "template.yaml has no " + logicalId);
        return (Map<String, Object>) resources.get(logicalId);
    }

    /** The logical IDs of the project template's resources of this type, in template order. */
    @SuppressWarnings("unchecked")
    private static List<String> projectResources(String type) {
        return projectResources().entrySet().stream().filter(r -> type.equals(((Map<String, Object>) r.getValue()).get("Type")))
                .map(Map.Entry::getKey).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    @Test
    void givenParametersReplaceTheirDefaultsAndAreCheckedAsCloudFormationChecksThem() throws IOException {
        SamTemplate template = template("""
                Parameters:
                  Auth: {Type: String, Default: AWS_IAM, AllowedValues: [AWS_IAM, JwtAuthorizer]}
                  Org: {Type: String, Default: 00D000000000001, AllowedPattern: '^[a-zA-Z0-9]{15,18}$'}
                  BatchSize: {Type: Number, Default: 10}
                  Key: {Type: String}
                Resources:
                  Worker:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::handleRequest
                      Events:
                        Queue: {Type: SQS, Properties: {Queue: !GetAtt Q.Arn, BatchSize: !Ref BatchSize}}
                  Q: {Type: AWS::SQS::Queue}
                """);

        SamTemplate given = template.withParameters(Map.of("Auth", "JwtAuthorizer", "BatchSize", "100", "Key", "k = v"));

        assertEquals(Optional.of("JwtAuthorizer"), given.parameters().get("Auth"));
        assertEquals(Optional.of("00D000000000001"), given.parameters().get("Org"));
        assertEquals(Optional.of("k = v"), given.parameters().get("Key"));
        assertEquals(Optional.empty(), template.parameters().get("Key"));
        assertEquals(100, given.functions().getFirst().queueEvents().getFirst().batchSize());
        assertEquals(10, template.functions().getFirst().queueEvents().getFirst().batchSize());
        assertEquals(Optional.of("AWS_IAM"), given.withParameters(Map.of("Auth", "AWS_IAM")).parameters().get("Auth"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> template.withParameters(Map.of("Auht", "x")))
                .getMessage().contains("has no parameter Auht; it has Auth, Org, BatchSize, Key"));
        assertEquals("Auth takes one of [AWS_IAM, JwtAuthorizer], not 'jwt'",
                assertThrows(IllegalArgumentException.class, () -> template.withParameters(Map.of("Auth", "jwt"))).getMessage());
        assertEquals("Org must match ^[a-zA-Z0-9]{15,18}$, and '00D-1' does not",
                assertThrows(IllegalArgumentException.class, () -> template.withParameters(Map.of("Org", "00D-1"))).getMessage());
        assertEquals("BatchSize is a Number, not 'ten'",
                assertThrows(IllegalArgumentException.class, () -> template.withParameters(Map.of("BatchSize", "ten"))).getMessage());
    }

    @Test
    void aSecretsConditionAndItsValuesAreEvaluatedOnTheParametersAsCloudFormationDoes() throws IOException {
        SamTemplate template = template("""
                Parameters:
                  Org: {Type: String}
                  Mode: {Type: String, Default: url-secret}
                  Arn: {Type: String, Default: ''}
                Conditions:
                  HasArn: !Not [!Equals [!Ref Arn, '']]
                  Creates: !And [!Equals [!Ref Mode, url-secret], !Not [!Condition HasArn]]
                  Either: !Or [!Condition HasArn, !Condition Creates]
                Resources:
                  Keys:
                    Type: AWS::SecretsManager::Secret
                    Condition: Creates
                    Properties:
                      Name: !Sub ${AWS::StackName}/keys
                      GenerateSecretString:
                        SecretStringTemplate: '{}'
                        GenerateStringKey: !Ref Org
                """);
        Intrinsics intrinsics = intrinsics().conditions(template.conditions()).ref("Org", "00D2").ref("Mode", "url-secret").ref("Arn", "");

        SamTemplate.GeneratedSecret keys = template.secrets().getFirst();
        assertEquals(Optional.of("Creates"), keys.condition());
        assertEquals("local/keys", intrinsics.resolve(keys.name()));
        assertEquals("00D2", intrinsics.resolve(keys.generateSecretString().get("GenerateStringKey")));
        assertTrue(intrinsics.condition("Creates"));
        assertTrue(intrinsics.condition("Either"));
        assertEquals("made", intrinsics.ref("Keys", "arn:keys").resolve(Map.of("Fn::If", List.of("Creates", "made", Map.of("Ref", "Arn")))));
        intrinsics.ref("Arn", "arn:given");
        assertFalse(intrinsics.condition("Creates"));
        assertTrue(intrinsics.condition("Either"));
        assertEquals("arn:given", intrinsics.resolve(Map.of("Fn::If", List.of("Creates", "made", Map.of("Ref", "Arn")))));
        intrinsics.ref("Arn", "").ref("Mode", "session");
        assertFalse(intrinsics.condition("Either"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> intrinsics.condition("Nowhere")).getMessage()
                .contains("the condition Nowhere, which its Conditions do not declare"));
    }

    /**
     * Salesforce sends no session since February 2026 (Help article 005232763): the stack verifies senders by the key
     * in the endpoint URL unless told otherwise, and without a secret of the operator's creates one with a key for the
     * org the callbacks write to (SalesforceOrgId), long and URL-safe; the listener reads whichever applies.
     */
    @Test
    void theProjectTemplateVerifiesSendersByAKeyInTheUrlByDefaultAndCreatesTheKeysWhenNoneAreGiven() {
        SamTemplate template = SamTemplate.load(Path.of(System.getProperty("sfbridge.template")));
        Intrinsics intrinsics = intrinsics().conditions(template.conditions()).ref("AllowedOrgIds", "00D000000000001EAA,00D000000000002EAA")
                .ref("SalesforceOrgId", "00D000000000002EAA");
        template.parameters().forEach((name, value) -> value.ifPresent(v -> intrinsics.ref(name, v)));

        assertEquals(Optional.of("url-secret"), template.parameters().get("SenderVerification"));
        SamTemplate.GeneratedSecret keys = template.secrets().stream().filter(s -> s.logicalId().equals("EndpointKeysSecret")).findFirst()
                .orElseThrow();
        assertTrue(intrinsics.condition(keys.condition().orElseThrow()));
        Map<String, Object> generated = keys.generateSecretString();
        assertEquals("{}", intrinsics.resolve(generated.get("SecretStringTemplate")));
        assertEquals("00D000000000002EAA", intrinsics.resolve(generated.get("GenerateStringKey")), "SalesforceOrgId, not a place in a list");
        assertEquals("true", intrinsics.resolve(generated.get("ExcludePunctuation")));
        assertTrue(Integer.parseInt(intrinsics.resolve(generated.get("PasswordLength"))) >= 32, "the listener's shortest key");
        Object keysVariable = template.functions().stream().filter(f -> f.logicalId().equals("OutboundListenerFunction")).findFirst()
                .orElseThrow().environment().get("ENDPOINT_KEYS_SECRET_ARN");
        intrinsics.ref("EndpointKeysSecret", "arn:created");
        assertEquals("arn:created", intrinsics.resolve(keysVariable));

        intrinsics.ref("EndpointKeysSecretArn", "arn:given");
        assertFalse(intrinsics.condition(keys.condition().orElseThrow()), "a given secret is used, none created");
        assertEquals("arn:given", intrinsics.resolve(keysVariable));
        intrinsics.ref("EndpointKeysSecretArn", "").ref("SenderVerification", "session");
        assertFalse(intrinsics.condition(keys.condition().orElseThrow()), "no keys for a stack that verifies sessions");
        assertEquals("", intrinsics.resolve(keysVariable));
    }

    private static Intrinsics intrinsics() {
        return new Intrinsics("local", "us-east-1", "000000000000");
    }

    private SamTemplate template(String yaml) throws IOException {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, yaml);
        return SamTemplate.load(file);
    }
}

package dev.sfbridge.callback;

import static dev.sfbridge.testing.SalesforceMetadata.SOURCE;
import static dev.sfbridge.testing.SalesforceMetadata.childWhere;
import static dev.sfbridge.testing.SalesforceMetadata.children;
import static dev.sfbridge.testing.SalesforceMetadata.only;
import static dev.sfbridge.testing.SalesforceMetadata.read;
import static dev.sfbridge.testing.SalesforceMetadata.secureFactory;
import static dev.sfbridge.testing.SalesforceMetadata.text;
import static dev.sfbridge.testing.SalesforceMetadata.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.config.Env;
import dev.sfbridge.salesforce.OrderFieldLimits;
import dev.sfbridge.testing.SalesforceMetadata;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.SimulatedFieldTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Salesforce side shipped in {@code salesforce/} agrees with the code: the outbound message with the fields
 * sends the WSDL's fields, the ID-only one the ID, each flow sends its outbound message when an opportunity
 * is won and both ship inactive for an administrator to activate one, the custom fields are the ones the callbacks write by
 * default, and the integration user may write them and read what the worker reads; the platform event has the
 * fields the callbacks publish, and the integration user may publish it; the Lightning web component subscribes
 * to it, reads only fields that exist, and its users may read them. The request-reply routes' Named Credential
 * signs with either External Credential the template's RequestReplyAuth offers, each the way the stack checks it,
 * and the callers' permission set reaches both principals; the External Client App takes the user's certificate and
 * pre-authorizes admin-approved users, and in an org whose opportunities are private a sharing rule lets the integration
 * user's group edit the won ones. (The batch sync's object and fields: {@code SyncMetadataTest}, beside the sync's
 * mapping.)
 */
class SalesforceMetadataTest {
    private static final Path WORKFLOW = SOURCE.resolve("workflows/Opportunity.workflow-meta.xml");
    private static final Path PERMISSION_SET = SOURCE.resolve("permissionsets/SFBridge_Integration.permissionset-meta.xml");
    private static final String FIELDS_MESSAGE = "SFBridge_Closed_Won";
    private static final String ID_ONLY_MESSAGE = "SFBridge_Closed_Won_Id_Only";
    /** Each flow, and the outbound message it sends. */
    private static final Map<String, String> FLOWS = Map.of(
            "SFBridge_Opportunity_Closed_Won", FIELDS_MESSAGE,
            "SFBridge_Opportunity_Closed_Won_Id_Only", ID_ONLY_MESSAGE);

    @Test
    void everyFileIsMetadataXmlWithoutADoctype() throws Exception {
        try (Stream<Path> files = Files.walk(SOURCE)) {
            List<Path> metadata = files.filter(f -> f.toString().endsWith("-meta.xml")).toList();
            assertEquals(35, metadata.size(), metadata.toString());
            for (Path file : metadata) {
                assertEquals(SalesforceMetadata.NS, read(file).getDocumentElement().getNamespaceURI(), file.toString());
            }
        }
    }

    @Test
    void theOutboundMessageSendsExactlyTheWsdlsFieldsAndNoSession() throws Exception {
        Element message = outboundMessage(FIELDS_MESSAGE);

        Set<String> wsdlFields = new TreeSet<>(opportunityElementsOfTheWsdl());
        wsdlFields.add("Id"); // on sObject, the type Opportunity extends
        assertEquals(wsdlFields, new TreeSet<>(texts(message, "fields")));
        // Salesforce ignores the flag and sends no session since February 2026 (Help 005232763): true would promise one
        assertEquals("false", text(message, "includeSessionId"));
        assertTrue(text(message, "endpointUrl").endsWith("/outbound-messages?key=THE-ORGS-ENDPOINT-KEY"),
                "the org's key in the endpoint URL, for the default SenderVerification url-secret");
    }

    @Test
    void theIdOnlyMessageSendsTheIdAloneToTheSameEndpointAsTheSameUser() throws Exception {
        Element idOnly = outboundMessage(ID_ONLY_MESSAGE);
        Element withFields = outboundMessage(FIELDS_MESSAGE);

        assertEquals(List.of("Id"), texts(idOnly, "fields"));
        assertEquals("false", text(idOnly, "includeSessionId"), "the worker reads the record with the stack's OAuth credentials");
        for (String sameForBoth : List.of("endpointUrl", "integrationUser", "apiVersion", "useDeadLetterQueue")) {
            assertEquals(text(withFields, sameForBoth), text(idOnly, sameForBoth), sameForBoth);
        }
        assertEquals(2, children(read(WORKFLOW).getDocumentElement(), "outboundMessages").size());
    }

    @Test
    void eachFlowSendsItsOutboundMessageWhenAnOpportunityIsWon() throws Exception {
        for (Map.Entry<String, String> flowAndMessage : FLOWS.entrySet()) {
            Element flow = flow(flowAndMessage.getKey());
            Element start = only(flow, "start");
            Element action = only(flow, "actionCalls");

            assertEquals("Opportunity." + text(outboundMessage(flowAndMessage.getValue()), "fullName"), text(action, "actionName"),
                    flowAndMessage.getKey());
            assertEquals("outboundMessage", text(action, "actionType"));
            assertEquals(text(action, "name"), text(only(start, "connector"), "targetReference"));
            assertEquals("Opportunity", text(start, "object"));
            assertEquals("RecordAfterSave", text(start, "triggerType"));
            assertEquals("true", text(start, "doesRequireRecordChangedToMeetCriteria"));
            // IsWon, true for every stage of the Closed/Won type: a stage's name is the org's to change
            Element filter = only(start, "filters");
            assertEquals(List.of("IsWon", "EqualTo", "true"),
                    List.of(text(filter, "field"), text(filter, "operator"), text(only(filter, "value"), "booleanValue")));
        }
    }

    @Test
    void bothFlowsShipInactiveForAnAdministratorToActivateOne() throws Exception {
        // an active flow deploys to production inactive, or needs Apex tests covering it: activated by hand instead
        for (String name : FLOWS.keySet()) {
            assertEquals("Draft", text(flow(name), "status"), name);
        }
        // the same trigger: switching flows changes the message, never which changes send one
        assertTrue(only(flow("SFBridge_Opportunity_Closed_Won"), "start").isEqualNode(only(flow("SFBridge_Opportunity_Closed_Won_Id_Only"), "start")));
    }

    @Test
    void theIntegrationUserMayReadWhatTheWorkersQueryReads() throws Exception {
        Element permissions = read(PERMISSION_SET).getDocumentElement();

        // fields with field-level security among those the query reads; the others follow the object's read
        for (String field : List.of("Opportunity.AccountId", "Opportunity.Amount", "OpportunityLineItem.ProductCode")) {
            Element granted = childWhere(permissions, "fieldPermissions", "field", field);
            assertEquals(List.of("true", "false"), List.of(text(granted, "readable"), text(granted, "editable")), field);
        }
        // Product2.Name of each line item; OpportunityLineItem itself follows Opportunity
        Element products = childWhere(permissions, "objectPermissions", "object", "Product2");
        assertEquals(List.of("true", "false", "false", "false"), List.of(text(products, "allowRead"),
                text(products, "allowEdit"), text(products, "allowCreate"), text(products, "allowDelete")));
        // the session's user calls the REST API
        assertEquals("true", text(childWhere(permissions, "userPermissions", "name", "ApiEnabled"), "enabled"));
    }

    @Test
    void theCustomFieldsAreTheOnesTheCallbacksWriteAndTheIntegrationUserMayEditThem() throws Exception {
        FieldMapping defaults = FieldMapping.from(new Env(Map.of()));
        Path fields = SOURCE.resolve("objects").resolve(defaults.objectType()).resolve("fields");
        Element permissions = read(PERMISSION_SET).getDocumentElement();

        for (String field : List.of(defaults.orderNumberField(), defaults.orderStatusField(), defaults.statusChangedAtField(),
                defaults.statusChangedAtMsField())) {
            Element definition = read(fields.resolve(field + ".field-meta.xml")).getDocumentElement();
            assertEquals(field, text(definition, "fullName"));
            if (field.equals(defaults.statusChangedAtField())) {
                assertEquals("DateTime", text(definition, "type"), "the validation rule compares it as a time");
            } else if (field.equals(defaults.statusChangedAtMsField())) {
                // 18 digits is a Number's most; epoch milliseconds take 13 until the year 2286
                assertEquals(List.of("Number", "18", "0"), List.of(text(definition, "type"), text(definition, "precision"),
                        text(definition, "scale")), "the validation rule compares it as a whole number of milliseconds");
            } else {
                assertEquals("Text", text(definition, "type"));
                assertTrue(Integer.parseInt(text(definition, "length")) >= 40, field + " holds an order number or status");
            }
            Element granted = childWhere(permissions, "fieldPermissions", "field", defaults.objectType() + "." + field);
            assertEquals("true", text(granted, "editable"), field);
        }
        Element object = childWhere(permissions, "objectPermissions", "object", defaults.objectType());
        assertEquals(List.of("true", "true"), List.of(text(object, "allowRead"), text(object, "allowEdit")));
    }

    @Test
    void thePlatformEventHasExactlyTheFieldsTheCallbacksPublishAndTheIntegrationUserMayPublishIt() throws Exception {
        Path event = SOURCE.resolve("objects").resolve(OrderUpdateEvents.EVENT);
        Element definition = read(event.resolve(OrderUpdateEvents.EVENT + ".object-meta.xml")).getDocumentElement();
        assertEquals(List.of("HighVolume", "PublishImmediately", "Deployed"),
                List.of(text(definition, "eventType"), text(definition, "publishBehavior"), text(definition, "deploymentStatus")));

        FieldMapping defaults = FieldMapping.from(new Env(Map.of()));
        Path recordFields = SOURCE.resolve("objects").resolve(defaults.objectType()).resolve("fields");
        // each event field holds what the record's field holds: the same type, at least its length
        Map<String, String> heldLike = Map.of(OrderUpdateEvents.ORDER_NUMBER, defaults.orderNumberField(),
                OrderUpdateEvents.STATUS, defaults.orderStatusField(), OrderUpdateEvents.CHANGED_AT, defaults.statusChangedAtField(),
                OrderUpdateEvents.CHANGED_AT_MS, defaults.statusChangedAtMsField());
        Set<String> published = Set.of(OrderUpdateEvents.RECORD_ID, OrderUpdateEvents.ORDER_NUMBER, OrderUpdateEvents.STATUS,
                OrderUpdateEvents.CHANGED_AT, OrderUpdateEvents.CHANGED_AT_MS);
        try (Stream<Path> files = Files.list(event.resolve("fields"))) {
            Set<String> expected = published.stream().map(f -> f + ".field-meta.xml").collect(Collectors.toCollection(TreeSet::new));
            Set<String> found = files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(expected, found, "no field the callbacks leave out, none they send that the event lacks");
        }
        for (String field : published) {
            Element eventField = read(event.resolve("fields").resolve(field + ".field-meta.xml")).getDocumentElement();
            assertEquals(field, text(eventField, "fullName"));
            assertTrue(Set.of("Checkbox", "Date", "DateTime", "Number", "Text", "LongTextArea").contains(text(eventField, "type")),
                    field + ": a type platform events support");
            // a required field the callbacks may leave out would make Salesforce refuse the event
            assertEquals(!field.equals(OrderUpdateEvents.STATUS), Boolean.parseBoolean(text(eventField, "required")), field);
            if (field.equals(OrderUpdateEvents.RECORD_ID)) {
                assertEquals(List.of("Text", "18"), List.of(text(eventField, "type"), text(eventField, "length")));
                continue;
            }
            Element recordField = read(recordFields.resolve(heldLike.get(field) + ".field-meta.xml")).getDocumentElement();
            assertEquals(text(recordField, "type"), text(eventField, "type"), field);
            if (text(recordField, "type").equals("Text")) {
                assertTrue(Integer.parseInt(text(eventField, "length")) >= Integer.parseInt(text(recordField, "length")), field);
            }
            if (text(recordField, "type").equals("Number")) {
                assertEquals(List.of(text(recordField, "precision"), text(recordField, "scale")),
                        List.of(text(eventField, "precision"), text(eventField, "scale")), field);
            }
        }

        Element permissions = read(SOURCE.resolve("permissionsets/SFBridge_Integration.permissionset-meta.xml")).getDocumentElement();
        Element publish = childWhere(permissions, "objectPermissions", "object", OrderUpdateEvents.EVENT);
        assertEquals(List.of("true", "true", "false", "false"), List.of(text(publish, "allowCreate"), text(publish, "allowRead"),
                text(publish, "allowEdit"), text(publish, "allowDelete")), "Create is what publishing takes; an event has no more");
    }

    @Test
    void theComponentSubscribesToTheEventAndReadsOnlyFieldsThatExistAndItsUsersMayRead() throws Exception {
        FieldMapping defaults = FieldMapping.from(new Env(Map.of()));
        Path bundle = SOURCE.resolve("lwc/erpOrderStatus");
        String js = Files.readString(bundle.resolve("erpOrderStatus.js"));

        assertTrue(js.contains("'/event/" + OrderUpdateEvents.EVENT + "'"), "the channel of the event the callbacks publish");
        assertEquals(new TreeSet<>(List.of(OrderUpdateEvents.RECORD_ID, OrderUpdateEvents.ORDER_NUMBER, OrderUpdateEvents.STATUS,
                OrderUpdateEvents.CHANGED_AT, OrderUpdateEvents.CHANGED_AT_MS)), matches(js, "event\\.(\\w+__c)"),
                "the event's fields it reads, all of them published");
        Set<String> recordFields = new TreeSet<>(List.of(defaults.orderNumberField(), defaults.orderStatusField(), defaults.statusChangedAtField(),
                defaults.statusChangedAtMsField()));
        assertEquals(recordFields.stream().map(f -> defaults.objectType() + "." + f).collect(Collectors.toCollection(TreeSet::new)),
                matches(js, "@salesforce/schema/(\\w+\\.\\w+)"), "the record's fields it reads: the ones the callbacks write");

        Element meta = read(bundle.resolve("erpOrderStatus.js-meta.xml")).getDocumentElement();
        assertEquals("true", text(meta, "isExposed"));
        assertEquals("lightning__RecordPage", text(only(meta, "targets"), "target"));
        Element targetConfig = only(only(meta, "targetConfigs"), "targetConfig");
        assertEquals(defaults.objectType(), text(only(targetConfig, "objects"), "object"));
        assertEquals("Large", only(only(targetConfig, "supportedFormFactors"), "supportedFormFactor").getAttribute("type"),
                "desktop only: lightning/empApi is not supported in the mobile app");

        Element viewer = read(SOURCE.resolve("permissionsets/SFBridge_Order_Status_Viewer.permissionset-meta.xml")).getDocumentElement();
        Element subscribe = childWhere(viewer, "objectPermissions", "object", OrderUpdateEvents.EVENT);
        assertEquals(List.of("true", "false"), List.of(text(subscribe, "allowRead"), text(subscribe, "allowCreate")),
                "subscribing takes Read; publishing is the integration user's");
        for (String field : recordFields) {
            Element granted = children(viewer, "fieldPermissions").stream()
                    .filter(p -> text(p, "field").equals(defaults.objectType() + "." + field)).findFirst().orElse(null);
            assertNotNull(granted, field + " is not readable with the viewer permission set");
            assertEquals(List.of("true", "false"), List.of(text(granted, "readable"), text(granted, "editable")), field);
        }
    }

    private static Set<String> matches(String text, String regex) {
        return Pattern.compile(regex).matcher(text).results().map(m -> m.group(1))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The lengths the ERP events route refuses longer values by ({@link OrderFieldLimits}), and the types the simulated
     * org checks values by ({@link SimulatedFieldTypes}), are the fields' {@code <type>} and {@code <length>}.
     */
    @Test
    void theFieldLimitsTheRouteAndTheSimulatedOrgCheckAreTheMetadatas() throws Exception {
        Map<String, Integer> textLengths = new java.util.HashMap<>();
        Set<String> dateTimes = new TreeSet<>();
        Map<String, Integer> wholeNumberDigits = new java.util.HashMap<>();
        for (String object : List.of("Opportunity", OrderUpdateEvents.EVENT)) {
            try (Stream<Path> files = Files.list(SOURCE.resolve("objects/" + object + "/fields"))) {
                for (Path file : files.toList()) {
                    Element field = read(file).getDocumentElement();
                    String name = object + "." + text(field, "fullName");
                    switch (text(field, "type")) {
                        case "Text" -> textLengths.put(name, Integer.parseInt(text(field, "length")));
                        case "DateTime" -> dateTimes.add(name);
                        case "Number" -> {
                            assertEquals("0", text(field, "scale"), name + ": the simulated org knows whole numbers only");
                            wholeNumberDigits.put(name, Integer.parseInt(text(field, "precision")));
                        }
                        default -> { }
                    }
                }
            }
        }
        assertEquals(textLengths, SimulatedFieldTypes.TEXT_LENGTHS);
        assertEquals(dateTimes, new TreeSet<>(SimulatedFieldTypes.DATE_TIMES));
        assertEquals(wholeNumberDigits, SimulatedFieldTypes.WHOLE_NUMBER_DIGITS);
        assertEquals(OrderFieldLimits.ORDER_NUMBER, textLengths.get("Opportunity.ERP_Order_Number__c"));
        assertEquals(OrderFieldLimits.ORDER_NUMBER, textLengths.get(OrderUpdateEvents.EVENT + "." + OrderUpdateEvents.ORDER_NUMBER));
        assertEquals(OrderFieldLimits.STATUS, textLengths.get("Opportunity.ERP_Order_Status__c"));
        assertEquals(OrderFieldLimits.STATUS, textLengths.get(OrderUpdateEvents.EVENT + "." + OrderUpdateEvents.STATUS));
    }

    @Test
    void aValidationRuleRefusesAnOlderStatusWithTheMessageTheCallbacksRecognise() throws Exception {
        FieldMapping defaults = FieldMapping.from(new Env(Map.of()));
        Element rule = read(SOURCE.resolve("objects").resolve(defaults.objectType())
                .resolve("validationRules/SFBridge_No_Older_ERP_Status.validationRule-meta.xml")).getDocumentElement();
        String field = defaults.statusChangedAtField();
        String msField = defaults.statusChangedAtMsField();

        assertEquals("SFBridge_No_Older_ERP_Status", text(rule, "fullName"));
        assertEquals("true", text(rule, "active"));
        String formula = text(rule, "errorConditionFormula").replaceAll("\\s+", "");
        for (String compared : List.of(field, msField)) {
            // an older value is refused only against a value the record holds: one without milliseconds falls back to the DateTime
            assertTrue(formula.contains("ISCHANGED(" + compared + ")"), formula);
            assertTrue(formula.contains("NOT(ISBLANK(PRIORVALUE(" + compared + ")))"), formula);
            assertTrue(formula.contains(compared + "<PRIORVALUE(" + compared + ")"), formula);
        }
        assertEquals(field, text(rule, "errorDisplayField"));
        assertTrue(text(rule, "errorMessage").startsWith(StaleStatusRule.MARKER), "the callbacks count it as stale");
        assertEquals(SalesforceSimulator.STALE_STATUS_MESSAGE, text(rule, "errorMessage"), "the simulator answers the same");
        assertEquals(SalesforceSimulator.STATUS_CHANGED_AT, field);
        assertEquals(SalesforceSimulator.STATUS_CHANGED_AT_MS, msField);
    }

    /** The template's authorizer for each External Credential (docs/request-reply.md, "Authentication"). */
    private static final Map<String, String> REQUEST_REPLY_AUTH = Map.of(
            "SFBridge_Request_Reply_IAM", "AWS_IAM", "SFBridge_Request_Reply_JWT", "JwtAuthorizer");
    private static final Path TEMPLATE = SOURCE.getParent().getParent().getParent().getParent().resolve("template.yaml");

    @Test
    void theNamedCredentialCallsTheRequestReplyEndpointThroughAnExternalCredentialOfTheTemplatesChoice() throws Exception {
        Element named = read(SOURCE.resolve("namedCredentials/SFBridge_Request_Reply.namedCredential-meta.xml")).getDocumentElement();

        assertEquals("SecuredEndpoint", text(named, "namedCredentialType"), "not a legacy named credential");
        assertEquals("true", text(named, "generateAuthorizationHeader"), "Salesforce writes the signature or the token");
        assertEquals("false", text(named, "allowMergeFieldsInHeader"));
        Element url = childWhere(named, "namedCredentialParameters", "parameterType", "Url");
        assertTrue(text(url, "parameterValue").matches("https://[^/]+\\.execute-api\\.[a-z0-9-]+\\.amazonaws\\.com/prod"),
                "the RequestReplyEndpoint output's form, stage prod: " + text(url, "parameterValue"));
        Element authentication = childWhere(named, "namedCredentialParameters", "parameterType", "Authentication");
        assertEquals("SFBridge_Request_Reply_IAM", text(authentication, "externalCredential"), "IAM, the template's default");

        String template = Files.readString(TEMPLATE);
        var allowed = Pattern.compile("RequestReplyAuth:\\s+Type: String\\s+Default: AWS_IAM\\s+AllowedValues: \\[([^]]+)]").matcher(template);
        assertTrue(allowed.find(), "template.yaml's RequestReplyAuth");
        assertEquals(new TreeSet<>(REQUEST_REPLY_AUTH.values()), new TreeSet<>(List.of(allowed.group(1).split(",\\s*"))));
        assertTrue(template.contains("RestApiId: !Ref RequestReplyApi\n            Path: /orders"), "the route Apex calls");
    }

    @Test
    void theIamExternalCredentialSignsForApiGatewayAndHoldsNoKey() throws Exception {
        Element credential = externalCredential("SFBridge_Request_Reply_IAM");

        assertEquals("AwsSv4", text(credential, "authenticationProtocol"));
        assertEquals("execute-api", parameter(credential, "AuthParameter", "AwsService"),
                "API Gateway's IAM authorization checks signatures for the service execute-api");
        assertTrue(parameter(credential, "AuthParameter", "AwsRegion").matches("[a-z]{2}(-[a-z]+)+-\\d"));
        assertNoSecrets(credential);
    }

    @Test
    void theJwtExternalCredentialSendsTheClaimsTheAuthorizerChecks() throws Exception {
        Element credential = externalCredential("SFBridge_Request_Reply_JWT");
        Element named = read(SOURCE.resolve("namedCredentials/SFBridge_Request_Reply.namedCredential-meta.xml")).getDocumentElement();

        assertEquals("Jwt", text(credential, "authenticationProtocol"));
        Element signing = parameterElement(credential, "SigningCertificate", "SigningCertificate");
        assertEquals("SFBridge_Request_Reply", text(signing, "certificate"), "a SigningCertificate parameter names it in certificate");
        assertTrue(children(signing, "parameterValue").isEmpty(), "not in parameterValue");
        assertTrue(parameter(credential, "JwtBodyClaim", "iss").matches("https://[^/]+\\.my\\.salesforce\\.com"), "the org's My Domain");
        assertEquals(text(childWhere(named, "namedCredentialParameters", "parameterType", "Url"), "parameterValue"),
                parameter(credential, "JwtBodyClaim", "aud"), "the audience is the endpoint the token is sent to");
        assertEquals("SFBridge_Request_Reply_JWT-Integration", parameter(credential, "JwtBodyClaim", "sub"));
        assertNoSecrets(credential);
        String template = Files.readString(TEMPLATE);
        for (String parameter : List.of("RequestReplyJwtPublicKeys", "RequestReplyJwtIssuer", "RequestReplyJwtAudience")) {
            assertTrue(template.contains(": !Ref " + parameter), "the authorizer is given " + parameter);
        }
    }

    @Test
    void theCallersPermissionSetReachesThePrincipalOfEachExternalCredential() throws Exception {
        Element permissionSet = read(SOURCE.resolve("permissionsets/SFBridge_Request_Reply_Caller.permissionset-meta.xml")).getDocumentElement();

        Set<String> principals = new TreeSet<>();
        for (String name : REQUEST_REPLY_AUTH.keySet()) {
            children(externalCredential(name), "externalCredentialParameters").stream()
                    .filter(p -> text(p, "parameterType").equals("NamedPrincipal"))
                    .forEach(p -> principals.add(name + "-" + text(p, "parameterName")));
        }
        assertEquals(2, principals.size(), principals.toString());
        Set<String> granted = new TreeSet<>();
        for (Element access : children(permissionSet, "externalCredentialPrincipalAccesses")) {
            assertEquals("true", text(access, "enabled"));
            granted.add(text(access, "externalCredentialPrincipal"));
        }
        assertEquals(principals, granted);
    }

    /** The External Client App's header, then its OAuth plugin's files, each named after it and naming it. */
    private static final String APP = "SFBridge_Callbacks";

    @Test
    void thereIsNoConnectedAppAnOrgWouldRefuseToCreate() {
        // since Spring '26 creating one, through the Metadata API too, needs Salesforce Support; the deploy would fail
        assertTrue(Files.notExists(SOURCE.resolve("connectedApps")), "an External Client App instead");
    }

    @Test
    void theExternalClientAppTakesTheUsersCertificateForTheJwtBearerFlowAndAsksForTheApiOnly() throws Exception {
        Element app = appFile("externalClientApps", ".eca-meta.xml");
        assertEquals(List.of("Local", "false"), List.of(text(app, "distributionState"), text(app, "isProtected")));
        assertTrue(children(app, "orgScopedExternalApp").isEmpty(), "an org's ID: the org fills it in");

        Element settings = appFile("extlClntAppOauthSettings", ".ecaOauth-meta.xml");
        assertEquals("Api", text(settings, "commaSeparatedOauthScopes"), "the REST API, nothing more");
        assertTrue(children(settings, "oauthLink").isEmpty(), "an org's ID: the org fills it in");

        Element global = appFile("extlClntAppGlobalOauthSets", ".ecaGlblOauth-meta.xml");
        assertTrue(text(global, "certificate").matches("(?s)-----BEGIN CERTIFICATE-----\\n.+\\n-----END CERTIFICATE-----"),
                "a PEM certificate, which turns the JWT bearer flow on: the placeholder docs/salesforce-setup.md says to replace");
        for (String generated : List.of("consumerKey", "consumerSecret")) {
            assertTrue(children(global, generated).isEmpty(), generated + ": generated by the org, never in source control");
        }
    }

    @Test
    void theExternalClientAppPreAuthorizesAdminApprovedUsersAndLeavesOrgSpecificValuesToSetup() throws Exception {
        Element policies = appFile("extlClntAppOauthPolicies", ".ecaOauthPlcy-meta.xml");

        assertEquals("AdminApprovedPreAuthorized", text(policies, "permittedUsersPolicyType"),
                "the JWT bearer flow issues tokens only to pre-authorized users");
        // permission set IDs and a username differ per org: set in Setup after the deploy (docs/salesforce-setup.md)
        for (String perOrg : List.of("commaSeparatedPermissionSet", "commaSeparatedProfile", "clientCredentialsFlowUser")) {
            assertTrue(children(policies, perOrg).isEmpty(), perOrg);
        }
        // the client credentials flow stays off until its run-as user is chosen, in both halves of the plugin
        assertEquals("false", text(policies, "isClientCredentialsFlowEnabled"));
        assertEquals("false", text(appFile("extlClntAppGlobalOauthSets", ".ecaGlblOauth-meta.xml"), "isClientCredentialsFlowEnabled"));
        assertTrue(Files.exists(PERMISSION_SET), "the permission set the docs say to pre-authorize is deployed with it");
    }

    private static Element appFile(String folder, String suffix) throws Exception {
        Element root = read(SOURCE.resolve(folder).resolve(APP + suffix)).getDocumentElement();
        if (!folder.equals("externalClientApps")) {
            assertEquals(APP, text(root, "externalClientApplication"), folder);
        }
        return root;
    }

    /** {@code salesforce/private-sharing}: deployed after force-app where Opportunity's default access is not Public Read/Write. */
    private static final Path PRIVATE_SHARING = SOURCE.getParent().getParent().getParent().resolve("private-sharing/main/default");

    @Test
    void inAPrivateOrgASharingRuleLetsTheIntegrationUsersGroupEditEveryWonOpportunity() throws Exception {
        Element group = read(PRIVATE_SHARING.resolve("groups/SFBridge_Integration.group-meta.xml")).getDocumentElement();
        Element rules = read(PRIVATE_SHARING.resolve("sharingRules/Opportunity.sharingRules-meta.xml")).getDocumentElement();
        Element rule = only(rules, "sharingCriteriaRules");

        assertEquals("Edit", text(rule, "accessLevel"), "the callbacks PATCH the opportunity");
        assertEquals("SFBridge_Integration", text(only(rule, "sharedTo"), "group"));
        assertEquals("false", text(group, "doesIncludeBosses"));
        Element criterion = only(rule, "criteriaItems");
        assertEquals(List.of("IsWon", "equals", "True"),
                List.of(text(criterion, "field"), text(criterion, "operation"), text(criterion, "value")),
                "the opportunities the flows send: the won ones");
        assertEquals("true", text(rule, "includeRecordsOwnedByAll"), "whoever owns them");
        // the object permission still has to allow the edit; the rule only widens which records
        Element object = childWhere(read(PERMISSION_SET).getDocumentElement(), "objectPermissions", "object", "Opportunity");
        assertEquals(List.of("true", "false"), List.of(text(object, "allowEdit"), text(object, "modifyAllRecords")));

        String project = Files.readString(PRIVATE_SHARING.getParent().getParent().getParent().resolve("sfdx-project.json"));
        assertTrue(project.contains("{ \"path\": \"private-sharing\" }"), "a package directory of its own, checked by ./dev sf-convert");
    }

    private static Element externalCredential(String name) throws Exception {
        return read(SOURCE.resolve("externalCredentials").resolve(name + ".externalCredential-meta.xml")).getDocumentElement();
    }

    /** The value of the credential's one parameter of this type and name. */
    private static String parameter(Element credential, String type, String name) {
        return text(parameterElement(credential, type, name), "parameterValue");
    }

    /** The credential's one parameter of this type and name. */
    private static Element parameterElement(Element credential, String type, String name) {
        List<Element> found = children(credential, "externalCredentialParameters").stream()
                .filter(p -> text(p, "parameterType").equals(type) && text(p, "parameterName").equals(name)).toList();
        assertEquals(1, found.size(), type + " " + name);
        return found.getFirst();
    }

    /** An access key, a secret or a private key is set in the org, never in metadata. */
    private static void assertNoSecrets(Element credential) {
        String all = credential.getTextContent();
        assertTrue(!all.contains("AKIA") && !all.contains("PRIVATE KEY") && !all.toLowerCase().contains("secret"), all);
    }

    private static List<String> opportunityElementsOfTheWsdl() throws Exception {
        try (InputStream wsdl = SalesforceMetadataTest.class.getResourceAsStream("/wsdl/opportunity-outbound-message.wsdl")) {
            assertNotNull(wsdl, "the layer's WSDL is on the class path");
            DocumentBuilderFactory factory = secureFactory();
            NodeList types = factory.newDocumentBuilder().parse(wsdl).getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "complexType");
            Element opportunity = IntStream.range(0, types.getLength()).mapToObj(i -> (Element) types.item(i))
                    .filter(t -> "Opportunity".equals(t.getAttribute("name"))).findFirst().orElseThrow();
            NodeList elements = opportunity.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "element");
            return IntStream.range(0, elements.getLength()).mapToObj(i -> ((Element) elements.item(i)).getAttribute("name")).toList();
        }
    }

    private static Element outboundMessage(String fullName) throws Exception {
        return childWhere(read(WORKFLOW).getDocumentElement(), "outboundMessages", "fullName", fullName);
    }

    private static Element flow(String name) throws Exception {
        return read(SOURCE.resolve("flows").resolve(name + ".flow-meta.xml")).getDocumentElement();
    }
}

package dev.sfbridge.testing;

import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.model.SessionId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sample events of the callback function (an SQS event off the callbacks queue) and of the ERP events
 * route (an API Gateway event of a signed ERP status event). {@link #erpSignature} is written from
 * docs/callbacks.md, apart from the function's verifier, as an ERP developer would write it.
 */
public final class CallbackSampleEvents {
    public static final String CALLBACK_EVENT = "salesforce-callback.json";
    public static final String ERP_ORDER_EVENT = "erp-order-event.json";
    /** The org the samples name; tests point it at a {@link SalesforceSimulator}. */
    public static final String INSTANCE_URL = "https://sfbridge-dev.my.salesforce.com";
    /** The HMAC secret the ERP sample is signed with: a sample, never a deployed secret. */
    public static final String ERP_SIGNING_SECRET = "sfbridge-sample-signing-secret-not-for-production";
    /** When the ERP sample was signed: 2026-11-23T12:00:00Z; its test runs on a clock set to it. */
    public static final long ERP_SIGNED_AT = 1_795_435_200L;
    public static final Instant STATUS_CHANGED_AT = Instant.parse("2026-11-23T11:59:30.250Z");

    private CallbackSampleEvents() {}

    /** Two callbacks from the order worker (the outbound message's session, already expired), one from an ERP event. */
    public static List<CallbackRequest> callbacks() {
        SessionId session = new SessionId(OutboundMessages.SESSION_ID);
        return List.of(
                new CallbackRequest(CallbackRequest.SCHEMA_VERSION, TestIds.id("04l", 1), TestIds.ORG, "Opportunity",
                        TestIds.id("006", 1), "SO-000101", "Booked", Instant.parse("2026-11-23T11:58:00Z"), INSTANCE_URL, session),
                new CallbackRequest(CallbackRequest.SCHEMA_VERSION, TestIds.id("04l", 2), TestIds.ORG, "Opportunity",
                        TestIds.id("006", 2), "SO-000102", "Booked", Instant.parse("2026-11-23T11:58:01Z"), INSTANCE_URL, session),
                new CallbackRequest(CallbackRequest.SCHEMA_VERSION, null, TestIds.ORG, "Opportunity",
                        TestIds.id("006", 3), "SO-000103", "Shipped", STATUS_CHANGED_AT, null, null));
    }

    /** An SQS event as Lambda's event source mapping delivers it, one record per callback. */
    public static String sqsEvent(List<CallbackRequest> callbacks) {
        return SampleEvents.sqsEvent("sfbridge-callbacks", "AROAEXAMPLE:sfbridge-order-worker",
                callbacks.stream().map(QueueJson::write).toList());
    }

    /** The ERP's status event, as the ERP sends it. */
    public static String erpOrderEventBody() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("orderNumber", "SO-000103");
        event.put("salesforceRecordId", TestIds.id("006", 3));
        event.put("organizationId", TestIds.ORG);
        event.put("status", "Shipped");
        event.put("changedAt", STATUS_CHANGED_AT.toString());
        return QueueJson.write(event);
    }

    /** {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}, keyed with the secret's UTF-8 bytes. */
    public static String erpSignature(String secret, long unixSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((unixSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An API Gateway event of the ERP's signed POST to /erp/order-events: the committed sample, signed at {@link #ERP_SIGNED_AT}. */
    public static String erpOrderApiGatewayEvent() {
        return erpOrderApiGatewayEvent(ERP_SIGNING_SECRET, ERP_SIGNED_AT);
    }

    /** The same event signed with {@code secret} at {@code signedAt} (unix seconds). */
    public static String erpOrderApiGatewayEvent(String secret, long signedAt) {
        String body = erpOrderEventBody();
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "erp-status-publisher/2.4");
        headers.put("X-Sfbridge-Signature", erpSignature(secret, signedAt, body));
        return SampleEvents.apiGatewayEvent("/erp/order-events", headers, "198.51.100.24", body);
    }

    static void write(Path dir) throws IOException {
        Files.writeString(dir.resolve(CALLBACK_EVENT), sqsEvent(callbacks()));
        Files.writeString(dir.resolve(ERP_ORDER_EVENT), erpOrderApiGatewayEvent());
    }
}

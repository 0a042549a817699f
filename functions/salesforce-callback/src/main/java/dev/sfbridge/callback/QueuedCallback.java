package dev.sfbridge.callback;

import dev.sfbridge.idempotency.DataDigest;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.salesforce.RecordUpdate;
import java.util.Arrays;

/** A callback message that was read and mapped: its SQS message ID and body, the request, its record's update. */
record QueuedCallback(String messageId, String body, CallbackRequest request, RecordUpdate update) {
    /** What the status guard keeps of the status written: the status and the order number written with it. */
    String statusDigest() {
        return DataDigest.of(Arrays.asList(request.orderStatus(), request.orderNumber()));
    }
}

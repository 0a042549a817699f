package dev.sfbridge.callback;

import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.salesforce.RecordUpdate;

/** A callback message that was read and mapped: its SQS message ID and body, the request, its record's update. */
record QueuedCallback(String messageId, String body, CallbackRequest request, RecordUpdate update) {}

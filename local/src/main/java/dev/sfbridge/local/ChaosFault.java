package dev.sfbridge.local;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The faults a chaos run injects ({@code ./dev up --chaos KINDS}), each with its flag name and how often it
 * strikes: the share of the records, or of the calls, that the seed picks for it.
 */
enum ChaosFault {
    ERP_5XX("the ERP answers 503 one to three times to a record's order", 0.05),
    ERP_TIMEOUT("the ERP does not answer a record's order request: the worker's 5 s timeout ends it", 0.01),
    ERP_LOST_ANSWER("the ERP writes a record's order and its answer is lost", 0.01),
    /** Its share is unused: the window is {@link ChaosPlan#ERP_DOWN_ANSWERS} requests, whatever the run's size. */
    ERP_DOWN("the ERP answers 503 to every order request of a window, long enough to open the worker's circuit", 0),
    POISON("the ERP refuses a record's order for good: 422 validation_failed", 0.01),
    SF_401("Salesforce answers 401 INVALID_SESSION_ID to an API call (a share of the notifications)", 0.002),
    SF_503("Salesforce answers 503 to an API call (a share of the notifications)", 0.002),
    SF_LIMIT("Salesforce answers 403 REQUEST_LIMIT_EXCEEDED to an API call (a share of the notifications)", 0.002),
    DYNAMODB_THROTTLE("DynamoDB throttles an item call of the functions: ProvisionedThroughputExceededException", 0.02),
    SQS_REDELIVER("a processed message is not deleted: its visibility runs out and it is delivered again", 0.02),
    LISTENER_CRASH("the listener dies after enqueueing a message's notifications, before acking: Salesforce sends it again", 0.25),
    WORKER_CRASH("the order worker dies after processing a batch, before returning: the whole batch comes again", 0.1),
    CALLBACK_CRASH("the callback function dies after writing a batch, before returning: the whole batch comes again", 0.1),
    RACE("a second, newer change of a record is sent too, before or after the first", 0.03),
    ERP_STATUS("the ERP moves a record's new order on (CONFIRMED, then SHIPPED) and posts each status to the ERP events route",
            0.05),
    SAME_SECOND("a second change of a record within the same second (the same SystemModstamp) with other data, the org's, "
            + "is sent too, before or after the first", 0.02),
    RESEND_NEWER("a message's first ack is lost and its records change before Salesforce sends it again: the same "
            + "notification IDs with the records' newer data", 0.01),
    /** Its share is of the scenario's records, made as records of their own: the run's records are all Closed Won. */
    DELETED("a notification of a record deleted before delivery, without sObject fields: acked, never queued", 0.005),
    /** Its share is of each step boundary's calls ({@link InvocationKills}): every kill costs a batch's redelivery. */
    WORKER_KILL("an order worker invocation dies between two of its steps: nothing more of it happens, the batch comes again",
            0.001),
    CALLBACK_KILL("a callback invocation dies between two of its steps: nothing more of it happens, the batch comes again", 0.001),
    SQS_MID_REDELIVER("a received notification is visible again at once, while the worker works on it: another poll receives it",
            0.02);

    final String description;
    /** The share of records or calls the fault strikes. */
    final double share;

    ChaosFault(String description, double share) {
        this.description = description;
        this.share = share;
    }

    /** Its name on the command line: {@code erp-5xx}, {@code sqs-redeliver}, … */
    String flag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code all}, or a comma-separated list of flag names. */
    static Set<ChaosFault> parse(String kinds) {
        if (kinds.equals("all")) {
            return EnumSet.allOf(ChaosFault.class);
        }
        Set<ChaosFault> chosen = EnumSet.noneOf(ChaosFault.class);
        for (String kind : kinds.split(",")) {
            chosen.add(Arrays.stream(values()).filter(f -> f.flag().equals(kind.strip())).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("--chaos takes all or some of " + flags() + ", not " + kind)));
        }
        return chosen;
    }

    static String flags() {
        return Arrays.stream(values()).map(ChaosFault::flag).collect(Collectors.joining(","));
    }

    /** The flag names, five to a line, every line after the first indented. */
    static String flagLines(String indent) {
        ChaosFault[] all = values();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < all.length; i++) {
            lines.append(i == 0 ? "" : i % 5 == 0 ? ",\n" + indent : ",").append(all[i].flag());
        }
        return lines.toString();
    }
}

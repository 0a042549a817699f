package dev.sfbridge.worker;

import dev.sfbridge.model.OrderLine;
import dev.sfbridge.salesforce.SalesforceException;
import java.util.List;
import java.util.Map;

/** What reading a notification's record from Salesforce gave, before the notification is processed. */
sealed interface Fetched {
    /**
     * The record as it is now.
     *
     * @param fields the Opportunity's fields as text, as a notification carries them (a null field left out)
     * @param lines  its line items, all of them
     */
    record Current(Map<String, String> fields, List<OrderLine> lines) implements Fetched {
        public Current {
            fields = Map.copyOf(fields);
            lines = List.copyOf(lines);
        }
    }

    /** No order can be made: the record is in the recycle bin, or the query did not return it (no access, or hard-deleted). */
    record Gone(Reason reason) implements Fetched {}

    /** Reading it failed: the kind says whether it goes back to the queue or to the dead-letter queue. */
    record Failed(SalesforceException error) implements Fetched {}

    enum Reason {
        DELETED("deleted"), NOT_VISIBLE("not_visible");

        private final String value;

        Reason(String value) {
            this.value = value;
        }

        /** As logged and as the metric's {@code Reason}. */
        String value() {
            return value;
        }
    }
}

package dev.sfbridge.salesforce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a query read: its records as Salesforce's JSON ({@code attributes}, the fields selected, a child
 * relationship as {@code {totalSize, done: true, records}} with all its rows, or null when it has none), and
 * the API calls it took (one per page of the result and of each child list beyond the first).
 */
public record QueryResult(List<ObjectNode> records, int calls) {
    public QueryResult {
        records = List.copyOf(records);
    }
}

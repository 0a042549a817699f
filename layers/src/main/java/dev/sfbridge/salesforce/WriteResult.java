package dev.sfbridge.salesforce;

import java.util.List;

/**
 * The records of one API call, in request order, and the org's API usage as that call's
 * {@code Sforce-Limit-Info} header reported it ({@code api-usage=N/M}; null when absent).
 */
public record WriteResult(List<RecordResult> records, String apiUsage) {
    public WriteResult {
        records = List.copyOf(records);
    }
}

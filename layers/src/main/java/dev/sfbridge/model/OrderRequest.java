package dev.sfbridge.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The order the ERP creates or updates for one Salesforce record: the body of
 * {@code PUT /orders/by-salesforce-id/{salesforceRecordId}} (docs/erp-api.md).
 *
 * @param sourceModifiedAt the record's SystemModstamp (or LastModifiedDate) when the change was sent
 * @param lines the order's lines when they are known (the record was read from Salesforce with its line items):
 *              the ERP replaces the order's lines with them, an empty list included; {@code null} (a message with
 *              the fields only, which cannot carry related records) leaves the lines the ERP holds as they are
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderRequest(
        String salesforceRecordId,
        String salesforceOrgId,
        String customerAccountId,
        String name,
        BigDecimal amount,
        LocalDate closeDate,
        String ownerId,
        String stage,
        Instant sourceModifiedAt,
        List<OrderLine> lines) {

    public OrderRequest {
        lines = lines == null ? null : List.copyOf(lines);
    }
}

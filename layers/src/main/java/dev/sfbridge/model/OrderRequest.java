package dev.sfbridge.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The order the ERP creates or updates for one Salesforce record: the body of
 * {@code PUT /orders/by-salesforce-id/{salesforceRecordId}} (docs/erp-api.md).
 *
 * @param sourceModifiedAt the record's SystemModstamp (or LastModifiedDate) when the change was sent
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
        Instant sourceModifiedAt) {}

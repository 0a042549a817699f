package dev.sfbridge.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;

/**
 * One line of an ERP order: one of the Opportunity's products (an {@code OpportunityLineItem}), as read from
 * Salesforce when the order is built from the record's current state (docs/erp-api.md, "Lines").
 *
 * @param salesforceLineItemId the OpportunityLineItem's ID: what keeps a line the same line across upserts
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderLine(
        String salesforceLineItemId,
        String productCode,
        String productName,
        BigDecimal quantity,
        BigDecimal unitPrice,
        BigDecimal totalPrice) {}

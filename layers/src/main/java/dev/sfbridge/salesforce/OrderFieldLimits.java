package dev.sfbridge.salesforce;

/**
 * The longest values the order's Salesforce fields take: {@code ERP_Order_Number__c}, {@code ERP_Order_Status__c}
 * and the platform event's {@code Order_Number__c} and {@code Status__c} are Text(40) in salesforce/. A longer value
 * is refused by the org (STRING_TOO_LONG), so it is refused where it comes in. SalesforceMetadataTest reads the
 * fields' {@code <length>} to keep these in step.
 */
public final class OrderFieldLimits {
    public static final int ORDER_NUMBER = 40;
    public static final int STATUS = 40;

    private OrderFieldLimits() {}
}

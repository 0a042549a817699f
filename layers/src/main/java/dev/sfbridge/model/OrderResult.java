package dev.sfbridge.model;

/**
 * What the ERP answers to an order upsert: the same order number for every repeat of one record.
 *
 * @param created true when the ERP answered 201 (a new order), false for 200 (the record's order updated)
 */
public record OrderResult(String orderNumber, String status, boolean created) {}

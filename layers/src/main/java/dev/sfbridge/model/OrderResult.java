package dev.sfbridge.model;

/** What the ERP answers to an order upsert: the same order number for every repeat of one record. */
public record OrderResult(String orderNumber, String status) {}

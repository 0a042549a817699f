package dev.sfbridge.erp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** The ERP's billing history of a customer account, a page at a time (docs/erp-api.md, "Billing history"). */
@FunctionalInterface
public interface ErpBilling {
    /**
     * @param pageSize  how many bills at most
     * @param pageToken the {@link Page#nextPageToken()} of the page before, or null for the newest bills
     * @throws ErpException {@link ErpException.Kind#PERMANENT} with status 404 for an account the ERP does not
     *                      know, 400 for a page token it does not take; retryable as for orders
     */
    Page billingHistory(String accountNumber, int pageSize, String pageToken) throws ErpException;

    /** One bill as the ERP keeps it. Fields the ERP adds later are ignored, fields it leaves out are null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Bill(String billNumber, LocalDate issuedOn, LocalDate dueOn, BigDecimal amount, String currency, String status) {}

    /** @param nextPageToken where the next page starts, or null on the last page */
    record Page(List<Bill> bills, String nextPageToken) {
        public Page {
            bills = List.copyOf(bills);
        }
    }
}

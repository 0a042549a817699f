package dev.sfbridge.orderapi;

import java.util.regex.Pattern;

/**
 * {@code GET /accounts/{accountNumber}/billing-history?pageSize=&pageToken=}, checked before the ERP is asked: the
 * account number as the ERP numbers accounts, a page size within bounds, a page token as this route handed it out,
 * read back into the ERP's cursor ({@link PageTokens}).
 */
record BillingQuery(String accountNumber, int pageSize, String cursor) {
    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;
    private static final Pattern ACCOUNT_NUMBER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** The query of {@code GET /accounts/{accountNumber}/billing-history?pageSize=&pageToken=}. */
    static BillingQuery of(ApiRequest request) throws Refusal {
        return of(request.pathParameters().get("accountNumber"), pageSize(request.query().get("pageSize")),
                request.query().get("pageToken"));
    }

    /** @param pageSize null for the default */
    static BillingQuery of(String accountNumber, Integer pageSize, String pageToken) throws Refusal {
        if (accountNumber == null || !ACCOUNT_NUMBER.matcher(accountNumber).matches()) {
            throw Refusal.badRequest("invalid_account_number",
                    "the account number must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String cursor = PageTokens.cursor(pageToken);
        if (pageSize != null && (pageSize < 1 || pageSize > MAX_PAGE_SIZE)) {
            throw invalidPageSize();
        }
        return new BillingQuery(accountNumber, pageSize == null ? DEFAULT_PAGE_SIZE : pageSize, cursor);
    }

    private static Integer pageSize(String text) throws Refusal {
        if (text == null) {
            return null;
        }
        if (!text.matches("\\d{1,3}")) {
            throw invalidPageSize();
        }
        return Integer.parseInt(text);
    }

    private static Refusal invalidPageSize() {
        return Refusal.badRequest("invalid_page_size", "pageSize must be a whole number from 1 to " + MAX_PAGE_SIZE);
    }
}

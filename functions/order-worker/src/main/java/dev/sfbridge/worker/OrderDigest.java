package dev.sfbridge.worker;

import dev.sfbridge.idempotency.DataDigest;
import dev.sfbridge.model.OrderLine;
import dev.sfbridge.model.OrderRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What the record guard keeps of an order's data, to tell a repeat of a change from another change at the same time
 * (RecordVersionGuard, {@link DataDigest}): a hash of the values the ERP writes, in one form whichever way the order was made. A number
 * counts by its value ({@code 2500.00} in a message, {@code 2500.0} as read), lines by their IDs in sorted order (the
 * record's query names no order), and no lines the same as an empty list: a message cannot carry them and leaves the
 * ERP's as they are, so the same change read with no lines is a repeat, not another change. The fields are listed
 * here, not the order's JSON, so a field added to {@link OrderRequest} changes no digest kept before it.
 */
final class OrderDigest {
    private OrderDigest() {}

    static String of(OrderRequest order) {
        List<Object> values = new ArrayList<>(List.of(text(order.salesforceRecordId()), text(order.salesforceOrgId()),
                text(order.customerAccountId()), text(order.name()), number(order.amount()), text(order.closeDate()),
                text(order.ownerId()), text(order.stage()), text(order.sourceModifiedAt())));
        if (order.lines() != null) {
            order.lines().stream().sorted(Comparator.comparing(OrderLine::salesforceLineItemId, Comparator.nullsFirst(Comparator.naturalOrder())))
                    .forEach(line -> values.addAll(List.of(text(line.salesforceLineItemId()), text(line.productCode()),
                            text(line.productName()), number(line.quantity()), number(line.unitPrice()), number(line.totalPrice()))));
        }
        return DataDigest.of(values);
    }

    private static String text(Object value) {
        return Objects.toString(value, "");
    }

    private static String number(BigDecimal value) {
        return value == null ? "" : value.stripTrailingZeros().toPlainString();
    }
}

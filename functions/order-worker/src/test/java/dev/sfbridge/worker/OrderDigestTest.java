package dev.sfbridge.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.sfbridge.model.OrderLine;
import dev.sfbridge.model.OrderRequest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One change, one digest, whichever way its order was made: otherwise a repeat reads the record for nothing. */
class OrderDigestTest {
    private final OrderMapping mapping = new OrderMapping();
    private static final OrderLine FIRST = new OrderLine("00k000000000001AAA", "GC1040", "GenWatt", new BigDecimal("2"),
            new BigDecimal("100.00"), new BigDecimal("200.00"));
    private static final OrderLine SECOND = new OrderLine("00k000000000002AAA", "GC1060", "Installation", BigDecimal.ONE,
            new BigDecimal("50"), new BigDecimal("50"));

    private OrderRequest asRead(Map<String, String> fields, List<OrderLine> lines) throws Exception {
        return mapping.toOrder(OrderMappingTest.opportunity(fields), new Fetched.Current(fields, lines));
    }

    private static Map<String, String> withAmount(String amount) {
        Map<String, String> fields = OrderMappingTest.closedWon();
        fields.put("Amount", amount);
        return fields;
    }

    @Test
    void theSameChangeInAMessageAndAsReadHasOneDigest() throws Exception {
        // the message's text 1250.50, the query's JSON number 1250.5; a record without line items
        OrderRequest message = mapping.toOrder(OrderMappingTest.opportunity(withAmount("1250.50")));
        OrderRequest read = asRead(withAmount("1250.5"), List.of());

        assertEquals(OrderDigest.of(message), OrderDigest.of(read));
    }

    @Test
    void linesInAnotherOrderHaveOneDigest() throws Exception {
        assertEquals(OrderDigest.of(asRead(withAmount("250"), List.of(FIRST, SECOND))),
                OrderDigest.of(asRead(withAmount("250.00"), List.of(SECOND, FIRST))));
    }

    @Test
    void otherDataHasAnotherDigest() throws Exception {
        assertNotEquals(OrderDigest.of(asRead(withAmount("250"), List.of())), OrderDigest.of(asRead(withAmount("251"), List.of())));
        assertNotEquals(OrderDigest.of(asRead(withAmount("250"), List.of(FIRST, SECOND))),
                OrderDigest.of(asRead(withAmount("250"), List.of(FIRST))));
        OrderLine moreOfTheFirst = new OrderLine(FIRST.salesforceLineItemId(), FIRST.productCode(), FIRST.productName(),
                new BigDecimal("3"), FIRST.unitPrice(), new BigDecimal("300.00"));
        assertNotEquals(OrderDigest.of(asRead(withAmount("250"), List.of(FIRST))),
                OrderDigest.of(asRead(withAmount("250"), List.of(moreOfTheFirst))));
    }
}

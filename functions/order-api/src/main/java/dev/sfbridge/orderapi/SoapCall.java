package dev.sfbridge.orderapi;

import dev.sfbridge.orderapi.generated.GetBillingHistory;
import dev.sfbridge.orderapi.generated.Order;

/** One operation of the SOAP service, as its request's Body named it (document/literal wrapped: its element). */
sealed interface SoapCall {
    /** The operation's name in the WSDL, for the log. */
    String operation();

    record CreateOrder(Order order) implements SoapCall {
        @Override
        public String operation() {
            return "createOrder";
        }
    }

    record BillingHistory(GetBillingHistory query) implements SoapCall {
        @Override
        public String operation() {
            return "getBillingHistory";
        }
    }
}

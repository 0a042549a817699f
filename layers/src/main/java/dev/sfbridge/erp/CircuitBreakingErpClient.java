package dev.sfbridge.erp;

import dev.sfbridge.model.OrderRequest;
import dev.sfbridge.model.OrderResult;
import dev.sfbridge.retry.CircuitBreaker;

/**
 * The ERP behind a {@link CircuitBreaker} (one per ERP base URL): while the ERP keeps failing, orders fail at
 * once with a retryable error instead of each waiting out the client's timeouts and retries, and the ERP gets one
 * probe per cool-down instead of every worker's traffic. An answer, even a refusal, shows the ERP is up;
 * only a retryable failure counts against it.
 */
public final class CircuitBreakingErpClient implements ErpClient {
    private final ErpClient erp;
    private final CircuitBreaker circuit;

    public CircuitBreakingErpClient(ErpClient erp, CircuitBreaker circuit) {
        this.erp = erp;
        this.circuit = circuit;
    }

    @Override
    public OrderResult upsertOrder(OrderRequest order) throws ErpException {
        if (!circuit.tryAcquire()) {
            throw new ErpException(ErpException.Kind.RETRYABLE, 0,
                    "the ERP circuit is " + circuit.phase() + " after failures in a row: order not sent", null);
        }
        try {
            OrderResult result = erp.upsertOrder(order);
            circuit.succeeded();
            return result;
        } catch (ErpException e) {
            if (e.kind() == ErpException.Kind.RETRYABLE) {
                circuit.failed();
            } else {
                circuit.succeeded();
            }
            throw e;
        } catch (RuntimeException e) {
            circuit.failed();
            throw e;
        }
    }
}

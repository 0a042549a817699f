package dev.sfbridge.erp;

import dev.sfbridge.model.OrderRequest;
import dev.sfbridge.model.OrderResult;
import dev.sfbridge.retry.CircuitBreaker;

/**
 * Tells the ERP's {@link CircuitBreaker} (one per ERP base URL) how each order went: a retryable failure counts
 * against the ERP; an answer, even a refusal, shows it is up. Whether an order may be sent at all is asked of
 * the circuit before any work for it starts (the order worker does, before it claims the notification), so a
 * refused caller costs nothing, and the one probe of a half-open circuit is the caller that was let through.
 */
public final class CircuitRecordingErpClient implements ErpClient {
    private final ErpClient erp;
    private final CircuitBreaker circuit;

    public CircuitRecordingErpClient(ErpClient erp, CircuitBreaker circuit) {
        this.erp = erp;
        this.circuit = circuit;
    }

    @Override
    public OrderResult upsertOrder(OrderRequest order) throws ErpException {
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

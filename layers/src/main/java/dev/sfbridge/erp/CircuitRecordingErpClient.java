package dev.sfbridge.erp;

import dev.sfbridge.model.OrderRequest;
import dev.sfbridge.model.OrderResult;
import dev.sfbridge.retry.CircuitBreaker;
import dev.sfbridge.retry.StartDeadline;

/**
 * An {@link ErpClient} whose every order is recorded on the ERP's {@link CircuitBreaker} (one per ERP base URL),
 * as {@link ErpCalls#recorded} says. The order worker asks the circuit before it claims the notification.
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
        return upsertOrder(order, StartDeadline.NONE);
    }

    @Override
    public OrderResult upsertOrder(OrderRequest order, StartDeadline deadline) throws ErpException {
        return ErpCalls.recorded(circuit, () -> erp.upsertOrder(order, deadline));
    }
}

package dev.sfbridge.erp;

import dev.sfbridge.retry.CircuitBreaker;

/**
 * Tells the ERP's {@link CircuitBreaker} how a call went: a retryable failure counts against the ERP; an answer,
 * even a refusal, shows it is up. Whether a call may be made at all is asked of the circuit before any work for
 * it starts, so a refused caller costs nothing, and the one probe of a half-open circuit is the caller let through.
 */
public final class ErpCalls {
    /** One call to the ERP. */
    @FunctionalInterface
    public interface Call<T> {
        T call() throws ErpException;
    }

    private ErpCalls() {}

    public static <T> T recorded(CircuitBreaker circuit, Call<T> call) throws ErpException {
        try {
            T result = call.call();
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

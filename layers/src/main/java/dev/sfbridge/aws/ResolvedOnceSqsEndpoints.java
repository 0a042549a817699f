package dev.sfbridge.aws;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.endpoints.SqsEndpointParams;
import software.amazon.awssdk.services.sqs.endpoints.SqsEndpointProvider;

/**
 * SQS's own endpoint rules, run once per set of their parameters (region, FIPS, dual-stack, and the endpoint
 * the SDK's standard settings or {@code endpointOverride} give) instead of on every call: a client's
 * parameters never change, so its every call gets the endpoint the rules gave the first. What the rules
 * refuse is not kept, so a bad setting fails every call as it would without this.
 */
public final class ResolvedOnceSqsEndpoints implements SqsEndpointProvider {
    private final SqsEndpointProvider rules;
    private final ConcurrentMap<Params, Endpoint> resolved = new ConcurrentHashMap<>();

    /** SQS's rules as the SDK ships them. */
    public ResolvedOnceSqsEndpoints() {
        this(SqsEndpointProvider.defaultProvider());
    }

    ResolvedOnceSqsEndpoints(SqsEndpointProvider rules) {
        this.rules = rules;
    }

    /** Every parameter SQS's rules read; {@link SqsEndpointParams} has no equality of its own. */
    private record Params(Region region, Boolean useDualStack, Boolean useFips, String endpoint) {
        Params(SqsEndpointParams p) {
            this(p.region(), p.useDualStack(), p.useFips(), p.endpoint());
        }
    }

    @Override
    public CompletableFuture<Endpoint> resolveEndpoint(SqsEndpointParams params) {
        Params key = new Params(params);
        Endpoint known = resolved.get(key);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        return rules.resolveEndpoint(params).thenApply(endpoint -> {
            resolved.putIfAbsent(key, endpoint);
            return endpoint;
        });
    }
}

package dev.sfbridge.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.endpoints.SqsEndpointParams;
import software.amazon.awssdk.services.sqs.endpoints.SqsEndpointProvider;

/** SQS's endpoint rules run once per set of their parameters, and give what they would have given every time. */
class ResolvedOnceSqsEndpointsTest {
    /** SQS's real rules, counting what they are asked. */
    private static final class CountingRules implements SqsEndpointProvider {
        final List<SqsEndpointParams> asked = new ArrayList<>();
        final SqsEndpointProvider rules = SqsEndpointProvider.defaultProvider();

        @Override
        public CompletableFuture<Endpoint> resolveEndpoint(SqsEndpointParams params) {
            asked.add(params);
            return rules.resolveEndpoint(params);
        }
    }

    private static SqsEndpointParams params(Region region, String endpoint, boolean fips) {
        return SqsEndpointParams.builder().region(region).endpoint(endpoint).useFips(fips).useDualStack(false).build();
    }

    private static URI url(SqsEndpointProvider provider, SqsEndpointParams params) {
        return provider.resolveEndpoint(params).join().url();
    }

    @Test
    void theRulesRunOnceForACallsParametersAndTheirAnswerIsKept() {
        CountingRules rules = new CountingRules();
        ResolvedOnceSqsEndpoints endpoints = new ResolvedOnceSqsEndpoints(rules);
        SqsEndpointParams regional = params(Region.EU_WEST_1, null, false);

        for (int call = 0; call < 3; call++) {
            assertEquals(URI.create("https://sqs.eu-west-1.amazonaws.com"), url(endpoints, params(Region.EU_WEST_1, null, false)));
        }
        assertEquals(1, rules.asked.size());
        assertEquals(url(SqsEndpointProvider.defaultProvider(), regional), url(endpoints, regional));
    }

    @Test
    void eachParameterThatChangesTheEndpointIsResolvedOnItsOwn() {
        CountingRules rules = new CountingRules();
        ResolvedOnceSqsEndpoints endpoints = new ResolvedOnceSqsEndpoints(rules);

        assertEquals(URI.create("https://sqs.eu-west-1.amazonaws.com"), url(endpoints, params(Region.EU_WEST_1, null, false)));
        assertEquals(URI.create("https://sqs.us-east-1.amazonaws.com"), url(endpoints, params(Region.US_EAST_1, null, false)));
        assertEquals(URI.create("https://sqs-fips.us-east-1.amazonaws.com"), url(endpoints, params(Region.US_EAST_1, null, true)));
        assertEquals(URI.create("http://127.0.0.1:4566"), url(endpoints, params(Region.US_EAST_1, "http://127.0.0.1:4566", false)));
        assertEquals(URI.create("http://127.0.0.1:9324"), url(endpoints, params(Region.US_EAST_1, "http://127.0.0.1:9324", false)));
        assertEquals(URI.create("https://sqs.us-east-1.api.aws"), url(endpoints,
                SqsEndpointParams.builder().region(Region.US_EAST_1).useFips(false).useDualStack(true).build()));
        assertEquals(6, rules.asked.size());
    }

    @Test
    void whatTheRulesRefuseIsRefusedEveryTimeNotKept() {
        CountingRules rules = new CountingRules();
        ResolvedOnceSqsEndpoints endpoints = new ResolvedOnceSqsEndpoints(rules);
        // the rules refuse FIPS together with a custom endpoint
        SqsEndpointParams refused = params(Region.US_EAST_1, "http://127.0.0.1:4566", true);

        for (int call = 0; call < 2; call++) {
            CompletionException e = assertThrows(CompletionException.class, () -> endpoints.resolveEndpoint(refused).join());
            assertEquals(SdkClientException.class, e.getCause().getClass(), e.toString());
        }
        assertEquals(2, rules.asked.size());
    }

    /**
     * The key holds every parameter SQS's rules take: a new one in a later SDK (this fails then) must join it, or
     * two clients differing only by it would share an endpoint.
     */
    @Test
    void theKeyHoldsEveryParameterTheRulesTake() {
        Set<String> parameters = Arrays.stream(SqsEndpointParams.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0)
                .map(Method::getName)
                .filter(name -> !name.equals("toBuilder"))
                .collect(Collectors.toSet());
        assertEquals(Set.of("region", "useDualStack", "useFips", "endpoint"), parameters);
    }
}

package dev.sfbridge.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** The interception helper the fault-injecting clients are made with, over a client with no emulator behind it. */
class InterceptedTest {
    private final StaticSecretsManager real = new StaticSecretsManager().put("a", "secret-a").put("b", "secret-b");
    private final List<String> seen = new ArrayList<>();

    @Test
    void hooksRunAroundTheChosenOperationAndTheRestPassesThrough() {
        SecretsManagerClient client = Intercepted.of(SecretsManagerClient.class, real)
                .before(GetSecretValueRequest.class, request -> seen.add("before " + request.secretId()))
                .client();

        assertEquals("secret-a", client.getSecretValue(GetSecretValueRequest.builder().secretId("a").build()).secretString());
        assertEquals("secret-b", client.getSecretValue(request -> request.secretId("b")).secretString(),
                "a call with a request builder");
        assertEquals(List.of("before a", "before b"), seen, "both forms met the hook");
        assertEquals(real.serviceName(), client.serviceName());
        assertEquals(2, real.reads());
    }

    @Test
    void aroundMaySendAnotherRequestAndAnswerInsteadOfTheRealClient() {
        SecretsManagerClient client = Intercepted.of(SecretsManagerClient.class, real)
                .around(GetSecretValueRequest.class, (GetSecretValueRequest request, Function<GetSecretValueRequest, GetSecretValueResponse> send) ->
                        request.secretId().equals("none")
                                ? GetSecretValueResponse.builder().secretString("answered here").build()
                                : send.apply(request.toBuilder().secretId("b").build()))
                .client();

        assertEquals("answered here", client.getSecretValue(request -> request.secretId("none")).secretString());
        assertEquals("secret-b", client.getSecretValue(request -> request.secretId("a")).secretString());
        assertEquals(1, real.reads());
    }

    @Test
    void theRealClientsExceptionsSurfaceUnchangedAndAfterHooksSeeOnlyAnswers() {
        SecretsManagerClient client = Intercepted.of(SecretsManagerClient.class, real)
                .after(GetSecretValueRequest.class, request -> seen.add("after " + request.secretId()))
                .client();

        assertThrows(ResourceNotFoundException.class, () -> client.getSecretValue(request -> request.secretId("missing")));
        client.getSecretValue(request -> request.secretId("a"));

        assertEquals(List.of("after a"), seen);
    }

    @Test
    void aroundEveryMeetsTheOperationsWithoutAHookOfTheirOwn() {
        SecretsManagerClient client = Intercepted.of(SecretsManagerClient.class, real)
                .before(GetSecretValueRequest.class, request -> seen.add("own hook " + request.secretId()))
                .aroundEvery((request, send) -> {
                    seen.add("every " + request.getClass().getSimpleName());
                    // the stand-in has no list of secrets: the hook answers for it
                    return ListSecretsResponse.builder().build();
                })
                .client();

        client.getSecretValue(request -> request.secretId("a"));
        client.listSecrets(request -> { });

        assertEquals(List.of("own hook a", "every ListSecretsRequest"), seen);
        assertEquals(1, real.reads(), "the operation with its own hook still reached the real client");
    }
}

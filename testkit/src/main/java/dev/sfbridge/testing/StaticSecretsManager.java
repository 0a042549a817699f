package dev.sfbridge.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** Secrets Manager's {@code GetSecretValue} over a map: no emulator of it runs here. Counts reads. */
public final class StaticSecretsManager implements SecretsManagerClient {
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();

    public StaticSecretsManager put(String secretId, String secretString) {
        secrets.put(secretId, secretString);
        return this;
    }

    public int reads() {
        return reads.get();
    }

    @Override
    public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
        reads.incrementAndGet();
        String secret = secrets.get(request.secretId());
        if (secret == null) {
            throw ResourceNotFoundException.builder().statusCode(400).message("Secrets Manager can't find the specified secret.")
                    .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                            .errorCode("ResourceNotFoundException").serviceName("SecretsManager").build())
                    .build();
        }
        return GetSecretValueResponse.builder().name(request.secretId()).secretString(secret).build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        // nothing to release
    }
}

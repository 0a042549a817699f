package dev.sfbridge.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Requests signed as Salesforce's AWS Signature Version 4 External Credential signs them, by the AWS SDK's
 * signer ({@code AwsV4HttpSigner}, what an SDK client of execute-api uses), then sent with the JDK's client.
 */
final class SigV4Requests {
    /** Headers the JDK's client sets itself and refuses to be given. */
    private static final Set<String> SET_BY_THE_CLIENT = Set.of("host", "content-length");

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * A request as signed: method, URL, headers and body. Tests change any of them after signing.
     *
     * @param headers each header the signer wrote (Authorization, X-Amz-Date, x-amz-content-sha256) and the caller's
     */
    record Signed(String method, URI uri, Map<String, String> headers, String body) {
        Signed withUri(URI changed) {
            return new Signed(method, changed, headers, body);
        }

        Signed withBody(String changed) {
            return new Signed(method, uri, headers, changed);
        }

        Signed withHeader(String name, String value) {
            Map<String, String> changed = new LinkedHashMap<>();
            headers.forEach((header, existing) -> {
                if (!header.equalsIgnoreCase(name)) {
                    changed.put(header, existing);
                }
            });
            if (value != null) {
                changed.put(name, value);
            }
            return new Signed(method, uri, changed, body);
        }

        HttpResponse<String> send() throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            headers.forEach((name, value) -> {
                if (!SET_BY_THE_CLIENT.contains(name.toLowerCase())) {
                    request.header(name, value);
                }
            });
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private final String accessKeyId;
    private final String secret;
    private final String region;
    private final String service;

    SigV4Requests(String accessKeyId, String secret, String region, String service) {
        this.accessKeyId = accessKeyId;
        this.secret = secret;
        this.region = region;
        this.service = service;
    }

    static SigV4Requests of(SigV4Verification.AccessKey key) {
        return new SigV4Requests(key.id(), key.secret(), LocalPipeline.REGION, SigV4Verification.SERVICE);
    }

    SigV4Requests secret(String otherSecret) {
        return new SigV4Requests(accessKeyId, otherSecret, region, service);
    }

    SigV4Requests accessKeyId(String otherId) {
        return new SigV4Requests(otherId, secret, region, service);
    }

    SigV4Requests region(String otherRegion) {
        return new SigV4Requests(accessKeyId, secret, otherRegion, service);
    }

    SigV4Requests service(String otherService) {
        return new SigV4Requests(accessKeyId, secret, region, otherService);
    }

    Signed post(URI uri, String json, Map<String, String> headers) {
        return sign("POST", uri, json, headers, Instant.now());
    }

    Signed get(URI uri) {
        return sign("GET", uri, null, Map.of(), Instant.now());
    }

    Signed sign(String method, URI uri, String body, Map<String, String> headers, Instant at) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        if (body != null) {
            unsigned.putHeader("Content-Type", "application/json");
        }
        headers.forEach(unsigned::putHeader);
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(request -> request
                .identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                .request(unsigned.build())
                .payload(body == null ? null : ContentStreamProvider.fromString(body, StandardCharsets.UTF_8))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC))).request();
        Map<String, String> sent = new LinkedHashMap<>();
        signed.forEachHeader((name, values) -> sent.put(name, String.join(",", values)));
        return new Signed(method, uri, sent, body);
    }
}

package dev.sfbridge.sync;

import dev.sfbridge.testing.ForwardingHttpClient;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * An {@link HttpClient} that sends through a real one until the request a test names: that one is sent and
 * answered, and then the process "dies" ({@link Crash}), once. What the peer did stays done; what the caller
 * would have done next never happens, as when Lambda ends an invocation. Made {@link #losingTheAnswer}, the
 * answer is lost instead (a dropped connection, an {@link IOException}): the caller goes on as it would.
 */
final class CrashingHttpClient extends ForwardingHttpClient {
    /** The end of an invocation: an Error, so no catch of the code under test stops it. */
    static final class Crash extends Error {
        Crash(String where) {
            super("crashed after " + where, null, false, false);
        }
    }

    private final Predicate<HttpRequest> crashAfter;
    private final boolean loseTheAnswer;
    private final AtomicBoolean crashed = new AtomicBoolean();

    CrashingHttpClient(Predicate<HttpRequest> crashAfter) {
        this(crashAfter, false);
    }

    private CrashingHttpClient(Predicate<HttpRequest> crashAfter, boolean loseTheAnswer) {
        super(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
        this.crashAfter = crashAfter;
        this.loseTheAnswer = loseTheAnswer;
    }

    /** The first request {@code lost} matches is sent and done, and its answer lost. */
    static CrashingHttpClient losingTheAnswer(Predicate<HttpRequest> lost) {
        return new CrashingHttpClient(lost, true);
    }

    /** Crashes after the first request with this method whose path ends so. */
    static CrashingHttpClient after(String method, String pathEnd) {
        return new CrashingHttpClient(request -> request.method().equals(method) && request.uri().getPath().endsWith(pathEnd));
    }

    boolean crashed() {
        return crashed.get();
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        HttpResponse<T> response = super.send(request, handler);
        if (crashAfter.test(request) && crashed.compareAndSet(false, true)) {
            if (loseTheAnswer) {
                throw new IOException("connection reset: the answer to " + request.method() + " " + request.uri().getPath() + " lost");
            }
            throw new Crash(request.method() + " " + request.uri().getPath());
        }
        return response;
    }
}

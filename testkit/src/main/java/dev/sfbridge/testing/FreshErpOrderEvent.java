package dev.sfbridge.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code ./dev erp-event [FILE]}: the ERP sample event signed now, for {@code sam local invoke}. The committed
 * {@code events/erp-order-event.json} is signed at a fixed time, so the route refuses it as {@code stale_timestamp}
 * once its tolerance (SIGNATURE_TOLERANCE_SECONDS, 300 s by default) has passed; this writes a copy it takes for that long. The secret is
 * {@code ERP_SIGNING_SECRET}'s, or the sample's when that is not set: the one the function's
 * {@code ERP_EVENTS_SECRET_ID} secret holds where it is invoked.
 */
public final class FreshErpOrderEvent {
    static final String SECRET_VARIABLE = "ERP_SIGNING_SECRET";

    private FreshErpOrderEvent() {}

    /** The sample event signed with {@code secret} at {@code clock}'s now. */
    public static String signedNow(String secret, Clock clock) {
        return CallbackSampleEvents.erpOrderApiGatewayEvent(secret, clock.instant().getEpochSecond());
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "target/erp-order-event.json");
        String secret = System.getenv(SECRET_VARIABLE);
        boolean sample = secret == null || secret.isEmpty();
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, signedNow(sample ? CallbackSampleEvents.ERP_SIGNING_SECRET : secret, Clock.systemUTC()));
        System.out.println("wrote " + file + ", signed now with " + (sample ? "the sample's secret" : SECRET_VARIABLE)
                + "; the route takes it for SIGNATURE_TOLERANCE_SECONDS (300 by default)");
    }
}

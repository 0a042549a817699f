package dev.sfbridge.local;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which outbound message the Closed Won scenario's org sends (docs/salesforce-setup.md, "Which outbound message"):
 * the opportunity's fields, or its ID only, which the order worker reads back from the org with its line items.
 */
enum ScenarioMessage {
    FIELDS("fields"),
    ID_ONLY("id-only");

    private final String flag;

    ScenarioMessage(String flag) {
        this.flag = flag;
    }

    static ScenarioMessage fromFlag(String value) {
        return Arrays.stream(values()).filter(m -> m.flag.equals(value)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "--message takes " + Arrays.stream(values()).map(m -> m.flag).collect(Collectors.joining(" or ")) + ", not " + value));
    }
}

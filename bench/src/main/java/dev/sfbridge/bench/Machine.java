package dev.sfbridge.bench;

import java.lang.management.ManagementFactory;

/** How busy the machine is: other work on the same cores moves every figure, so each report states it. */
final class Machine {
    private Machine() {}

    static String load() {
        return "%d cores, load average %.2f".formatted(Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}

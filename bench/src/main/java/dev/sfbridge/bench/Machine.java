package dev.sfbridge.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/** How busy the machine is: other work on the same cores moves every figure, so each report states it. */
final class Machine {
    private Machine() {}

    static String load() {
        return String.format(Locale.ROOT, "%d cores, load average %.2f", Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}

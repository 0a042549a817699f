package dev.sfbridge.testing;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An emulator started once for the whole test JVM, on its first use, and stopped when the JVM exits: starting
 * one per test would cost seconds each, and each test makes its own queues or tables in it.
 */
final class OnePerJvm<T> {
    private final Supplier<T> start;
    private final Consumer<T> stop;
    private T instance;

    OnePerJvm(Supplier<T> start, Consumer<T> stop) {
        this.start = start;
        this.stop = stop;
    }

    synchronized T get() {
        if (instance == null) {
            T started = start.get();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.accept(started)));
            instance = started;
        }
        return instance;
    }
}

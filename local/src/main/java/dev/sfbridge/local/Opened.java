package dev.sfbridge.local;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a part of the local stack has opened, closed in the reverse order: the last one opened may use the ones
 * before it. Each one is closed even when one closed before it fails; a failure is reported, not thrown, so that
 * stopping the stack stops all of it.
 */
final class Opened implements AutoCloseable {
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private final String closing;

    /** @param closing what a failure's report says was being done, "stopping an event source" */
    Opened(String closing) {
        this.closing = closing;
    }

    <T extends AutoCloseable> T add(T resource) {
        opened.push(resource);
        return resource;
    }

    @Override
    public void close() {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                System.err.println(closing + ": " + e);
            }
        }
    }
}

package dev.sfbridge.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A fresh JVM started from this one — same java binary, class path and JVM flags — that speaks a
 * one-line protocol: it prints {@code READY <url>} on stdout once it serves, and stops when its stdin
 * closes, so it cannot outlive a harness that was killed. Closing kills it and waits until it is gone.
 */
final class JavaChild implements AutoCloseable {
    private static final String READY = "READY ";
    /** Far above any start seen here: only a hung child waits this long, and is then killed. */
    private static final long START_LIMIT_SECONDS = 60;
    private static final long STOP_LIMIT_SECONDS = 10;

    private final String name;
    private final Process process;
    private final long startedNanos;
    private final BufferedReader stdout;

    private JavaChild(String name, Process process, long startedNanos) {
        this.name = name;
        this.process = process;
        this.startedNanos = startedNanos;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** @param jvmFlags added after this JVM's own flags */
    static JavaChild start(List<String> jvmFlags, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        long started = System.nanoTime();
        return new JavaChild(main.getSimpleName(), builder.start(), started);
    }

    /** {@link System#nanoTime()} just before the process was started. */
    long startedNanos() {
        return startedNanos;
    }

    /** The CPU time the child's process has used so far, all its threads (JIT and GC included). */
    Duration cpuTime() {
        return process.info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("this OS does not report " + name + "'s CPU time"));
    }

    /** Blocks on the child's stdout, skipping its other lines, until it says it serves. */
    URI awaitReady() throws IOException {
        return URI.create(awaitLine(READY));
    }

    /** Blocks on the child's stdout, skipping its other lines, until one starts with {@code prefix}; returns the rest. */
    String awaitLine(String prefix) throws IOException {
        // a child that hangs before the line is killed, which ends the blocking read below
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(process::destroyForcibly,
                CompletableFuture.delayedExecutor(START_LIMIT_SECONDS, TimeUnit.SECONDS));
        try {
            for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length()).strip();
                }
            }
        } finally {
            watchdog.cancel(false);
        }
        throw new IOException(name + " ended before it said " + prefix.strip() + exitCode());
    }

    private String exitCode() {
        try {
            return process.waitFor(STOP_LIMIT_SECONDS, TimeUnit.SECONDS) ? " (exit code " + process.exitValue() + ")" : "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The child's half: says where it serves, then serves until the parent closes its stdin or kills it. */
    static void serve(AutoCloseable server, URI url) throws Exception {
        serve(server, url, List.of());
    }

    /** The same, and once ready it does each piece of {@code work} and prints the line it returns, then serves on. */
    static void serve(AutoCloseable server, URI url, List<Callable<String>> work) throws Exception {
        try (server) {
            System.out.println(READY + url);
            System.out.flush();
            for (Callable<String> step : work) {
                System.out.println(step.call());
                System.out.flush();
            }
            System.in.transferTo(OutputStream.nullOutputStream());
        }
    }
}

package dev.sfbridge.sync;

import dev.sfbridge.bulk.BulkCsv;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One ingest job's CSV, written to a temporary file as rows come, so a job of 100 MB is never held in memory.
 * Rows are grouped by their parent (then key) in chunks of {@link #CHUNK_ROWS}, the size of the batches
 * Salesforce splits a job into: rows of one account land in one batch and do not wait for each other's lock
 * across parallel batches (docs/batch-sync.md, "Lock contention"). Memory: one chunk.
 */
final class GroupedCsvFile implements AutoCloseable {
    static final int CHUNK_ROWS = 10_000;

    private record Row(String parent, String key, String line) {}

    private final Path file;
    private final BufferedWriter out;
    private final List<Row> chunk = new ArrayList<>();
    private long bytes;
    private int rows;

    GroupedCsvFile(List<String> header) {
        try {
            file = Files.createTempFile("sfbridge-ingest-", ".csv");
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            String headerLine = BulkCsv.line(header);
            out.write(headerLine);
            bytes = headerLine.getBytes(StandardCharsets.UTF_8).length;
        } catch (IOException e) {
            throw new UncheckedIOException("no temporary file for an ingest job's CSV", e);
        }
    }

    /** The bytes {@code values} takes as one CSV line: what a caller checks against the job's limit before adding. */
    static long size(List<String> values) {
        return BulkCsv.line(values).getBytes(StandardCharsets.UTF_8).length;
    }

    void add(String parent, String key, List<String> values) {
        String line = BulkCsv.line(values);
        chunk.add(new Row(parent, key, line));
        bytes += line.getBytes(StandardCharsets.UTF_8).length;
        rows++;
        if (chunk.size() == CHUNK_ROWS) {
            flushChunk();
        }
    }

    long bytes() {
        return bytes;
    }

    int rows() {
        return rows;
    }

    /** The finished file: every row written, grouped chunk by chunk. */
    Path finish() {
        flushChunk();
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("the ingest job's CSV could not be written", e);
        }
        return file;
    }

    private void flushChunk() {
        chunk.sort(Comparator.comparing(Row::parent).thenComparing(Row::key));
        try {
            for (Row row : chunk) {
                out.write(row.line());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the ingest job's CSV could not be written", e);
        }
        chunk.clear();
    }

    /** Deletes the file: called once the job's results are in, or when it is given up. */
    @Override
    public void close() {
        try {
            out.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("the ingest job's CSV could not be deleted", e);
        }
    }
}

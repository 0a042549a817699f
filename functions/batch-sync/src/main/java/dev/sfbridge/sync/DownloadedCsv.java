package dev.sfbridge.sync;

import dev.sfbridge.bulk.BulkCsv;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.csv.CSVParser;

/**
 * A CSV Salesforce answered with (a job's results, one set of a query's), downloaded into a temporary file and read
 * back row by row: never held in memory, deleted when closed. A download that is repeated (a retry, a new token)
 * replaces the file.
 */
final class DownloadedCsv implements AutoCloseable {
    private final Path file;
    private Reader in;

    /** @param what what the file will hold, for the error when there is no room for it */
    DownloadedCsv(String what) {
        try {
            file = Files.createTempFile("sfbridge-download-", ".csv");
        } catch (IOException e) {
            throw new UncheckedIOException("no temporary file for " + what, e);
        }
    }

    Path file() {
        return file;
    }

    /** The rows, read lazily from the file as downloaded; the header row names the columns. */
    CSVParser rows() throws IOException {
        in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        return BulkCsv.reader(in);
    }

    @Override
    public void close() {
        try {
            if (in != null) {
                in.close();
            }
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover in /tmp of this container; the next download's file has another name
        }
    }
}

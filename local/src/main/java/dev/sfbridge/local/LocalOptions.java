package dev.sfbridge.local;

import dev.sfbridge.testing.TestIds;

/** The local stack's flags; every one has a default, so it runs with none. */
public record LocalOptions(int port, String organizationIds, boolean help) {
    public static final int DEFAULT_PORT = 8787;

    static final String HELP = """
            Usage: ./dev up [--port N] [--org-ids ID[,ID...]] [--help]

            Starts the sfbridge pipeline on this machine in one JVM, no Docker: SQS (ElasticMQ) in-process
            and the Outbound Message listener behind http://127.0.0.1:PORT/outbound-messages.

              --port N        HTTP port of the local API (default %d; 0 picks a free one)
              --org-ids IDS   comma-separated Salesforce org IDs the listener accepts
                              (default %s, the org of the sample events)
              --help          this text
            """.formatted(DEFAULT_PORT, TestIds.ORG);

    public static LocalOptions defaults() {
        return new LocalOptions(DEFAULT_PORT, TestIds.ORG, false);
    }

    public static LocalOptions parse(String... args) {
        LocalOptions options = defaults();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> options = new LocalOptions(options.port(), options.organizationIds(), true);
                case "--port" -> options = new LocalOptions(port(value(args, ++i, "--port")), options.organizationIds(), options.help());
                case "--org-ids" -> options = new LocalOptions(options.port(), value(args, ++i, "--org-ids"), options.help());
                default -> throw new IllegalArgumentException("unknown flag " + args[i] + "\n\n" + HELP);
            }
        }
        return options;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value\n\n" + HELP);
        }
        return args[i];
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port takes a number from 0 to 65535, not " + value);
        }
    }
}

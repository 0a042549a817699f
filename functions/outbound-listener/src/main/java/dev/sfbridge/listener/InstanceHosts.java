package dev.sfbridge.listener;

import dev.sfbridge.config.Env.ConfigException;
import dev.sfbridge.model.InstanceUrl;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The hosts a message's {@code EnterpriseUrl} and {@code PartnerUrl} may name. The callbacks send the
 * message's session to that host, so a message naming any other host is refused with the sender check:
 * only Salesforce sends outbound messages, and it names its own instances.
 *
 * <p>An entry {@code salesforce.com} allows {@code https} on that domain and every subdomain
 * ({@code mycompany.my.salesforce.com}, {@code mycompany--dev.sandbox.my.salesforce.com},
 * {@code eu55.salesforce.com}). An entry with a scheme, {@code http://127.0.0.1:8443}, allows exactly that
 * origin: for simulators on the loopback, never for a deployment.
 */
public final class InstanceHosts {
    public static final String DEFAULT = "salesforce.com";

    private final List<String> domains;
    private final List<URI> origins;

    private InstanceHosts(List<String> domains, List<URI> origins) {
        this.domains = domains;
        this.origins = origins;
    }

    /** @param commaSeparated domains, or origins with their scheme */
    public static InstanceHosts parse(String commaSeparated) {
        List<String> entries = Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList();
        if (entries.isEmpty()) {
            throw new ConfigException("SALESFORCE_INSTANCE_DOMAINS names no domain: the listener would refuse every message");
        }
        List<URI> origins = entries.stream().filter(e -> e.contains("://")).map(InstanceHosts::origin).toList();
        List<String> domains = entries.stream().filter(e -> !e.contains("://")).map(InstanceHosts::domain).toList();
        return new InstanceHosts(domains, origins);
    }

    /** Whether {@code instance} is on an allowed host: https on a listed domain, or a listed origin exactly. */
    public boolean allows(InstanceUrl instance) {
        URI uri = instance.uri();
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if ("https".equalsIgnoreCase(uri.getScheme()) && domains.stream().anyMatch(d -> host.equals(d) || host.endsWith("." + d))) {
            return true;
        }
        return origins.stream().anyMatch(o -> o.getScheme().equalsIgnoreCase(uri.getScheme())
                && o.getHost().equalsIgnoreCase(host) && o.getPort() == uri.getPort());
    }

    private static String domain(String entry) {
        String domain = entry.toLowerCase(Locale.ROOT);
        if (domain.startsWith(".") || domain.endsWith(".") || !domain.contains(".") || !domain.matches("[a-z0-9.-]+")) {
            throw new ConfigException("SALESFORCE_INSTANCE_DOMAINS holds '" + entry + "', which is not a domain such as salesforce.com");
        }
        return domain;
    }

    private static URI origin(String entry) {
        try {
            URI uri = new URI(entry);
            if (uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))) {
                throw new ConfigException("SALESFORCE_INSTANCE_DOMAINS holds '" + entry + "', which is not an origin such as http://127.0.0.1:8443");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException("SALESFORCE_INSTANCE_DOMAINS holds '" + entry + "', which is not a URL");
        }
    }
}

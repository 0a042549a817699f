package dev.sfbridge.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** DynamoDB Local as the tests and {@code ./dev up} run it: on loopback only, on the port it bound. */
class EmbeddedDynamoDbTest {

    @Test
    void notReachableOnANonLoopbackAddress() throws Exception {
        Optional<InetAddress> outside = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(nic -> {
                    try {
                        return nic.isUp() && !nic.isLoopback();
                    } catch (IOException e) {
                        return false;
                    }
                })
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address).findFirst();
        Assumptions.assumeTrue(outside.isPresent(), "this machine has no IPv4 address but loopback's");
        try (EmbeddedDynamoDb dynamoDb = new EmbeddedDynamoDb()) {
            int port = dynamoDb.endpoint().getPort();
            assertThrows(IOException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(outside.get(), port), 2000);
                }
            }, "DynamoDB Local answered on " + outside.get() + ":" + port);
        }
    }

    @Test
    void servesOnThePortItBoundItself() {
        try (EmbeddedDynamoDb dynamoDb = new EmbeddedDynamoDb(); EmbeddedDynamoDb another = new EmbeddedDynamoDb()) {
            // port 0 went to the socket, not a port chosen earlier and closed: two at once get two, each answering
            assertEquals(0, dynamoDb.client().listTables().tableNames().size());
            assertEquals(0, another.client().listTables().tableNames().size());
            assertNotEquals(dynamoDb.endpoint().getPort(), another.endpoint().getPort());
        }
    }
}

package dev.sfbridge.listener;

import dev.sfbridge.contract.OutboundMessage;
import dev.sfbridge.contract.OutboundMessageRejected;
import dev.sfbridge.model.InstanceUrl;

/**
 * How the listener knows an outbound message comes from the org it names, before anything of it is queued.
 * An org ID is no proof (Web-to-Lead forms publish it), nor is a host in salesforce.com (anyone's own org has
 * one): the proof is a live session of that org ({@link SessionCheck}), a secret only that org's endpoint URL
 * holds ({@link EndpointKeyCheck}), or a client certificate checked before the function is called.
 */
public interface SenderCheck {
    /** Trusts what reached the function: mutual TLS checked the certificate at the edge, or nothing is checked. */
    SenderCheck EDGE = (message, instance, request) -> { };

    /**
     * @param instance the instance the message names, already checked against the allowed hosts
     * @throws OutboundMessageRejected a {@code Client} fault when the sender is not who it says, a {@code Server}
     *                                 fault when that cannot be known now (Salesforce will deliver again)
     */
    void verify(OutboundMessage message, InstanceUrl instance, ListenerRequest request) throws OutboundMessageRejected;
}

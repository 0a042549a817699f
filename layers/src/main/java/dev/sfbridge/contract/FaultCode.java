package dev.sfbridge.contract;

/** SOAP 1.1 fault codes (SOAP 1.1 section 4.4.1), as sfbridge uses them. */
public enum FaultCode {
    /** The envelope is not SOAP 1.1 (a SOAP 1.2 or other namespace). */
    VERSION_MISMATCH("VersionMismatch"),
    /** A header block the listener does not understand is marked mustUnderstand. */
    MUST_UNDERSTAND("MustUnderstand"),
    /** The message itself is wrong; resending it unchanged will fail again. */
    CLIENT("Client"),
    /** sfbridge could not take the message now; Salesforce's redelivery will succeed later. */
    SERVER("Server");

    private final String localName;

    FaultCode(String localName) {
        this.localName = localName;
    }

    public String localName() {
        return localName;
    }
}

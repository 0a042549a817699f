package dev.sfbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SalesforceIdsTest {
    @Test
    void extendsA15CharacterIdWithItsCaseChecksum() {
        // the example of Salesforce's "What is the 18-character ID" help article
        assertEquals("001A0000006Vm9rIAC", SalesforceIds.to18("001A0000006Vm9r"));
        assertEquals("001A0000006Vm9rIAC", SalesforceIds.to18("001A0000006Vm9rIAC"));
    }

    @Test
    void distinguishesIdsThatDifferOnlyInCase() {
        assertFalse(SalesforceIds.to18("001a0000006Vm9r").equalsIgnoreCase(SalesforceIds.to18("001A0000006Vm9r")));
    }

    @Test
    void rejectsWrongShapesAndWrongChecksums() {
        assertFalse(SalesforceIds.isValid(null));
        assertFalse(SalesforceIds.isValid(""));
        assertFalse(SalesforceIds.isValid("001A0000006Vm9"));
        assertFalse(SalesforceIds.isValid("001A0000006Vm9r-AC"));
        assertFalse(SalesforceIds.isValid("001A0000006Vm9rAAA"));
        assertTrue(SalesforceIds.isValid("001A0000006Vm9riac"));
        assertThrows(IllegalArgumentException.class, () -> SalesforceIds.to18("nope"));
    }

    @Test
    void neverShowsASessionIdInText() {
        SessionId session = new SessionId("00D!secret-session");
        assertFalse(session.toString().contains("secret"));
        assertEquals("00D!secret-session", session.reveal());
    }
}

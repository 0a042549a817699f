package dev.sfbridge.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RedactionTest {
    @Test
    void namedSecretsGoAsTheyAreAndFormEncoded() {
        assertEquals("key *** and ***", Redaction.scrub("key s3cr+t/x= and s3cr%2Bt%2Fx%3D", "s3cr+t/x="));
    }

    @Test
    void echoedAuthorizationCredentialsGoWhateverTheirCase() {
        assertEquals("Authorization: Basic *** then authorization: bearer ***",
                Redaction.scrub("Authorization: Basic c2ZicmlkZ2U6czNjcmV0LXZhbHVl then authorization: bearer eyJhbGciOi.x-y_z~"));
    }

    @Test
    void secretFormAndJsonFieldsGoTheRestStays() {
        assertEquals("grant_type=client_credentials&client_id=sfbridge&client_secret=***&password=***",
                Redaction.scrub("grant_type=client_credentials&client_id=sfbridge&client_secret=a%2Bb&password=p4ss"));
        assertEquals("{\"client_id\":\"sfbridge\",\"client_secret\":\"***\",\"refresh_token\" : \"***\"}",
                Redaction.scrub("{\"client_id\":\"sfbridge\",\"client_secret\":\"s3cret\",\"refresh_token\" : \"5Aep8\"}"));
    }

    @Test
    void ordinaryWordsAreLeftAlone() {
        assertEquals("Basic plan orders need a password field", Redaction.scrub("Basic plan orders need a password field"));
        assertNull(Redaction.scrub(null));
    }
}

package dev.sfbridge.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfbridge.model.InstanceUrl;
import dev.sfbridge.model.SalesforceIds;
import dev.sfbridge.model.SessionId;
import dev.sfbridge.salesforce.SalesforceException.Kind;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * {@code GET {instance}/services/oauth2/userinfo} with the session as bearer: whose session it is, as the
 * instance that is asked says. Salesforce answers the session's user with {@code user_id} and
 * {@code organization_id} (OpenID Connect's UserInfo endpoint, docs/listener.md "Who sent it"). A 401 or 403
 * means the instance does not take the session; no answer, a 5xx (after {@link SalesforceHttp}'s retries) or
 * an answer without an org is {@link Kind#RETRYABLE}. The session goes into the request header only: no
 * message of this class holds it.
 */
public final class UserInfoEndpoint {
    public static final String PATH = "/services/oauth2/userinfo";

    private final SalesforceHttp http;

    public UserInfoEndpoint(SalesforceHttp http) {
        this.http = http;
    }

    /** What the instance said of a session. */
    public sealed interface Answer permits Identity, Refused {}

    /** The session is live on the instance asked, and is this user's of this org (18-character org ID). */
    public record Identity(String organizationId, String userId) implements Answer {}

    /** The instance asked does not take the session: expired, revoked, another instance's, or never issued. */
    public record Refused(int status) implements Answer {}

    public Answer ask(InstanceUrl instance, SessionId session) throws SalesforceException {
        HttpRequest request = http.request(instance.uri().resolve(PATH))
                .header("Authorization", "Bearer " + session.reveal())
                .GET()
                .build();
        HttpResponse<String> response = http.send(request);
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            return new Refused(status);
        }
        if (status != 200) {
            throw new SalesforceException(Kind.RETRYABLE, status, "the UserInfo endpoint at " + instance.host() + " answered HTTP " + status);
        }
        JsonNode body = SalesforceHttp.jsonObject(response.body());
        String organizationId = body.path("organization_id").asText("");
        if (!SalesforceIds.isValid(organizationId)) {
            throw new SalesforceException(Kind.RETRYABLE, status, "the UserInfo endpoint at " + instance.host()
                    + " answered without a valid organization_id");
        }
        return new Identity(SalesforceIds.to18(organizationId), body.path("user_id").asText(null));
    }
}

package io.xloud.testing.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.json.Json;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TrustApiTest
{
    private static final String V3 = "/identity/v3";
    private static final String TRUSTS = V3 + "/OS-TRUST/trusts";
    private static final String PASSWORD = "Secret-123";

    private static TestServer server;
    private static Http admin;

    // per test: a trustor holding two custom roles on its own project (no member role), and a trustee
    private String projectId;
    private String projectName;
    private String trustorId;
    private String trusteeId;
    private String delegatedRoleId;
    private String delegatedRoleName;
    private String otherRoleId;
    private Http trustor;
    private Http trustee;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        admin = server.admin();
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    @BeforeEach
    void createTrustorAndTrustee()
    {
        projectName = unique("trust-project");
        projectId = create("/projects", "project", Map.of("name", projectName, "domain_id", "default"));
        String trustorName = unique("trustor");
        trustorId = createUser(trustorName);
        String trusteeName = unique("trustee");
        trusteeId = createUser(trusteeName);
        delegatedRoleName = unique("delegated");
        delegatedRoleId = create("/roles", "role", Map.of("name", delegatedRoleName));
        otherRoleId = create("/roles", "role", Map.of("name", unique("not-delegated")));
        grant(projectId, trustorId, delegatedRoleId);
        grant(projectId, trustorId, otherRoleId);
        String trusteeProject = unique("trustee-project");
        String trusteeProjectId = create("/projects", "project", Map.of("name", trusteeProject, "domain_id", "default"));
        grant(trusteeProjectId, trusteeId, otherRoleId);
        trustor = server.http();
        trustor.login(trustorName, PASSWORD, projectName);
        trustee = server.http();
        trustee.login(trusteeName, PASSWORD, trusteeProject);
    }

    @Test
    void trustCrudAsTempestDoesIt()
    {
        JsonNode created = createTrust(false, null);
        String trustId = created.path("id").asText();
        assertTrustShape(created);
        assertThat(created.path("roles")).hasSize(1);
        assertThat(created.path("roles").get(0).path("name").asText()).isEqualTo(delegatedRoleName);
        assertThat(created.path("roles").get(0).path("links").path("self").asText()).contains("v3/roles/" + delegatedRoleId);
        assertThat(created.path("remaining_uses").isNull()).isTrue();
        assertThat(created.path("redelegation_count").asInt()).isZero();

        Http.Response shown = trustor.get(TRUSTS + "/" + trustId);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json().path("trust")).isEqualTo(created);

        Http.Response mine = trustor.get(TRUSTS + "/?trustor_user_id=" + trustorId);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.json().path("trusts")).hasSize(1);
        assertTrustShape(mine.json().path("trusts").get(0));
        assertThat(admin.get(TRUSTS + "/").json().path("trusts").findValuesAsText("id")).contains(trustId);

        Http.Response roles = trustor.get(TRUSTS + "/" + trustId + "/roles");
        assertThat(roles.status()).isEqualTo(200);
        assertThat(roles.json().path("roles")).hasSize(1);
        assertThat(trustor.get(TRUSTS + "/" + trustId + "/roles/" + delegatedRoleId).json().path("role").path("id").asText())
                .isEqualTo(delegatedRoleId);
        Http.Response head = trustor.head(TRUSTS + "/" + trustId + "/roles/" + delegatedRoleId);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(trustor.get(TRUSTS + "/" + trustId + "/roles/" + otherRoleId).status()).isEqualTo(404);
        assertThat(trustor.head(TRUSTS + "/" + trustId + "/roles/" + otherRoleId).status()).isEqualTo(404);

        Http.Response deleted = trustor.delete(TRUSTS + "/" + trustId);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        Http.Response gone = trustor.get(TRUSTS + "/" + trustId);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.error().path("message").asText()).isEqualTo("Could not find trust: " + trustId + ".");
    }

    @Test
    void expiresAtKeepsItsZ()
    {
        JsonNode trust = createTrust(false, "2099-01-02T03:04:05Z");
        assertThat(trust.path("expires_at").asText()).isEqualTo("2099-01-02T03:04:05.000000Z");
        assertThat(trustor.get(TRUSTS + "/" + trust.path("id").asText()).json().path("trust").path("expires_at").asText())
                .isEqualTo("2099-01-02T03:04:05.000000Z");
    }

    @Test
    void badOrPastExpiryIs400()
    {
        for (String expiry : new String[] {"bad.123Z", "", "Z", "2001-01-01T00:00:00Z"}) {
            Http.Response response = trustor.post(TRUSTS, trustBody(trustorId, trusteeId, projectId, "[{\"name\": \"" + delegatedRoleName + "\"}]",
                    false, Json.string(expiry)));
            assertThat(response.status()).as(expiry).isEqualTo(400);
            assertThat(response.error().path("code").asInt()).isEqualTo(400);
        }
    }

    @Test
    void malformedBodiesAre400()
    {
        assertThat(trustor.post(TRUSTS, "{not json").status()).isEqualTo(400);
        assertThat(trustor.post(TRUSTS, "{\"trust\": {}}").status()).isEqualTo(400);
        assertThat(trustor.post(TRUSTS, "{\"trust\": {\"trustor_user_id\": \"" + trustorId + "\", \"trustee_user_id\": \"" + trusteeId + "\"}}")
                .status()).as("impersonation is required").isEqualTo(400);
        for (String uses : new String[] {"0", "-1", "\"a bad value\"", "7.2"}) {
            String body = "{\"trust\": {\"trustor_user_id\": \"%s\", \"trustee_user_id\": \"%s\", \"project_id\": \"%s\", \"impersonation\": false,"
                    + " \"roles\": [{\"id\": \"%s\"}], \"remaining_uses\": %s}}";
            assertThat(trustor.post(TRUSTS, body.formatted(trustorId, trusteeId, projectId, delegatedRoleId, uses)).status()).as(uses).isEqualTo(400);
        }
        assertThat(trustor.post(TRUSTS, trustBody(trustorId, trusteeId, projectId, "[{\"id\": \"" + delegatedRoleId + "\", \"x\": 1}]", false, "null"))
                .status()).isEqualTo(400);
        assertThat(trustor.post(TRUSTS, trustBody(trustorId, trusteeId, projectId, "[{\"id\": \"" + delegatedRoleId + "\"}]", false, "null")
                .replace("\"impersonation\": false", "\"impersonation\": \"False\"")).status()).isEqualTo(400);
    }

    @Test
    void theCallerMustBeTheTrustor()
    {
        Http.Response response = trustee.post(TRUSTS, trustBody(trustorId, trusteeId, projectId, "[{\"id\": \"" + delegatedRoleId + "\"}]", false, "null"));
        assertThat(response.status()).isEqualTo(403);
        assertThat(admin.post(TRUSTS, trustBody(trustorId, trusteeId, projectId, "[{\"id\": \"" + delegatedRoleId + "\"}]", false, "null"))
                .status()).as("not even an admin creates a trust for someone else").isEqualTo(403);
    }

    @Test
    void unknownTrusteeProjectOrRoleIs404()
    {
        String roles = "[{\"id\": \"" + delegatedRoleId + "\"}]";
        assertThat(trustor.post(TRUSTS, trustBody(trustorId, "no-such-user", projectId, roles, false, "null")).status()).isEqualTo(404);
        assertThat(trustor.post(TRUSTS, trustBody(trustorId, trusteeId, "no-such-project", roles, false, "null")).status()).isEqualTo(404);
        assertThat(trustor.post(TRUSTS, trustBody(trustorId, trusteeId, projectId, "[{\"name\": \"no-such-role\"}]", false, "null")).status())
                .isEqualTo(404);
        // Keystone answers RoleNotFound for a role the trustor does not hold on the project
        String admin = adminRoleId();
        assertThat(trustor.post(TRUSTS, trustBody(trustorId, trusteeId, projectId, "[{\"id\": \"" + admin + "\"}]", false, "null")).status())
                .isEqualTo(404);
    }

    @Test
    void aProjectTrustNeedsARole()
    {
        Http.Response response = trustor.post(TRUSTS, trustBody(trustorId, trusteeId, projectId, "[]", false, "null"));
        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void listingIsLimitedToTheCallersOwnTrusts()
    {
        String trustId = createTrust(false, null).path("id").asText();
        assertThat(trustor.get(TRUSTS).status()).as("the unfiltered list is for admins").isEqualTo(403);
        assertThat(trustor.get(TRUSTS + "?trustor_user_id=" + trusteeId).status()).isEqualTo(403);
        assertThat(trustor.get(TRUSTS + "?trustee_user_id=" + trustorId).json().path("trusts")).isEmpty();
        Http.Response asTrustee = trustee.get(TRUSTS + "?trustee_user_id=" + trusteeId);
        assertThat(asTrustee.status()).isEqualTo(200);
        assertThat(asTrustee.json().path("trusts").findValuesAsText("id")).containsExactly(trustId);
        assertThat(trustee.get(TRUSTS + "/" + trustId).status()).isEqualTo(200);
        assertThat(trustee.delete(TRUSTS + "/" + trustId).status()).as("only the trustor or an admin deletes").isEqualTo(403);

        Http stranger = server.http();
        String strangerName = unique("stranger");
        createUser(strangerName);
        grant(projectId, userId(strangerName), otherRoleId);
        stranger.login(strangerName, PASSWORD, projectName);
        assertThat(stranger.get(TRUSTS + "/" + trustId).status()).isEqualTo(403);
        assertThat(stranger.get(TRUSTS + "/" + trustId + "/roles").status()).isEqualTo(403);
        assertThat(stranger.get(TRUSTS + "/" + UUID.randomUUID().toString().replace("-", "")).status()).isEqualTo(404);
        assertThat(admin.delete(TRUSTS + "/" + trustId).status()).isEqualTo(204);
    }

    @Test
    void trustScopedTokenActsForTheTrustee()
    {
        String trustId = createTrust(false, null).path("id").asText();
        Http.Response auth = trustAuth(trusteeId, trustId);
        assertThat(auth.status()).isEqualTo(201);
        JsonNode token = auth.json().path("token");
        assertThat(token.path("user").path("id").asText()).isEqualTo(trusteeId);
        assertThat(token.path("project").path("id").asText()).isEqualTo(projectId);
        assertThat(token.path("roles").findValuesAsText("id")).containsExactly(delegatedRoleId);
        assertThat(token.path("OS-TRUST:trust").path("id").asText()).isEqualTo(trustId);
        assertThat(token.path("OS-TRUST:trust").path("impersonation").asBoolean()).isFalse();
        assertThat(token.path("OS-TRUST:trust").path("trustor_user").path("id").asText()).isEqualTo(trustorId);
        assertThat(token.path("OS-TRUST:trust").path("trustee_user").path("id").asText()).isEqualTo(trusteeId);

        String trustToken = auth.header("X-Subject-Token").orElseThrow();
        Http viaTrust = server.http().withToken(trustToken);
        assertThat(viaTrust.get(TRUSTS + "/" + trustId).status()).isEqualTo(200);

        assertThat(trustor.delete(TRUSTS + "/" + trustId).status()).isEqualTo(204);
        assertThat(viaTrust.get(V3 + "/auth/catalog").status()).as("deleting the trust revokes its tokens").isEqualTo(401);
        assertThat(admin.send("GET", V3 + "/auth/tokens", null, Map.of("X-Subject-Token", trustToken)).status()).isEqualTo(404);
        assertThat(trustAuth(trusteeId, trustId).status()).isEqualTo(401);
    }

    @Test
    void impersonationMakesTheTokenTheTrustors()
    {
        String trustId = createTrust(true, null).path("id").asText();
        Http.Response auth = trustAuth(trusteeId, trustId);
        assertThat(auth.status()).isEqualTo(201);
        JsonNode token = auth.json().path("token");
        assertThat(token.path("user").path("id").asText()).isEqualTo(trustorId);
        assertThat(token.path("OS-TRUST:trust").path("impersonation").asBoolean()).isTrue();
        String trustToken = auth.header("X-Subject-Token").orElseThrow();
        assertThat(admin.send("GET", V3 + "/auth/tokens", null, Map.of("X-Subject-Token", trustToken)).json()
                .path("token").path("user").path("id").asText()).isEqualTo(trustorId);

        assertThat(trustor.delete(TRUSTS + "/" + trustId).status()).isEqualTo(204);
        assertThat(admin.send("GET", V3 + "/auth/tokens", null, Map.of("X-Subject-Token", trustToken)).status()).isEqualTo(404);
    }

    @Test
    void onlyTheTrusteeMayUseTheTrust()
    {
        String trustId = createTrust(false, null).path("id").asText();
        assertThat(trustAuth(trustorId, trustId).status()).isIn(401, 403);
    }

    @Test
    void limitedUsesRunOut()
    {
        String body = "{\"trust\": {\"trustor_user_id\": \"%s\", \"trustee_user_id\": \"%s\", \"project_id\": \"%s\", \"impersonation\": false,"
                + " \"roles\": [{\"id\": \"%s\"}], \"remaining_uses\": 1}}";
        Http.Response created = trustor.post(TRUSTS, body.formatted(trustorId, trusteeId, projectId, delegatedRoleId));
        assertThat(created.status()).isEqualTo(201);
        String trustId = created.json().path("trust").path("id").asText();
        assertThat(created.json().path("trust").path("remaining_uses").asInt()).isEqualTo(1);
        assertThat(trustAuth(trusteeId, trustId).status()).isEqualTo(201);
        assertThat(trustAuth(trusteeId, trustId).status()).isEqualTo(401);
        assertThat(trustor.get(TRUSTS + "/" + trustId).status()).as("a used-up trust is not found").isEqualTo(404);
    }

    @Test
    void aRedelegatedTrustFollowsItsParent()
    {
        String body = "{\"trust\": {\"trustor_user_id\": \"%s\", \"trustee_user_id\": \"%s\", \"project_id\": \"%s\", \"impersonation\": false,"
                + " \"roles\": [{\"id\": \"%s\"}], \"allow_redelegation\": true}}";
        Http.Response parent = trustor.post(TRUSTS, body.formatted(trustorId, trusteeId, projectId, delegatedRoleId));
        assertThat(parent.status()).isEqualTo(201);
        String parentId = parent.json().path("trust").path("id").asText();
        assertThat(parent.json().path("trust").path("redelegation_count").asInt()).isEqualTo(3);

        Http viaTrust = server.http().withToken(trustAuth(trusteeId, parentId).header("X-Subject-Token").orElseThrow());
        String thirdName = unique("third");
        String thirdId = createUser(thirdName);
        Http.Response child = viaTrust.post(TRUSTS, body.formatted(trusteeId, thirdId, projectId, delegatedRoleId));
        assertThat(child.status()).isEqualTo(201);
        assertThat(child.json().path("trust").path("redelegated_trust_id").asText()).isEqualTo(parentId);
        assertThat(child.json().path("trust").path("redelegation_count").asInt()).isEqualTo(2);
        String childId = child.json().path("trust").path("id").asText();

        Http.Response widened = viaTrust.post(TRUSTS, body.formatted(trusteeId, thirdId, projectId, otherRoleId));
        assertThat(widened.status()).as("the trustor's own role, but not the parent trust's").isEqualTo(403);

        assertThat(trustor.delete(TRUSTS + "/" + parentId).status()).isEqualTo(204);
        assertThat(admin.get(TRUSTS + "/" + childId).status()).as("deleting a trust deletes its redelegations").isEqualTo(404);
    }

    @Test
    void deletingTheTrusteeDeletesTheTrust()
    {
        String trustId = createTrust(false, null).path("id").asText();
        assertThat(admin.delete(V3 + "/users/" + trusteeId).status()).isEqualTo(204);
        assertThat(trustor.get(TRUSTS + "/" + trustId).status()).isEqualTo(404);
        assertThat(trustor.get(TRUSTS + "?trustor_user_id=" + trustorId).json().path("trusts")).isEmpty();
    }

    // ---- helpers

    private void assertTrustShape(JsonNode trust)
    {
        assertThat(trust.path("id").asText()).isNotEmpty();
        assertThat(trust.path("trustor_user_id").asText()).isEqualTo(trustorId);
        assertThat(trust.path("trustee_user_id").asText()).isEqualTo(trusteeId);
        assertThat(trust.path("project_id").asText()).isEqualTo(projectId);
        assertThat(trust.has("impersonation")).isTrue();
        assertThat(trust.has("expires_at")).isTrue();
        assertThat(trust.path("expires_at").isNull()).isTrue();
        assertThat(trust.path("links").path("self").asText()).contains("v3/OS-TRUST/trusts");
    }

    private JsonNode createTrust(boolean impersonation, String expiresAt)
    {
        Http.Response response = trustor.post(TRUSTS, trustBody(trustorId, trusteeId, projectId, "[{\"name\": \"" + delegatedRoleName + "\"}]",
                impersonation, expiresAt == null ? "null" : Json.string(expiresAt)));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path("trust");
    }

    private static String trustBody(String trustor, String trustee, String project, String roles, boolean impersonation, String expiresAtJson)
    {
        return """
                {"trust": {"trustor_user_id": "%s", "trustee_user_id": "%s", "project_id": "%s", "roles": %s, "impersonation": %s,
                 "expires_at": %s}}
                """.formatted(trustor, trustee, project, roles, impersonation, expiresAtJson);
    }

    private static Http.Response trustAuth(String userId, String trustId)
    {
        return server.http().post(V3 + "/auth/tokens", """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": "%s", "password": "%s"}}},
                 "scope": {"OS-TRUST:trust": {"id": "%s"}}}}
                """.formatted(userId, PASSWORD, trustId));
    }

    static String unique(String prefix)
    {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String create(String path, String key, Map<String, Object> entity)
    {
        Http.Response response = admin.post(V3 + path, Json.string(Map.of(key, entity)));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path(key).path("id").asText();
    }

    private static String createUser(String name)
    {
        return create("/users", "user", Map.of("name", name, "password", PASSWORD, "domain_id", "default"));
    }

    private static String userId(String name)
    {
        return admin.get(V3 + "/users?name=" + name).json().path("users").get(0).path("id").asText();
    }

    private static void grant(String project, String user, String role)
    {
        assertThat(admin.put(V3 + "/projects/" + project + "/users/" + user + "/roles/" + role, null).status()).isEqualTo(204);
    }

    private static String adminRoleId()
    {
        return admin.get(V3 + "/roles?name=admin").json().path("roles").get(0).path("id").asText();
    }
}

package io.xloud.testing.identity;

import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.xloud.testing.identity.TestUsers.expect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The values of Keystone's documented list filters: password_expires_at must be [op:]timestamp (400 otherwise, in
 * Keystone's error body); booleans read as Keystone's attr_as_boolean (oslo's false words are false, anything else
 * true, never 400); role assignment filters that cannot go together are 400.
 */
class ListFilterValueTest
{
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);

    private static TestServer server;
    private static Http admin;
    private static String groupId;

    @BeforeAll
    static void start()
    {
        server = TestServer.start(Map.of("identity.password_expires_days", "30"));
        admin = server.admin();
        groupId = expect(admin.post("/identity/v3/groups", "{\"group\": {\"name\": \"flt-" + SUFFIX + "\"}}"), 201)
                .json().path("group").path("id").asText();
        for (String name : List.of("on", "off")) {
            String userId = expect(admin.post("/identity/v3/users", "{\"user\": {\"name\": \"flt-%s-%s\", \"password\": \"pw-%s\", \"enabled\": %s}}"
                    .formatted(SUFFIX, name, name, name.equals("on"))), 201).json().path("user").path("id").asText();
            expect(admin.put("/identity/v3/groups/" + groupId + "/users/" + userId, null), 204);
            expect(admin.post("/identity/v3/projects", "{\"project\": {\"name\": \"flt-%s-%s\", \"enabled\": %s}}"
                    .formatted(SUFFIX, name, name.equals("on"))), 201);
        }
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    private static String encode(String text)
    {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static List<String> names(String path, String collection)
    {
        Http.Response response = admin.get(path);
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        response.json().path(collection).forEach(item -> names.add(item.path("name").asText()));
        return names.stream().filter(name -> name.startsWith("flt-" + SUFFIX + "-")).toList();
    }

    private static void assertValidationError(String path)
    {
        Http.Response response = admin.get(path);
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(400);
        assertThat(response.json().path("error").path("code").asInt()).isEqualTo(400);
        assertThat(response.json().path("error").path("title").asText()).isEqualTo("Bad Request");
    }

    @Test
    void passwordExpiresAtNeedsAnOperatorAndATimestamp()
    {
        for (String value : List.of("lt:yesterday", "yesterday", "", "lt:", "xyz:2020-01-01T00:00:00Z", "gte:2020-13-45T00:00:00Z",
                "lt:2020-01-01T00:00:00Z,gt:2020-01-01T00:00:00Z")) {
            assertValidationError("/identity/v3/users?password_expires_at=" + encode(value));
            assertValidationError("/identity/v3/groups/" + groupId + "/users?password_expires_at=" + encode(value));
        }
    }

    @Test
    void passwordExpiresAtTakesEveryKeystoneOperatorAndTimestampForm()
    {
        String later = "2999-01-01T00:00:00Z";
        for (String op : List.of("lt", "lte", "gt", "gte", "eq", "neq")) {
            names("/identity/v3/users?password_expires_at=" + encode(op + ":" + later), "users");
        }
        assertThat(names("/identity/v3/users?password_expires_at=" + encode("lt:" + later), "users")).contains("flt-" + SUFFIX + "-on");
        assertThat(names("/identity/v3/users?password_expires_at=" + encode("gt:" + later), "users")).isEmpty();
        // no operator is eq; a date alone is its midnight; no offset is UTC
        assertThat(names("/identity/v3/users?password_expires_at=" + encode(later), "users")).isEmpty();
        assertThat(names("/identity/v3/users?password_expires_at=lt:2999-01-01", "users")).contains("flt-" + SUFFIX + "-on");
        assertThat(names("/identity/v3/users?password_expires_at=" + encode("lt:2999-01-01T00:00:00"), "users")).contains("flt-" + SUFFIX + "-on");
        assertThat(names("/identity/v3/groups/" + groupId + "/users?password_expires_at=" + encode("lt:" + later), "users"))
                .containsExactlyInAnyOrder("flt-" + SUFFIX + "-on", "flt-" + SUFFIX + "-off");
        assertThat(names("/identity/v3/groups/" + groupId + "/users?password_expires_at=" + encode("gt:" + later), "users")).isEmpty();
    }

    @Test
    void enabledReadsOslosFalseWordsAndTakesAnythingElseAsTrue()
    {
        for (String no : List.of("false", "FALSE", "0", "f", "n", "no", "off", " false ")) {
            assertThat(names("/identity/v3/users?enabled=" + encode(no), "users")).as(no).containsExactly("flt-" + SUFFIX + "-off");
            assertThat(names("/identity/v3/projects?enabled=" + encode(no), "projects")).as(no).containsExactly("flt-" + SUFFIX + "-off");
            assertThat(names("/identity/v3/groups/" + groupId + "/users?enabled=" + encode(no), "users")).as(no)
                    .containsExactly("flt-" + SUFFIX + "-off");
        }
        for (String yes : List.of("true", "1", "t", "y", "yes", "on", "garbage", "")) {
            assertThat(names("/identity/v3/users?enabled=" + encode(yes), "users")).as(yes).containsExactly("flt-" + SUFFIX + "-on");
            assertThat(names("/identity/v3/projects?enabled=" + encode(yes), "projects")).as(yes).containsExactly("flt-" + SUFFIX + "-on");
        }
        // is_domain is read the same way: any value but a false word lists the projects acting as domains
        for (String yes : List.of("true", "True", "t", "yes", "garbage")) {
            Http.Response domains = admin.get("/identity/v3/projects?is_domain=" + yes);
            assertThat(domains.status()).isEqualTo(200);
            assertThat(domains.json().path("projects").findValuesAsText("id")).as(yes).contains("default");
            assertThat(domains.json().path("projects").findValuesAsText("name")).as(yes).doesNotContain("flt-" + SUFFIX + "-on");
        }
        assertThat(admin.get("/identity/v3/projects?is_domain=f").json().path("projects").findValuesAsText("id")).doesNotContain("default");
        assertThat(admin.get("/identity/v3/domains?enabled=garbage").status()).isEqualTo(200);
        assertThat(admin.get("/identity/v3/domains?enabled=f").json().path("domains")).isEmpty();
    }

    @Test
    void roleAssignmentFiltersThatCannotGoTogetherAre400()
    {
        String base = "/identity/v3/role_assignments?";
        assertValidationError(base + "user.id=a&group.id=b");
        assertValidationError(base + "scope.domain.id=a&scope.project.id=b");
        assertValidationError(base + "scope.system=all&scope.project.id=b");
        assertValidationError(base + "scope.system=all&scope.domain.id=b");
        assertValidationError(base + "effective&group.id=b");
        assertValidationError(base + "effective=false&group.id=b");
        assertValidationError(base + "effective&scope.OS-INHERIT:inherited_to=projects&scope.domain.id=default");
        assertValidationError(base + "include_subtree=true");
        // effective=0 is Keystone's only false value
        assertThat(admin.get(base + "effective=0&group.id=" + groupId).status()).isEqualTo(200);
        assertThat(admin.get(base + "include_subtree=0").status()).isEqualTo(200);
    }
}

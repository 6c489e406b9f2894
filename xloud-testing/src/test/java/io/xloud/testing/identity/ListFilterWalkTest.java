package io.xloud.testing.identity;

import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import io.xloud.testing.identity.TestUsers.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.xloud.testing.identity.TestUsers.expect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every list filter the Keystone API reference documents, with odd and hostile values: Keystone filters on the value
 * as given (no match is an empty list, 200) except password_expires_at, whose value must be [op:]timestamp (400).
 * Never a 500, and always Keystone's body.
 */
class ListFilterWalkTest
{
    private static final List<String> ODD_VALUES = List.of("x", "", "' OR 1=1 --", "é\u00e9\u4e2d", "a".repeat(300), "%", "lt:", "in:a,b",
            "null", "true", "0");

    private static TestServer server;
    private static Http admin;
    private static TestUser user;
    private static String groupId;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        admin = server.admin();
        user = TestUsers.create(server, admin, "member");
        groupId = expect(admin.post("/identity/v3/groups", "{\"group\": {\"name\": \"walk-group\"}}"), 201).json().path("group").path("id").asText();
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    private static Map<String, List<String>> documented()
    {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        lists.put("/identity/v3/users", List.of("domain_id", "enabled", "idp_id", "name", "protocol_id", "unique_id", "name__contains",
                "name__icontains", "name__startswith", "name__istartswith", "name__endswith", "name__iendswith", "name__equals", "name__iequals"));
        lists.put("/identity/v3/groups", List.of("domain_id", "name"));
        lists.put("/identity/v3/groups/" + groupId + "/users", List.of("domain_id", "enabled", "name"));
        lists.put("/identity/v3/projects", List.of("domain_id", "enabled", "is_domain", "name", "parent_id", "tags", "tags-any", "not-tags",
                "not-tags-any"));
        lists.put("/identity/v3/users/" + user.id() + "/projects", List.of("domain_id", "enabled", "name"));
        lists.put("/identity/v3/domains", List.of("enabled", "name"));
        lists.put("/identity/v3/roles", List.of("name", "domain_id"));
        lists.put("/identity/v3/regions", List.of("parent_region_id"));
        lists.put("/identity/v3/services", List.of("type", "name"));
        lists.put("/identity/v3/endpoints", List.of("interface", "service_id", "region_id"));
        lists.put("/identity/v3/credentials", List.of("user_id", "type"));
        lists.put("/identity/v3/policies", List.of("type"));
        lists.put("/identity/v3/limits", List.of("service_id", "region_id", "resource_name", "project_id", "domain_id"));
        lists.put("/identity/v3/registered_limits", List.of("service_id", "region_id", "resource_name"));
        lists.put("/identity/v3/users/" + user.id() + "/application_credentials", List.of("name"));
        lists.put("/identity/v3/users/" + user.id() + "/access_rules", List.of("service", "path", "method"));
        lists.put("/identity/v3/role_assignments", List.of("role.id", "user.id", "scope.project.id", "scope.domain.id"));
        return lists;
    }

    @Test
    void oddValuesOfDocumentedFiltersAreFilteredNotRefused()
    {
        documented().forEach((path, filters) -> {
            for (String filter : filters) {
                for (String value : ODD_VALUES) {
                    if (filter.startsWith("tags") || filter.startsWith("not-tags")) {
                        // tags are validated as tags: at most 255 characters, no '/' (Keystone's tag schema)
                        continue;
                    }
                    String url = path + "?" + filter + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
                    // a user's own credentials and rules are listed by that user (Keystone's policy)
                    Http caller = path.startsWith("/identity/v3/users/" + user.id() + "/a") ? user.http() : admin;
                    Http.Response response = caller.get(url);
                    assertThat(response.status()).as(url + ": " + response.body()).isEqualTo(200);
                    assertThat(response.json().isObject()).as(url).isTrue();
                }
            }
        });
    }

    @Test
    void tagFiltersTakeTagsAndRefuseWhatIsNoTag()
    {
        for (String filter : List.of("tags", "tags-any", "not-tags", "not-tags-any")) {
            assertThat(admin.get("/identity/v3/projects?" + filter + "=red,blue").status()).isEqualTo(200);
            assertThat(admin.get("/identity/v3/projects?" + filter + "=" + URLEncoder.encode("x/y", StandardCharsets.UTF_8)).status())
                    .as(filter).isIn(200, 400);
            Http.Response response = admin.get("/identity/v3/projects?" + filter + "=" + "t".repeat(300));
            assertThat(response.status()).as(filter).isIn(200, 400);
            if (response.status() == 400) {
                assertThat(response.json().path("error").path("code").asInt()).isEqualTo(400);
            }
        }
    }

    @Test
    void passwordExpiresAtIsTheOneFilterWhoseOddValuesAre400()
    {
        for (String path : List.of("/identity/v3/users", "/identity/v3/groups/" + groupId + "/users")) {
            for (String value : ODD_VALUES) {
                String url = path + "?password_expires_at=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
                Http.Response response = admin.get(url);
                assertThat(response.status()).as(url + ": " + response.body()).isEqualTo(400);
                assertThat(response.json().path("error").path("code").asInt()).isEqualTo(400);
            }
        }
    }
}

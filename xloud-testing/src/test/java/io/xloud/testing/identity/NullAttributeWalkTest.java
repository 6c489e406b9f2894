package io.xloud.testing.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.json.Json;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every create and update of every Identity resource, with a JSON {@code null} for each attribute in turn: never a
 * 500; the value is stored or cleared, or refused with 400 where Keystone's schema forbids null.
 */
class NullAttributeWalkTest
{
    private static final String V3 = "/identity/v3";
    private static final int ANY = -1;

    private static TestServer server;
    private static Http admin;
    private static String adminUserId;
    private static String adminProjectId;
    private static String serviceId;
    private static String trusteeId;

    /**
     * One resource: where it is created, its body key, a fresh valid body, where an instance is updated (null when it
     * cannot be), and per attribute the status Keystone answers for null on create and on update ({@link #ANY}: any
     * non-5xx answer).
     */
    record Resource(String name, String collection, String key, Supplier<Map<String, Object>> body, boolean updatable,
            Map<String, int[]> attributes)
    {
        @Override
        public String toString()
        {
            return name;
        }
    }

    record Case(Resource resource, String attribute, boolean update, int expected)
    {
        @Override
        public String toString()
        {
            return (update ? "update " : "create ") + resource.name() + " with " + attribute + "=null";
        }
    }

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        admin = server.admin();
        JsonNode token = admin.send("GET", V3 + "/auth/tokens", null, Map.of("X-Subject-Token", admin.token().orElseThrow())).json().path("token");
        adminUserId = token.path("user").path("id").asText();
        adminProjectId = token.path("project").path("id").asText();
        serviceId = create("/services", "service", Map.of("type", unique("walk"), "name", unique("walk")));
        trusteeId = create("/users", "user", Map.of("name", unique("trustee"), "domain_id", "default"));
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    static List<Case> cases()
    {
        List<Case> cases = new ArrayList<>();
        for (Resource resource : resources()) {
            resource.attributes().forEach((attribute, expected) -> {
                cases.add(new Case(resource, attribute, false, expected[0]));
                if (resource.updatable()) {
                    cases.add(new Case(resource, attribute, true, expected[1]));
                }
            });
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void nullIsStoredClearedOrRefused(Case c)
    {
        Resource resource = c.resource();
        Http.Response response;
        if (c.update()) {
            Http.Response created = admin.post(V3 + resource.collection().replace("%ADMIN%", adminUserId), Json.string(Map.of(resource.key(), resource.body().get())));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().path(resource.key()).path("id").asText();
            Map<String, Object> patch = new HashMap<>();
            patch.put(c.attribute(), null);
            response = admin.patch(V3 + resource.collection().replace("%ADMIN%", adminUserId) + "/" + id, Json.string(Map.of(resource.key(), patch)));
        }
        else {
            Map<String, Object> body = new HashMap<>(resource.body().get());
            body.put(c.attribute(), null);
            response = admin.post(V3 + resource.collection().replace("%ADMIN%", adminUserId), Json.string(Map.of(resource.key(), body)));
        }
        assertThat(response.status()).as(response.body()).isLessThan(500);
        if (c.expected() != ANY) {
            assertThat(response.status()).as(response.body()).isEqualTo(c.expected());
        }
        if (response.status() >= 400) {
            assertThat(response.json().path("error").path("code").asInt()).as(response.body()).isEqualTo(response.status());
        }
    }

    @Test
    void openstacksdkCreateUser()
    {
        Http.Response created = admin.post(V3 + "/users",
                "{\"user\": {\"name\": \"" + unique("sdk") + "\", \"description\": null, \"password\": null, \"domain_id\": \"default\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @Test
    void nullEmailIsCleared()
    {
        String id = create("/users", "user", Map.of("name", unique("mail"), "domain_id", "default", "email", "a@example.com"));
        Http.Response updated = admin.patch(V3 + "/users/" + id, "{\"user\": {\"email\": null}}");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(admin.get(V3 + "/users/" + id).json().path("user").path("email").isTextual()).isFalse();
    }

    @Test
    void nullDescriptionClearsAProjectDescription()
    {
        String id = create("/projects", "project", Map.of("name", unique("p"), "domain_id", "default", "description", "text"));
        Http.Response updated = admin.patch(V3 + "/projects/" + id, "{\"project\": {\"description\": null}}");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(admin.get(V3 + "/projects/" + id).json().path("project").path("description").asText("")).isEmpty();
    }

    @Test
    void nullTagsAndNullTagListAreRefused()
    {
        String id = create("/projects", "project", Map.of("name", unique("p"), "domain_id", "default"));
        Http.Response response = admin.put(V3 + "/projects/" + id + "/tags", "{\"tags\": null}");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        response = admin.put(V3 + "/projects/" + id + "/tags", "{\"tags\": [null]}");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
    }

    @Test
    void nullDomainConfigIsRefused()
    {
        String domain = create("/domains", "domain", Map.of("name", unique("d")));
        Http.Response response = admin.put(V3 + "/domains/" + domain + "/config", "{\"config\": null}");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        response = admin.put(V3 + "/domains/" + domain + "/config", "{\"config\": {\"identity\": null}}");
        assertThat(response.status()).as(response.body()).isLessThan(500);
        response = admin.put(V3 + "/domains/" + domain + "/config", "{\"config\": {\"identity\": {\"driver\": null}}}");
        assertThat(response.status()).as(response.body()).isLessThan(500);
        response = admin.patch(V3 + "/domains/" + domain + "/config", "{\"config\": {\"identity\": {\"driver\": null}}}");
        assertThat(response.status()).as(response.body()).isLessThan(500);
    }

    @Test
    void nullImpliedRoleAndGrantBodiesAreHarmless()
    {
        String prior = create("/roles", "role", Map.of("name", unique("prior")));
        String implied = create("/roles", "role", Map.of("name", unique("implied")));
        Http.Response response = admin.put(V3 + "/roles/" + prior + "/implies/" + implied, "null");
        assertThat(response.status()).as(response.body()).isLessThan(500);
        response = admin.send("PUT", V3 + "/projects/" + adminProjectId + "/users/" + trusteeId + "/roles/" + implied, "{\"x\": null}", Map.of());
        assertThat(response.status()).as(response.body()).isLessThan(500);
    }

    @Test
    void nullLimitAttributes()
    {
        String resourceName = unique("cores");
        Http.Response registered = admin.post(V3 + "/registered_limits", "{\"registered_limits\": [{\"service_id\": \"" + serviceId
                + "\", \"resource_name\": \"" + resourceName + "\", \"default_limit\": 5, \"description\": null, \"region_id\": null}]}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        String registeredId = registered.json().path("registered_limits").get(0).path("id").asText();
        for (String attribute : List.of("service_id", "resource_name", "default_limit")) {
            Http.Response response = admin.post(V3 + "/registered_limits", "{\"registered_limits\": [{\"service_id\": \"" + serviceId
                    + "\", \"resource_name\": \"" + unique("r") + "\", \"default_limit\": 5, \"" + attribute + "\": null}]}");
            assertThat(response.status()).as(attribute + ": " + response.body()).isEqualTo(400);
        }
        for (String attribute : List.of("service_id", "resource_name", "default_limit", "description", "region_id")) {
            Http.Response response = admin.patch(V3 + "/registered_limits/" + registeredId, "{\"registered_limit\": {\"" + attribute + "\": null}}");
            assertThat(response.status()).as(attribute + ": " + response.body()).isLessThan(500);
        }
        Http.Response limit = admin.post(V3 + "/limits", "{\"limits\": [{\"service_id\": \"" + serviceId + "\", \"project_id\": \""
                + adminProjectId + "\", \"resource_name\": \"" + resourceName + "\", \"resource_limit\": 3, \"description\": null}]}");
        assertThat(limit.status()).as(limit.body()).isEqualTo(201);
        String limitId = limit.json().path("limits").get(0).path("id").asText();
        for (String attribute : List.of("service_id", "project_id", "domain_id", "resource_name", "resource_limit")) {
            Http.Response response = admin.post(V3 + "/limits", "{\"limits\": [{\"service_id\": \"" + serviceId + "\", \"project_id\": \""
                    + adminProjectId + "\", \"resource_name\": \"" + resourceName + "\", \"resource_limit\": 3, \"" + attribute + "\": null}]}");
            assertThat(response.status()).as(attribute + ": " + response.body()).isLessThan(500);
        }
        for (String attribute : List.of("resource_limit", "description")) {
            Http.Response response = admin.patch(V3 + "/limits/" + limitId, "{\"limit\": {\"" + attribute + "\": null}}");
            assertThat(response.status()).as(attribute + ": " + response.body()).isLessThan(500);
        }
        assertThat(admin.post(V3 + "/limits", "{\"limits\": null}").status()).isEqualTo(400);
        assertThat(admin.post(V3 + "/limits", "{\"limits\": [null]}").status()).isEqualTo(400);
        assertThat(admin.post(V3 + "/registered_limits", "{\"registered_limits\": [null]}").status()).isEqualTo(400);
    }

    @Test
    void nullEc2TenantAndNullPasswordChangeAreRefused()
    {
        Http.Response response = admin.post(V3 + "/users/" + adminUserId + "/credentials/OS-EC2", "{\"tenant_id\": null}");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        String user = create("/users", "user", Map.of("name", unique("pw"), "domain_id", "default", "password", "Secret-123"));
        for (String body : List.of("{\"user\": {\"password\": null, \"original_password\": \"Secret-123\"}}",
                "{\"user\": {\"password\": \"Other-456\", \"original_password\": null}}", "{\"user\": null}")) {
            response = server.http().post(V3 + "/users/" + user + "/password", body);
            assertThat(response.status()).as(body + ": " + response.body()).isEqualTo(400);
        }
    }

    @Test
    void nullEntityIsRefused()
    {
        for (String collection : List.of("/domains:domain", "/projects:project", "/users:user", "/groups:group", "/roles:role", "/regions:region",
                "/services:service", "/endpoints:endpoint", "/credentials:credential", "/policies:policy", "/OS-TRUST/trusts:trust",
                "/OS-EP-FILTER/endpoint_groups:endpoint_group", "/OS-OAUTH1/consumers:consumer")) {
            String[] parts = collection.split(":");
            Http.Response response = admin.post(V3 + parts[0], "{\"" + parts[1] + "\": null}");
            assertThat(response.status()).as(parts[0] + ": " + response.body()).isLessThan(500);
            response = admin.post(V3 + parts[0], "null");
            assertThat(response.status()).as(parts[0] + ": " + response.body()).isEqualTo(400);
        }
    }

    private static List<Resource> resources()
    {
        List<Resource> resources = new ArrayList<>();
        resources.add(new Resource("domain", "/domains", "domain", () -> Map.of("name", unique("d")), true, attributes(
                "name", 400, 400, "description", 201, 200, "enabled", 400, 400, "tags", 400, 400, "options", ANY, ANY, "extra", 201, 200)));
        resources.add(new Resource("project", "/projects", "project", () -> Map.of("name", unique("p"), "domain_id", "default"), true, attributes(
                "name", 400, 400, "description", 201, 200, "enabled", 400, 400, "domain_id", 201, 400, "parent_id", 201, 403,
                "is_domain", 400, 400, "tags", 400, 400, "options", ANY, ANY, "extra", 201, 200)));
        resources.add(new Resource("user", "/users", "user", () -> Map.of("name", unique("u"), "domain_id", "default"), true, attributes(
                "name", 400, 400, "description", 201, 200, "enabled", 400, 400, "domain_id", 201, ANY, "default_project_id", 201, 200,
                "password", 201, 200, "email", 201, 200, "options", ANY, ANY, "federated", ANY, ANY)));
        resources.add(new Resource("group", "/groups", "group", () -> Map.of("name", unique("g"), "domain_id", "default"), true, attributes(
                "name", 400, 400, "description", 201, 200, "domain_id", 201, ANY, "extra", 201, 200)));
        resources.add(new Resource("role", "/roles", "role", () -> Map.of("name", unique("r")), true, attributes(
                "name", 400, 400, "description", 201, 200, "domain_id", 201, ANY, "options", ANY, ANY, "extra", 201, 200)));
        resources.add(new Resource("region", "/regions", "region", () -> Map.of("id", unique("region")), true, attributes(
                "description", 201, 200, "parent_region_id", 201, 200, "extra", 201, 200)));
        resources.add(new Resource("service", "/services", "service", () -> Map.of("type", unique("t")), true, attributes(
                "type", 400, 400, "name", ANY, ANY, "description", ANY, ANY, "enabled", 400, 400, "extra", 201, 200)));
        resources.add(new Resource("endpoint", "/endpoints", "endpoint",
                () -> Map.of("service_id", serviceId, "interface", "public", "url", "http://example.com/" + unique("e")), true, attributes(
                "service_id", 400, 400, "interface", 400, 400, "url", 400, 400, "region_id", 201, 200, "region", ANY, ANY,
                "enabled", 400, 400, "extra", 201, 200)));
        resources.add(new Resource("credential", "/credentials", "credential",
                () -> Map.of("type", "cert", "user_id", adminUserId, "blob", unique("blob")), true, attributes(
                "type", 400, 400, "user_id", 400, 400, "blob", 400, 400, "project_id", ANY, ANY, "extra", 201, 200)));
        resources.add(new Resource("policy", "/policies", "policy", () -> Map.of("type", "application/json", "blob", "{}"), true, attributes(
                "type", 400, 400, "blob", 400, 400, "extra", 201, 200)));
        resources.add(new Resource("application credential", "/users/" + "%ADMIN%" + "/application_credentials", "application_credential",
                () -> Map.of("name", unique("ac")), false, attributes(
                "name", 400, ANY, "description", 201, ANY, "secret", 201, ANY, "expires_at", 201, ANY, "roles", ANY, ANY,
                "unrestricted", ANY, ANY, "access_rules", ANY, ANY)));
        resources.add(new Resource("trust", "/OS-TRUST/trusts", "trust", () -> Map.of("trustor_user_id", adminUserId, "trustee_user_id", trusteeId,
                "impersonation", false, "project_id", adminProjectId, "roles", List.of(Map.of("name", "admin")),
                "expires_at", "2999-01-01T00:00:" + String.format("%02d.%06dZ", (int) (Math.random() * 60), (int) (Math.random() * 1_000_000))), false, attributes(
                "trustor_user_id", 400, ANY, "trustee_user_id", 400, ANY, "impersonation", 400, ANY, "project_id", ANY, ANY,
                "roles", ANY, ANY, "expires_at", 201, ANY, "remaining_uses", 201, ANY, "allow_redelegation", ANY, ANY,
                "redelegation_count", ANY, ANY)));
        resources.add(new Resource("endpoint group", "/OS-EP-FILTER/endpoint_groups", "endpoint_group",
                () -> Map.of("name", unique("eg"), "filters", Map.of("interface", "public")), true, attributes(
                "name", 400, 400, "description", 201, 200, "filters", 400, 400, "extra", ANY, ANY)));
        resources.add(new Resource("consumer", "/OS-OAUTH1/consumers", "consumer", () -> Map.of("description", unique("c")), true, attributes(
                "description", 201, 200, "extra", ANY, ANY)));
        return resources;
    }

    private static Map<String, int[]> attributes(Object... triples)
    {
        Map<String, int[]> attributes = new LinkedHashMap<>();
        for (int i = 0; i < triples.length; i += 3) {
            attributes.put((String) triples[i], new int[] {(Integer) triples[i + 1], (Integer) triples[i + 2]});
        }
        return attributes;
    }

    private static String unique(String prefix)
    {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String create(String path, String key, Map<String, Object> entity)
    {
        Http.Response response = admin.post(V3 + path, Json.string(Map.of(key, entity)));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path(key).path("id").asText();
    }
}

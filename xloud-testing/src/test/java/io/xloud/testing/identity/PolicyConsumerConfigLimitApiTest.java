package io.xloud.testing.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.json.Json;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Policies, OAuth1 consumers, domain configuration and unified limits: the smaller Keystone APIs. */
class PolicyConsumerConfigLimitApiTest
{
    private static final String V3 = "/identity/v3";
    private static final String PASSWORD = "Secret-123";

    private static TestServer server;
    private static Http admin;
    private static Http member;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        admin = server.admin();
        String name = unique("member");
        String project = unique("member-project");
        String projectId = create("/projects", "project", Map.of("name", project, "domain_id", "default"));
        String user = create("/users", "user", Map.of("name", name, "password", PASSWORD, "domain_id", "default"));
        String memberRole = admin.get(V3 + "/roles?name=member").json().path("roles").get(0).path("id").asText();
        admin.put(V3 + "/projects/" + projectId + "/users/" + user + "/roles/" + memberRole, null);
        member = server.http();
        member.login(name, PASSWORD, project);
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    // ---- policies

    @Test
    void policyCrud()
    {
        Http.Response created = admin.post(V3 + "/policies", "{\"policy\": {\"blob\": \"{\\\"a\\\": 1}\", \"type\": \"application/json\", \"note\": \"x\"}}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode policy = created.json().path("policy");
        String id = policy.path("id").asText();
        assertThat(policy.path("blob").asText()).isEqualTo("{\"a\": 1}");
        assertThat(policy.path("type").asText()).isEqualTo("application/json");
        assertThat(policy.path("note").asText()).as("extra attributes are kept").isEqualTo("x");
        assertThat(policy.path("links").path("self").asText()).endsWith("/v3/policies/" + id);

        Http.Response updated = admin.patch(V3 + "/policies/" + id, "{\"policy\": {\"type\": \"text/plain\"}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("policy").path("type").asText()).isEqualTo("text/plain");
        JsonNode shown = admin.get(V3 + "/policies/" + id).json().path("policy");
        assertThat(shown.path("blob").asText()).isEqualTo("{\"a\": 1}");
        assertThat(shown.path("type").asText()).isEqualTo("text/plain");

        assertThat(admin.get(V3 + "/policies").json().path("policies").findValuesAsText("id")).contains(id);
        assertThat(admin.get(V3 + "/policies?type=text/plain").json().path("policies").findValuesAsText("id")).containsExactly(id);
        assertThat(admin.get(V3 + "/policies?type=application/json").json().path("policies").findValuesAsText("id")).doesNotContain(id);

        assertThat(admin.delete(V3 + "/policies/" + id).status()).isEqualTo(204);
        assertThat(admin.get(V3 + "/policies/" + id).status()).isEqualTo(404);
        assertThat(admin.delete(V3 + "/policies/" + id).status()).isEqualTo(404);
    }

    @Test
    void policyNeedsBlobAndType()
    {
        assertThat(admin.post(V3 + "/policies", "{\"policy\": {\"type\": \"t\"}}").status()).isEqualTo(400);
        assertThat(admin.post(V3 + "/policies", "{\"policy\": {\"blob\": \"b\"}}").status()).isEqualTo(400);
        assertThat(admin.post(V3 + "/policies", "{\"policy\": {\"blob\": {\"a\": 1}, \"type\": \"t\"}}").status()).isEqualTo(400);
        assertThat(admin.post(V3 + "/policies", "[]").status()).isEqualTo(400);
        String id = admin.post(V3 + "/policies", "{\"policy\": {\"blob\": \"b\", \"type\": \"t\"}}").json().path("policy").path("id").asText();
        assertThat(admin.patch(V3 + "/policies/" + id, "{\"policy\": {}}").status()).isEqualTo(400);
        assertThat(member.post(V3 + "/policies", "{\"policy\": {\"blob\": \"b\", \"type\": \"t\"}}").status()).isEqualTo(403);
        assertThat(member.get(V3 + "/policies").status()).isEqualTo(403);
    }

    // ---- OAuth1 consumers

    @Test
    void consumerCrud()
    {
        Http.Response created = admin.post(V3 + "/OS-OAUTH1/consumers", "{\"consumer\": {\"description\": \"my app\"}}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode consumer = created.json().path("consumer");
        String id = consumer.path("id").asText();
        assertThat(consumer.path("secret").asText()).isNotEmpty();

        JsonNode shown = admin.get(V3 + "/OS-OAUTH1/consumers/" + id).json().path("consumer");
        assertThat(shown.has("secret")).as("the secret is shown only once").isFalse();
        for (String key : new String[] {"id", "description", "links"}) {
            assertThat(shown.path(key)).as(key).isEqualTo(consumer.path(key));
        }

        Http.Response updated = admin.patch(V3 + "/OS-OAUTH1/consumers/" + id, "{\"consumer\": {\"description\": \"renamed\"}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("consumer").path("description").asText()).isEqualTo("renamed");
        assertThat(updated.json().path("consumer").has("secret")).isFalse();
        assertThat(admin.get(V3 + "/OS-OAUTH1/consumers").json().path("consumers").findValuesAsText("id")).contains(id);

        assertThat(admin.delete(V3 + "/OS-OAUTH1/consumers/" + id).status()).isEqualTo(204);
        assertThat(admin.get(V3 + "/OS-OAUTH1/consumers/" + id).status()).isEqualTo(404);
    }

    @Test
    void consumerSecretCannotBeChanged()
    {
        String id = admin.post(V3 + "/OS-OAUTH1/consumers", "{\"consumer\": {}}").json().path("consumer").path("id").asText();
        assertThat(admin.patch(V3 + "/OS-OAUTH1/consumers/" + id, "{\"consumer\": {\"secret\": \"mine\"}}").status()).isEqualTo(400);
        assertThat(admin.patch(V3 + "/OS-OAUTH1/consumers/" + id, "{\"consumer\": {}}").status()).isEqualTo(400);
        assertThat(admin.patch(V3 + "/OS-OAUTH1/consumers/" + id, "{\"consumer\": {\"id\": \"other\"}}").status()).isEqualTo(400);
        assertThat(admin.patch(V3 + "/OS-OAUTH1/consumers/" + id, "{\"consumer\": {\"description\": 5}}").status()).isEqualTo(400);
        assertThat(admin.patch(V3 + "/OS-OAUTH1/consumers/no-such-consumer", "{\"consumer\": {\"description\": \"x\"}}").status()).isEqualTo(404);
        assertThat(member.post(V3 + "/OS-OAUTH1/consumers", "{\"consumer\": {}}").status()).isEqualTo(403);
    }

    // ---- domain configuration

    @Test
    void defaultConfigAsTempestReadsIt()
    {
        JsonNode all = admin.get(V3 + "/domains/config/default").json().path("config");
        assertThat(all.has("identity")).isTrue();
        assertThat(all.has("ldap")).isTrue();
        JsonNode identity = admin.get(V3 + "/domains/config/identity/default").json().path("config").path("identity");
        assertThat(identity.path("driver").asText()).isEqualTo("sql");
        assertThat(identity.has("list_limit")).isTrue();
        assertThat(identity.path("list_limit").isNull()).isTrue();
        JsonNode ldap = admin.get(V3 + "/domains/config/ldap/default").json().path("config").path("ldap");
        assertThat(ldap.path("url").asText()).isEqualTo("ldap://localhost");
        assertThat(ldap.has("user_tree_dn")).isTrue();
        assertThat(ldap.has("password")).as("sensitive options have no readable default").isFalse();
        Iterator<String> options = ldap.fieldNames();
        while (options.hasNext()) {
            String option = options.next();
            Http.Response one = admin.get(V3 + "/domains/config/ldap/" + option + "/default");
            assertThat(one.status()).as(option).isEqualTo(200);
            assertThat(one.json().path("config").get(option)).as(option).isEqualTo(ldap.get(option));
        }
        assertThat(admin.get(V3 + "/domains/config/identity/driver/default").json().path("config").path("driver").asText()).isEqualTo("sql");
    }

    @Test
    void defaultsOnlyForKnownGroupsAndOptions()
    {
        assertThat(admin.get(V3 + "/domains/config/assignment/default").status()).isEqualTo(403);
        assertThat(admin.get(V3 + "/domains/config/ldap/no_such_option/default").status()).isEqualTo(403);
        assertThat(admin.get(V3 + "/domains/config/ldap/password/default").status()).isEqualTo(403);
        assertThat(member.get(V3 + "/domains/config/default").status()).isEqualTo(403);
    }

    @Test
    void domainConfigLifecycleAsTempestDoesIt()
    {
        String domain = create("/domains", "domain", Map.of("name", unique("configured")));
        String config = V3 + "/domains/" + domain + "/config";
        String body = "{\"config\": {\"identity\": {\"driver\": \"ldap\"}, \"ldap\": {\"url\": \"ldap://myserver\", \"user_tree_dn\": \"ou=Users\"}}}";
        assertThat(admin.get(config).status()).isEqualTo(404);

        Http.Response created = admin.put(config, body);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json()).isEqualTo(Json.parse(body));
        Http.Response replaced = admin.put(config, body);
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json()).isEqualTo(Json.parse(body));
        assertThat(admin.get(config).json()).isEqualTo(Json.parse(body));

        Http.Response patched = admin.patch(config,
                "{\"config\": {\"identity\": {\"driver\": \"ldap\"}, \"ldap\": {\"url\": \"ldap://other\", \"user_tree_dn\": \"ou=Users\"}}}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().path("config").path("ldap").path("url").asText()).isEqualTo("ldap://other");

        assertThat(admin.get(config + "/ldap").json()).isEqualTo(Json.parse(
                "{\"config\": {\"ldap\": {\"url\": \"ldap://other\", \"user_tree_dn\": \"ou=Users\"}}}"));
        Http.Response group = admin.patch(config + "/identity", "{\"config\": {\"identity\": {\"driver\": \"sql\", \"list_limit\": 42}}}");
        assertThat(group.status()).isEqualTo(200);
        assertThat(group.json().path("config").path("identity").path("list_limit").isInt()).isTrue();
        assertThat(group.json().path("config").path("identity").path("list_limit").asInt()).isEqualTo(42);
        assertThat(group.json().path("config").has("ldap")).as("the whole config comes back").isTrue();

        Http.Response option = admin.patch(config + "/identity/driver", "{\"config\": {\"driver\": \"ldap\"}}");
        assertThat(option.status()).isEqualTo(200);
        assertThat(option.json().path("config").path("identity").path("driver").asText()).isEqualTo("ldap");
        assertThat(admin.get(config + "/identity/driver").json()).isEqualTo(Json.parse("{\"config\": {\"driver\": \"ldap\"}}"));

        assertThat(admin.delete(config + "/identity/driver").status()).isEqualTo(204);
        assertThat(admin.get(config + "/identity/driver").status()).isEqualTo(404);
        assertThat(admin.delete(config + "/identity/driver").status()).isEqualTo(404);
        assertThat(admin.delete(config + "/ldap").status()).isEqualTo(204);
        assertThat(admin.get(config + "/ldap").status()).isEqualTo(404);
        assertThat(admin.delete(config).status()).isEqualTo(204);
        assertThat(admin.get(config).status()).isEqualTo(404);
    }

    @Test
    void passwordsAreStoredButNeverShown()
    {
        String domain = create("/domains", "domain", Map.of("name", unique("secret")));
        String config = V3 + "/domains/" + domain + "/config";
        Http.Response created = admin.put(config, "{\"config\": {\"ldap\": {\"url\": \"ldap://x\", \"password\": \"hunter2\"}}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("hunter2");
        assertThat(admin.get(config).body()).doesNotContain("hunter2");
        assertThat(admin.get(config + "/ldap/password").status()).isEqualTo(404);
        assertThat(admin.patch(config + "/ldap/password", "{\"config\": {\"password\": \"changed\"}}").status()).isEqualTo(200);
        assertThat(admin.delete(config + "/ldap/password").status()).isEqualTo(204);
    }

    @Test
    void onlyIdentityAndLdapGroupsAreAccepted()
    {
        String domain = create("/domains", "domain", Map.of("name", unique("invalid")));
        String config = V3 + "/domains/" + domain + "/config";
        assertThat(admin.put(config, "{\"config\": {\"assignment\": {\"driver\": \"sql\"}}}").status()).isEqualTo(403);
        assertThat(admin.put(config, "{\"config\": {\"identity\": {\"no_such_option\": 1}}}").status()).isEqualTo(403);
        assertThat(admin.put(config, "{\"config\": {}}").status()).isEqualTo(403);
        assertThat(admin.put(config, "{\"config\": {\"identity\": {}}}").status()).isEqualTo(403);
        assertThat(admin.put(config, "{\"config\": {\"identity\": \"sql\"}}").status()).isEqualTo(403);
        assertThat(admin.put(config, "{\"config\": \"sql\"}").status()).isEqualTo(400);
        assertThat(admin.put(config, "not json").status()).isEqualTo(400);
        assertThat(admin.get(config + "/assignment").status()).isEqualTo(403);

        assertThat(admin.put(config, "{\"config\": {\"identity\": {\"driver\": \"ldap\"}}}").status()).isEqualTo(201);
        assertThat(admin.patch(config + "/identity", "{\"config\": {\"ldap\": {\"url\": \"x\"}}}").status()).isEqualTo(403);
        assertThat(admin.patch(config + "/ldap", "{\"config\": {\"ldap\": {\"url\": \"x\"}}}").status()).as("group not set yet").isEqualTo(404);
        assertThat(admin.patch(config + "/identity/driver", "{\"config\": {\"list_limit\": 5}}").status()).isEqualTo(403);

        assertThat(admin.put(V3 + "/domains/no-such-domain/config", "{\"config\": {\"identity\": {\"driver\": \"ldap\"}}}").status()).isEqualTo(404);
        assertThat(admin.get(V3 + "/domains/no-such-domain/config").status()).isEqualTo(404);
        assertThat(member.put(config, "{\"config\": {\"identity\": {\"driver\": \"ldap\"}}}").status()).isEqualTo(403);
        assertThat(member.get(config).status()).isEqualTo(403);
    }

    @Test
    void securityComplianceOfTheDefaultDomain()
    {
        Http.Response all = member.get(V3 + "/domains/default/config/security_compliance");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().path("config").path("security_compliance").has("password_regex")).isTrue();
        assertThat(member.get(V3 + "/domains/default/config/security_compliance/password_regex").json().path("config").has("password_regex"))
                .isTrue();
        assertThat(member.get(V3 + "/domains/default/config/security_compliance/lockout_duration").status()).isEqualTo(403);
        String domain = create("/domains", "domain", Map.of("name", unique("compliance")));
        assertThat(admin.get(V3 + "/domains/" + domain + "/config/security_compliance").status()).isEqualTo(403);
    }

    // ---- unified limits

    @Test
    void registeredLimitsAndLimits()
    {
        String serviceId = create("/services", "service", Map.of("type", unique("type")));
        String adminProject = admin.get(V3 + "/projects?name=admin").json().path("projects").get(0).path("id").asText();

        Http.Response registered = admin.post(V3 + "/registered_limits", """
                {"registered_limits": [{"service_id": "%s", "region_id": "RegionOne", "resource_name": "cores", "default_limit": 10,
                  "description": "cores"}]}
                """.formatted(serviceId));
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.json().has("links")).isFalse();
        JsonNode registeredLimit = registered.json().path("registered_limits").get(0);
        String registeredId = registeredLimit.path("id").asText();
        assertThat(registeredLimit.path("default_limit").asLong()).isEqualTo(10);
        assertThat(admin.get(V3 + "/registered_limits/" + registeredId).json().path("registered_limit")).isEqualTo(registeredLimit);
        assertThat(admin.get(V3 + "/registered_limits?service_id=" + serviceId + "&resource_name=cores").json().path("registered_limits"))
                .containsExactly(registeredLimit);
        assertThat(admin.get(V3 + "/registered_limits?service_id=" + serviceId + "&resource_name=ram").json().path("registered_limits")).isEmpty();
        assertThat(admin.post(V3 + "/registered_limits", """
                {"registered_limits": [{"service_id": "%s", "region_id": "RegionOne", "resource_name": "cores", "default_limit": 5}]}
                """.formatted(serviceId)).status()).isEqualTo(409);
        Http.Response patched = admin.patch(V3 + "/registered_limits/" + registeredId, "{\"registered_limit\": {\"default_limit\": 20}}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().path("registered_limit").path("default_limit").asLong()).isEqualTo(20);

        Http.Response limits = admin.post(V3 + "/limits", """
                {"limits": [{"project_id": "%s", "service_id": "%s", "region_id": "RegionOne", "resource_name": "cores", "resource_limit": 5}]}
                """.formatted(adminProject, serviceId));
        assertThat(limits.status()).isEqualTo(201);
        JsonNode limit = limits.json().path("limits").get(0);
        String limitId = limit.path("id").asText();
        assertThat(limit.path("project_id").asText()).isEqualTo(adminProject);
        assertThat(limit.path("domain_id").isNull()).isTrue();
        assertThat(limit.path("resource_limit").asLong()).isEqualTo(5);
        assertThat(admin.get(V3 + "/limits").json().path("limits")).contains(limit);
        assertThat(admin.get(V3 + "/limits/" + limitId).json().path("limit")).isEqualTo(limit);
        assertThat(admin.post(V3 + "/limits", """
                {"limits": [{"project_id": "%s", "service_id": "%s", "region_id": "RegionOne", "resource_name": "cores", "resource_limit": 7}]}
                """.formatted(adminProject, serviceId)).status()).isEqualTo(409);

        assertThat(admin.patch(V3 + "/registered_limits/" + registeredId, "{\"registered_limit\": {\"default_limit\": 30}}").status())
                .as("a registered limit with limits is frozen").isEqualTo(403);
        assertThat(admin.delete(V3 + "/registered_limits/" + registeredId).status()).isEqualTo(403);

        Http.Response updated = admin.patch(V3 + "/limits/" + limitId, "{\"limit\": {\"resource_limit\": 0, \"description\": \"none\"}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("limit").path("resource_limit").asLong()).isZero();
        assertThat(updated.json().path("limit").path("description").asText()).isEqualTo("none");

        assertThat(admin.delete(V3 + "/limits/" + limitId).status()).isEqualTo(204);
        assertThat(admin.get(V3 + "/limits/" + limitId).status()).isEqualTo(404);
        assertThat(admin.delete(V3 + "/registered_limits/" + registeredId).status()).isEqualTo(204);
        assertThat(admin.get(V3 + "/registered_limits/" + registeredId).status()).isEqualTo(404);
    }

    @Test
    void limitsNeedARegisteredLimitAndKnownReferences()
    {
        String serviceId = create("/services", "service", Map.of("type", unique("type")));
        String domain = create("/domains", "domain", Map.of("name", unique("limited")));
        assertThat(admin.post(V3 + "/limits", """
                {"limits": [{"domain_id": "%s", "service_id": "%s", "resource_name": "ram", "resource_limit": 5}]}
                """.formatted(domain, serviceId)).status()).as("no registered limit").isEqualTo(403);
        assertThat(admin.post(V3 + "/registered_limits", """
                {"registered_limits": [{"service_id": "%s", "resource_name": "ram", "default_limit": 1}]}
                """.formatted(serviceId)).status()).isEqualTo(201);
        Http.Response domainLimit = admin.post(V3 + "/limits", """
                {"limits": [{"domain_id": "%s", "service_id": "%s", "resource_name": "ram", "resource_limit": 5}]}
                """.formatted(domain, serviceId));
        assertThat(domainLimit.status()).isEqualTo(201);
        assertThat(domainLimit.json().path("limits").get(0).path("domain_id").asText()).isEqualTo(domain);
        assertThat(domainLimit.json().path("limits").get(0).path("region_id").isNull()).isTrue();

        assertThat(admin.post(V3 + "/registered_limits", """
                {"registered_limits": [{"service_id": "no-such-service", "resource_name": "ram", "default_limit": 1}]}
                """).status()).isEqualTo(400);
        assertThat(admin.post(V3 + "/registered_limits", """
                {"registered_limits": [{"service_id": "%s", "region_id": "no-such-region", "resource_name": "x", "default_limit": 1}]}
                """.formatted(serviceId)).status()).isEqualTo(400);
        assertThat(admin.post(V3 + "/limits", """
                {"limits": [{"project_id": "no-such-project", "service_id": "%s", "resource_name": "ram", "resource_limit": 5}]}
                """.formatted(serviceId)).status()).isEqualTo(400);
        assertThat(admin.get(V3 + "/limits/no-such-limit").status()).isEqualTo(404);
        assertThat(admin.get(V3 + "/registered_limits/no-such-limit").status()).isEqualTo(404);
    }

    @Test
    void malformedLimitsAre400()
    {
        String serviceId = create("/services", "service", Map.of("type", unique("type")));
        for (String body : new String[] {
                "{\"registered_limits\": {}}",
                "{\"registered_limits\": []}",
                "{\"registered_limits\": [{\"service_id\": \"%s\", \"resource_name\": \"r\", \"default_limit\": \"ten\"}]}",
                "{\"registered_limits\": [{\"service_id\": \"%s\", \"resource_name\": \"r\", \"default_limit\": -2}]}",
                "{\"registered_limits\": [{\"service_id\": \"%s\", \"resource_name\": \"r\", \"default_limit\": 1, \"extra\": 1}]}",
                "{\"registered_limits\": [{\"service_id\": \"%s\", \"default_limit\": 1}]}",
                "not json"}) {
            assertThat(admin.post(V3 + "/registered_limits", body.formatted(serviceId)).status()).as(body).isEqualTo(400);
        }
        for (String body : new String[] {
                "{\"limits\": []}",
                "{\"limits\": [{\"project_id\": \"p\", \"domain_id\": \"d\", \"service_id\": \"%s\", \"resource_name\": \"r\", \"resource_limit\": 1}]}",
                "{\"limits\": [{\"service_id\": \"%s\", \"resource_name\": \"r\", \"resource_limit\": 1}]}",
                "{\"limits\": [{\"project_id\": \"p\", \"service_id\": \"%s\", \"resource_name\": \"r\", \"resource_limit\": 1.5}]}"}) {
            assertThat(admin.post(V3 + "/limits", body.formatted(serviceId)).status()).as(body).isEqualTo(400);
        }
        assertThat(member.post(V3 + "/registered_limits", "{\"registered_limits\": [{\"service_id\": \"%s\", \"resource_name\": \"r\", \"default_limit\": 1}]}"
                .formatted(serviceId)).status()).isEqualTo(403);
        assertThat(member.get(V3 + "/registered_limits").status()).as("anyone may read registered limits").isEqualTo(200);
    }

    @Test
    void limitModelIsFlat()
    {
        Http.Response model = member.get(V3 + "/limits/model");
        assertThat(model.status()).isEqualTo(200);
        assertThat(model.json().path("model").path("name").asText()).isEqualTo("flat");
        assertThat(model.json().path("model").path("description").asText()).isNotEmpty();
    }

    // ---- helpers

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

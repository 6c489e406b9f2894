package io.xloud.testing.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** OS-FEDERATION resources: identity providers, mappings, protocols and service providers. */
class FederationApiTest
{
    private static final String V3 = "/identity/v3";
    private static final String FED = V3 + "/OS-FEDERATION";
    private static final String PASSWORD = "Secret-123";
    private static final String RULES = """
            [{"local": [{"user": {"name": "{0}"}}], "remote": [{"type": "OIDC-sub"}]}]""";

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
        String projectId = admin.post(V3 + "/projects", "{\"project\": {\"name\": \"" + project + "\", \"domain_id\": \"default\"}}")
                .json().path("project").path("id").asText();
        String user = admin.post(V3 + "/users", "{\"user\": {\"name\": \"" + name + "\", \"password\": \"" + PASSWORD + "\", \"domain_id\": \"default\"}}")
                .json().path("user").path("id").asText();
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

    private static String unique(String prefix)
    {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode passwordToken()
    {
        String body = "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \"admin\", "
                + "\"domain\": {\"id\": \"default\"}, \"password\": \"" + TestServer.ADMIN_PASSWORD + "\"}}}}}";
        Http.Response response = server.http().post(V3 + "/auth/tokens", body);
        assertThat(response.status()).isEqualTo(201);
        return response.json().path("token");
    }

    // ---- identity providers

    @Test
    void identityProviderCrud()
    {
        String id = unique("idp");
        Http.Response created = admin.put(FED + "/identity_providers/" + id,
                "{\"identity_provider\": {\"description\": \"corp\", \"remote_ids\": [\"https://" + id + "\"], \"authorization_ttl\": 60}}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode idp = created.json().path("identity_provider");
        assertThat(idp.path("id").asText()).isEqualTo(id);
        assertThat(idp.path("enabled").asBoolean(true)).as("Keystone creates providers disabled unless asked").isFalse();
        assertThat(idp.path("description").asText()).isEqualTo("corp");
        assertThat(idp.path("remote_ids").findValuesAsText("")).isEmpty();
        assertThat(idp.path("remote_ids").get(0).asText()).isEqualTo("https://" + id);
        assertThat(idp.path("authorization_ttl").asInt()).isEqualTo(60);
        assertThat(idp.path("links").path("self").asText()).endsWith("/v3/OS-FEDERATION/identity_providers/" + id);
        assertThat(idp.path("links").path("protocols").asText()).endsWith("/v3/OS-FEDERATION/identity_providers/" + id + "/protocols");

        String domainId = idp.path("domain_id").asText();
        JsonNode domain = admin.get(V3 + "/domains/" + domainId).json().path("domain");
        assertThat(domain.path("name").asText()).as("a domain is created for the provider's users, named by its id").isEqualTo(domainId);
        assertThat(domain.path("description").asText()).isEqualTo("Auto generated federated domain for Identity Provider: " + id);

        Http.Response updated = admin.patch(FED + "/identity_providers/" + id, "{\"identity_provider\": {\"enabled\": true, \"remote_ids\": []}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("identity_provider").path("enabled").asBoolean()).isTrue();
        assertThat(updated.json().path("identity_provider").path("remote_ids")).isEmpty();
        assertThat(updated.json().path("identity_provider").path("description").asText()).isEqualTo("corp");

        assertThat(admin.get(FED + "/identity_providers/" + id).json().path("identity_provider").path("enabled").asBoolean()).isTrue();
        assertThat(admin.get(FED + "/identity_providers").json().path("identity_providers").findValuesAsText("id")).contains(id);
        assertThat(admin.get(FED + "/identity_providers?id=" + id).json().path("identity_providers").findValuesAsText("id")).containsExactly(id);
        assertThat(admin.get(FED + "/identity_providers?enabled=false").json().path("identity_providers").findValuesAsText("id")).doesNotContain(id);

        assertThat(admin.delete(FED + "/identity_providers/" + id).status()).isEqualTo(204);
        assertThat(admin.get(FED + "/identity_providers/" + id).status()).isEqualTo(404);
        assertThat(admin.delete(FED + "/identity_providers/" + id).status()).isEqualTo(404);
    }

    @Test
    void identityProviderWithAGivenDomain()
    {
        String id = unique("idp");
        Http.Response created = admin.put(FED + "/identity_providers/" + id, "{\"identity_provider\": {\"domain_id\": \"default\", \"enabled\": true}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("identity_provider").path("domain_id").asText()).isEqualTo("default");
        assertThat(admin.put(FED + "/identity_providers/" + unique("idp"), "{\"identity_provider\": {\"domain_id\": \"nope\"}}").status())
                .isEqualTo(404);
        assertThat(admin.put(FED + "/identity_providers/" + id, "{\"identity_provider\": {}}").status()).as("duplicate id").isEqualTo(409);
    }

    @Test
    void deletingTheProvidersDomainDeletesTheProvider()
    {
        String id = unique("idp");
        String domainId = admin.put(FED + "/identity_providers/" + id, "{\"identity_provider\": {}}").json().path("identity_provider")
                .path("domain_id").asText();
        assertThat(admin.patch(V3 + "/domains/" + domainId, "{\"domain\": {\"enabled\": false}}").status()).isEqualTo(200);
        assertThat(admin.delete(V3 + "/domains/" + domainId).status()).isEqualTo(204);
        assertThat(admin.get(FED + "/identity_providers/" + id).status()).isEqualTo(404);
    }

    @Test
    void remoteIdsAreUniqueAcrossProviders()
    {
        String remote = "https://issuer.example/" + unique("r");
        String first = unique("idp");
        assertThat(admin.put(FED + "/identity_providers/" + first, "{\"identity_provider\": {\"remote_ids\": [\"" + remote + "\"]}}").status())
                .isEqualTo(201);
        String second = unique("idp");
        Http.Response duplicate = admin.put(FED + "/identity_providers/" + second, "{\"identity_provider\": {\"remote_ids\": [\"" + remote + "\"]}}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().path("error").path("code").asInt()).isEqualTo(409);
        assertThat(admin.get(FED + "/identity_providers/" + second).status()).as("nothing was kept").isEqualTo(404);
        assertThat(admin.put(FED + "/identity_providers/" + second, "{\"identity_provider\": {}}").status()).isEqualTo(201);
        assertThat(admin.patch(FED + "/identity_providers/" + second, "{\"identity_provider\": {\"remote_ids\": [\"" + remote + "\"]}}").status())
                .isEqualTo(409);
        assertThat(admin.patch(FED + "/identity_providers/" + first, "{\"identity_provider\": {\"remote_ids\": [\"" + remote + "\", \"other\"]}}")
                .status()).as("a provider may keep its own").isEqualTo(200);
    }

    @Test
    void concurrentProvidersClaimingOneRemoteIdLeaveOneOwner()
            throws Exception
    {
        String remote = "https://race.example/" + unique("r");
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                String id = unique("race");
                results.add(pool.submit(() -> admin.put(FED + "/identity_providers/" + id,
                        "{\"identity_provider\": {\"remote_ids\": [\"" + remote + "\"]}}").status()));
            }
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> result : results) {
            statuses.add(result.get());
        }
        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses.stream().filter(status -> status == 201)).hasSize(1);
    }

    @Test
    void identityProviderValidation()
    {
        String id = unique("idp");
        assertThat(admin.put(FED + "/identity_providers/" + id, "{\"identity_provider\": {\"bogus\": 1}}").status()).isEqualTo(400);
        assertThat(admin.put(FED + "/identity_providers/" + id, "{\"identity_provider\": {\"enabled\": \"yes\"}}").status()).isEqualTo(400);
        assertThat(admin.put(FED + "/identity_providers/" + id, "{\"identity_provider\": {\"remote_ids\": [\"a\", \"a\"]}}").status()).isEqualTo(400);
        assertThat(admin.put(FED + "/identity_providers/" + id, "{\"identity_provider\": {\"authorization_ttl\": -1}}").status()).isEqualTo(400);
        assertThat(admin.put(FED + "/identity_providers/" + id, "{\"identity_provider\": {\"oidc\": {\"jwks_uri\": \"ftp://x\"}}}").status())
                .isEqualTo(400);
        assertThat(admin.put(FED + "/identity_providers/" + id, "[]").status()).isEqualTo(400);
        assertThat(admin.put(FED + "/identity_providers/" + id, "{not json").status()).isEqualTo(400);
        assertThat(admin.put(FED + "/identity_providers/" + "x".repeat(65), "{\"identity_provider\": {}}").status()).isEqualTo(400);
        assertThat(admin.put(FED + "/identity_providers/" + id, "{\"identity_provider\": {\"description\": null, \"remote_ids\": null}}").status())
                .as("openstacksdk's nulls").isEqualTo(201);
        assertThat(admin.patch(FED + "/identity_providers/" + id, "{\"identity_provider\": {}}").status()).isEqualTo(400);
        assertThat(admin.patch(FED + "/identity_providers/" + id, "{\"identity_provider\": {\"domain_id\": \"default\"}}").status())
                .as("the domain cannot change").isEqualTo(400);
        Http.Response error = admin.patch(FED + "/identity_providers/" + id, "{\"identity_provider\": {\"enabled\": 3}}");
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.json().path("error").path("title").asText()).isEqualTo("Bad Request");
    }

    @Test
    void onlyAdminsManageProvidersAndMappings()
    {
        String id = unique("idp");
        assertThat(member.put(FED + "/identity_providers/" + id, "{\"identity_provider\": {}}").status()).isEqualTo(403);
        assertThat(member.get(FED + "/identity_providers").status()).isEqualTo(403);
        assertThat(member.put(FED + "/mappings/" + id, "{\"mapping\": {\"rules\": " + RULES + "}}").status()).isEqualTo(403);
        assertThat(member.get(FED + "/mappings").status()).isEqualTo(403);
        assertThat(member.get(FED + "/service_providers").status()).isEqualTo(403);
        assertThat(server.http().get(FED + "/identity_providers").status()).isEqualTo(401);
    }

    @Test
    void aSystemReaderListsAndReadsButCannotChange()
    {
        String name = unique("sysreader");
        String userId = admin.post(V3 + "/users", "{\"user\": {\"name\": \"" + name + "\", \"password\": \"" + PASSWORD + "\", \"domain_id\": \"default\"}}")
                .json().path("user").path("id").asText();
        String readerRole = admin.get(V3 + "/roles?name=reader").json().path("roles").get(0).path("id").asText();
        assertThat(admin.put(V3 + "/system/users/" + userId + "/roles/" + readerRole, null).status()).isEqualTo(204);
        Http.Response login = server.http().post(V3 + "/auth/tokens", "{\"auth\": {\"identity\": {\"methods\": [\"password\"], "
                + "\"password\": {\"user\": {\"id\": \"" + userId + "\", \"password\": \"" + PASSWORD + "\"}}}, \"scope\": {\"system\": {\"all\": true}}}}");
        assertThat(login.status()).isEqualTo(201);
        Http reader = server.http().withToken(login.header("X-Subject-Token").orElseThrow());

        String idp = unique("idp");
        String mapping = unique("map");
        admin.put(FED + "/identity_providers/" + idp, "{\"identity_provider\": {}}");
        admin.put(FED + "/mappings/" + mapping, "{\"mapping\": {\"rules\": " + RULES + "}}");
        admin.put(FED + "/identity_providers/" + idp + "/protocols/openid", "{\"protocol\": {\"mapping_id\": \"" + mapping + "\"}}");
        assertThat(reader.get(FED + "/identity_providers").status()).isEqualTo(200);
        assertThat(reader.get(FED + "/identity_providers/" + idp).status()).isEqualTo(200);
        assertThat(reader.get(FED + "/identity_providers/" + idp + "/protocols").status()).isEqualTo(200);
        assertThat(reader.get(FED + "/identity_providers/" + idp + "/protocols/openid").status()).isEqualTo(200);
        assertThat(reader.get(FED + "/mappings/" + mapping).status()).isEqualTo(200);
        assertThat(reader.get(FED + "/service_providers").status()).isEqualTo(200);
        assertThat(reader.patch(FED + "/identity_providers/" + idp, "{\"identity_provider\": {\"enabled\": true}}").status()).isEqualTo(403);
        assertThat(reader.delete(FED + "/identity_providers/" + idp + "/protocols/openid").status()).isEqualTo(403);
        assertThat(reader.delete(FED + "/mappings/" + mapping).status()).isEqualTo(403);
        assertThat(reader.put(FED + "/service_providers/" + unique("sp"), "{\"service_provider\": {\"auth_url\": \"https://a\", \"sp_url\": \"https://b\"}}")
                .status()).isEqualTo(403);
    }

    /** openstacksdk sends null for what it was not given: stored, cleared or refused with 400 as Keystone's schema says, never a 500. */
    @Test
    void nullAttributesAreStoredClearedOrRefused()
    {
        Map<String, Integer> idpCreate = Map.of("enabled", 400, "description", 201, "domain_id", 201, "authorization_ttl", 201, "remote_ids", 201,
                "oidc", 201);
        idpCreate.forEach((attribute, expected) -> {
            Http.Response response = admin.put(FED + "/identity_providers/" + unique("null"), "{\"identity_provider\": {\"" + attribute + "\": null}}");
            assertThat(response.status()).as("create with " + attribute).isEqualTo(expected);
        });
        String idp = unique("null");
        admin.put(FED + "/identity_providers/" + idp, "{\"identity_provider\": {\"description\": \"d\", \"authorization_ttl\": 5}}");
        Map<String, Integer> idpUpdate = Map.of("enabled", 400, "description", 200, "authorization_ttl", 200, "remote_ids", 200, "oidc", 200,
                "domain_id", 400);
        idpUpdate.forEach((attribute, expected) -> assertThat(admin.patch(FED + "/identity_providers/" + idp,
                "{\"identity_provider\": {\"" + attribute + "\": null}}").status()).as("update with " + attribute).isEqualTo(expected));
        JsonNode cleared = admin.get(FED + "/identity_providers/" + idp).json().path("identity_provider");
        assertThat(cleared.path("description").isNull()).isTrue();
        assertThat(cleared.path("authorization_ttl").isNull()).isTrue();

        String mapping = unique("null");
        assertThat(admin.put(FED + "/mappings/" + mapping, "{\"mapping\": {\"rules\": null}}").status()).isEqualTo(400);
        assertThat(admin.put(FED + "/mappings/" + mapping, "{\"mapping\": {\"rules\": " + RULES + ", \"schema_version\": null}}").status())
                .isEqualTo(201);
        assertThat(admin.put(FED + "/identity_providers/" + idp + "/protocols/p", "{\"protocol\": {\"mapping_id\": null}}").status()).isEqualTo(400);
        assertThat(admin.put(FED + "/identity_providers/" + idp + "/protocols/p", "{\"protocol\": null}").status()).isEqualTo(400);
        assertThat(admin.put(FED + "/identity_providers/" + idp, "{\"identity_provider\": null}").status()).isEqualTo(400);
        assertThat(admin.put(FED + "/mappings/" + unique("null"), "{\"mapping\": null}").status()).isEqualTo(400);

        String sp = FED + "/service_providers/" + unique("null");
        assertThat(admin.put(sp, "{\"service_provider\": {\"auth_url\": null, \"sp_url\": \"https://b\"}}").status()).isEqualTo(400);
        assertThat(admin.put(sp, "{\"service_provider\": {\"auth_url\": \"https://a\", \"sp_url\": \"https://b\", \"description\": null, "
                + "\"relay_state_prefix\": null}}").status()).isEqualTo(201);
        assertThat(admin.get(sp).json().path("service_provider").path("relay_state_prefix").asText()).isEqualTo("ss:mem:");
        assertThat(admin.patch(sp, "{\"service_provider\": {\"description\": null}}").status()).isEqualTo(200);
        assertThat(admin.put(sp, "{\"service_provider\": null}").status()).isEqualTo(400);
    }

    // ---- mappings

    @Test
    void mappingCrud()
    {
        String id = unique("map");
        Http.Response created = admin.put(FED + "/mappings/" + id, "{\"mapping\": {\"rules\": " + RULES + "}}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode mapping = created.json().path("mapping");
        assertThat(mapping.path("id").asText()).isEqualTo(id);
        assertThat(mapping.path("schema_version").asText()).isEqualTo("1.0");
        assertThat(mapping.path("rules").get(0).path("remote").get(0).path("type").asText()).isEqualTo("OIDC-sub");
        assertThat(mapping.path("links").path("self").asText()).endsWith("/v3/OS-FEDERATION/mappings/" + id);
        assertThat(admin.put(FED + "/mappings/" + id, "{\"mapping\": {\"rules\": " + RULES + "}}").status()).isEqualTo(409);

        String rules2 = """
                [{"local": [{"user": {"name": "{0}"}}, {"projects": [{"name": "p", "domain": {"name": "Default"}, "roles": [{"name": "member"}]}]}],
                  "remote": [{"type": "OIDC-sub"}]}]""";
        Http.Response updated = admin.patch(FED + "/mappings/" + id, "{\"mapping\": {\"rules\": " + rules2 + ", \"schema_version\": \"2.0\"}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("mapping").path("schema_version").asText()).isEqualTo("2.0");
        assertThat(admin.get(FED + "/mappings/" + id).json().path("mapping").path("rules").get(0).path("local").size()).isEqualTo(2);
        assertThat(admin.get(FED + "/mappings").json().path("mappings").findValuesAsText("id")).contains(id);

        assertThat(admin.delete(FED + "/mappings/" + id).status()).isEqualTo(204);
        assertThat(admin.get(FED + "/mappings/" + id).status()).isEqualTo(404);
    }

    @Test
    void mappingRulesAreValidatedAgainstKeystonesSchema()
    {
        for (String rules : List.of(
                "[]",
                "\"x\"",
                "[{\"local\": [{\"user\": {\"name\": \"x\"}}]}]",
                "[{\"remote\": [{\"type\": \"a\"}]}]",
                "[{\"local\": [{\"user\": {\"name\": \"x\"}}], \"remote\": []}]",
                "[{\"local\": [{\"user\": {\"name\": \"x\"}}], \"remote\": [{\"type\": \"a\", \"any_one_of\": [\"x\"], \"not_any_of\": [\"y\"]}]}]",
                "[{\"local\": [{\"user\": {\"name\": \"x\", \"type\": \"robot\"}}], \"remote\": [{\"type\": \"a\"}]}]",
                "[{\"local\": [{\"group\": {\"name\": \"g\"}}], \"remote\": [{\"type\": \"a\"}]}]",
                "[{\"local\": [{\"projects\": [{\"name\": \"p\"}]}], \"remote\": [{\"type\": \"a\"}]}]",
                "[{\"local\": [{\"projects\": [{\"name\": \"p\", \"domain\": {\"id\": \"d\"}, \"roles\": []}]}], \"remote\": [{\"type\": \"a\"}]}]",
                "[{\"local\": [{\"bogus\": 1}], \"remote\": [{\"type\": \"a\"}]}]",
                "[{\"local\": [], \"remote\": [{\"type\": 7}]}]",
                "[{\"local\": [], \"remote\": [{\"type\": \"a\"}], \"extra\": 1}]")) {
            Http.Response response = admin.put(FED + "/mappings/" + unique("bad"), "{\"mapping\": {\"rules\": " + rules + "}}");
            assertThat(response.status()).as(rules).isEqualTo(400);
            assertThat(response.json().path("error").path("code").asInt()).isEqualTo(400);
        }
        assertThat(admin.put(FED + "/mappings/" + unique("bad"), "{\"mapping\": {}}").status()).isEqualTo(400);
        assertThat(admin.put(FED + "/mappings/" + unique("bad"), "{\"mapping\": {\"rules\": " + RULES + ", \"schema_version\": \"9.9\"}}").status())
                .isEqualTo(400);
        String good = """
                [{"local": [{"user": {"name": "{0}", "type": "local", "domain": {"name": "Default"}}}, {"group": {"id": "g1"}},
                   {"group": {"name": "g", "domain": {"id": "default"}}}, {"groups": "{1}", "domain": {"name": "Default"}}],
                  "remote": [{"type": "a"}, {"type": "b", "whitelist": ["x"]}, {"type": "c", "any_one_of": ["^x.*$"], "regex": true},
                             {"type": "d", "not_any_of": ["y"]}, {"type": "e", "blacklist": ["z"]}]}]""";
        assertThat(admin.put(FED + "/mappings/" + unique("good"), "{\"mapping\": {\"rules\": " + good + "}}").status()).isEqualTo(201);
    }

    // ---- protocols

    @Test
    void protocolCrud()
    {
        String idp = unique("idp");
        String mapping = unique("map");
        String other = unique("map");
        admin.put(FED + "/identity_providers/" + idp, "{\"identity_provider\": {}}");
        admin.put(FED + "/mappings/" + mapping, "{\"mapping\": {\"rules\": " + RULES + "}}");
        admin.put(FED + "/mappings/" + other, "{\"mapping\": {\"rules\": " + RULES + "}}");
        String path = FED + "/identity_providers/" + idp + "/protocols/openid";

        Http.Response created = admin.put(path, "{\"protocol\": {\"mapping_id\": \"" + mapping + "\", \"remote_id_attribute\": \"HTTP_OIDC_ISS\"}}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode protocol = created.json().path("protocol");
        assertThat(protocol.path("id").asText()).isEqualTo("openid");
        assertThat(protocol.path("mapping_id").asText()).isEqualTo(mapping);
        assertThat(protocol.path("remote_id_attribute").asText()).isEqualTo("HTTP_OIDC_ISS");
        assertThat(protocol.path("links").path("self").asText()).endsWith(path.substring("/identity".length()));
        assertThat(protocol.path("links").path("identity_provider").asText()).endsWith("/OS-FEDERATION/identity_providers/" + idp);
        assertThat(admin.put(path, "{\"protocol\": {\"mapping_id\": \"" + mapping + "\"}}").status()).isEqualTo(409);

        Http.Response updated = admin.patch(path, "{\"protocol\": {\"mapping_id\": \"" + other + "\"}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("protocol").path("mapping_id").asText()).isEqualTo(other);
        assertThat(updated.json().path("protocol").path("remote_id_attribute").asText()).isEqualTo("HTTP_OIDC_ISS");
        assertThat(admin.get(path).json().path("protocol").path("mapping_id").asText()).isEqualTo(other);
        assertThat(admin.get(FED + "/identity_providers/" + idp + "/protocols").json().path("protocols").findValuesAsText("id"))
                .containsExactly("openid");

        assertThat(admin.patch(path, "{\"protocol\": {\"mapping_id\": \"missing\"}}").status()).as("Keystone: invalid mapping id").isEqualTo(400);
        assertThat(admin.patch(path, "{\"protocol\": {}}").status()).isEqualTo(400);
        assertThat(admin.put(FED + "/identity_providers/" + idp + "/protocols/saml2", "{\"protocol\": {\"mapping_id\": \"missing\"}}").status())
                .isEqualTo(400);
        assertThat(admin.put(FED + "/identity_providers/" + idp + "/protocols/saml2", "{\"protocol\": {}}").status()).isEqualTo(400);
        assertThat(admin.put(FED + "/identity_providers/" + idp + "/protocols/saml2", "{\"protocol\": {\"mapping_id\": \"a b\"}}").status())
                .isEqualTo(400);
        assertThat(admin.put(FED + "/identity_providers/nope/protocols/saml2", "{\"protocol\": {\"mapping_id\": \"" + mapping + "\"}}").status())
                .isEqualTo(404);
        assertThat(admin.get(FED + "/identity_providers/nope/protocols").status()).isEqualTo(404);

        assertThat(admin.delete(path).status()).isEqualTo(204);
        assertThat(admin.get(path).status()).isEqualTo(404);
        admin.put(path, "{\"protocol\": {\"mapping_id\": \"" + mapping + "\"}}");
        assertThat(admin.delete(FED + "/identity_providers/" + idp).status()).isEqualTo(204);
        assertThat(admin.get(path).status()).as("a provider's protocols go with it").isEqualTo(404);
    }

    // ---- service providers

    @Test
    void serviceProviderCrud()
    {
        String id = unique("sp");
        String path = FED + "/service_providers/" + id;
        Http.Response created = admin.put(path,
                "{\"service_provider\": {\"auth_url\": \"https://sp.example/identity/v3/OS-FEDERATION/identity_providers/me/protocols/saml2/auth\", "
                        + "\"sp_url\": \"https://sp.example/Shibboleth.sso/SAML2/ECP\", \"enabled\": true}}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode sp = created.json().path("service_provider");
        assertThat(sp.path("id").asText()).isEqualTo(id);
        assertThat(sp.path("relay_state_prefix").asText()).isEqualTo("ss:mem:");
        assertThat(sp.path("enabled").asBoolean()).isTrue();
        assertThat(sp.path("description").isNull()).isTrue();
        assertThat(sp.path("links").path("self").asText()).endsWith("/v3/OS-FEDERATION/service_providers/" + id);
        assertThat(admin.put(path, "{\"service_provider\": {\"auth_url\": \"https://a\", \"sp_url\": \"https://b\"}}").status()).isEqualTo(409);

        Http.Response updated = admin.patch(path, "{\"service_provider\": {\"relay_state_prefix\": \"ss:x:\", \"description\": \"d\"}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("service_provider").path("relay_state_prefix").asText()).isEqualTo("ss:x:");
        assertThat(admin.get(path).json().path("service_provider").path("description").asText()).isEqualTo("d");
        assertThat(admin.get(FED + "/service_providers?enabled=true").json().path("service_providers").findValuesAsText("id")).contains(id);
        JsonNode token = passwordToken();
        assertThat(token.path("service_providers").findValuesAsText("id")).as("tokens list the enabled service providers").contains(id);
        JsonNode listed = null;
        for (JsonNode provider : token.path("service_providers")) {
            if (provider.path("id").asText().equals(id)) {
                listed = provider;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.path("sp_url").asText()).isEqualTo("https://sp.example/Shibboleth.sso/SAML2/ECP");
        admin.patch(path, "{\"service_provider\": {\"enabled\": false}}");
        assertThat(passwordToken().path("service_providers").findValuesAsText("id")).doesNotContain(id);

        assertThat(admin.delete(path).status()).isEqualTo(204);
        assertThat(admin.get(path).status()).isEqualTo(404);
    }

    @Test
    void serviceProviderValidation()
    {
        String path = FED + "/service_providers/" + unique("sp");
        assertThat(admin.put(path, "{\"service_provider\": {\"auth_url\": \"https://a\"}}").status()).isEqualTo(400);
        assertThat(admin.put(path, "{\"service_provider\": {\"auth_url\": \"not a url\", \"sp_url\": \"https://b\"}}").status()).isEqualTo(400);
        assertThat(admin.put(path, "{\"service_provider\": {\"auth_url\": \"https://a\", \"sp_url\": \"https://b\", \"x\": 1}}").status())
                .isEqualTo(400);
        assertThat(admin.put(path, "{\"service_provider\": {\"auth_url\": \"https://a\", \"sp_url\": \"https://b\"}}").status()).isEqualTo(201);
        assertThat(admin.patch(path, "{\"service_provider\": {}}").status()).isEqualTo(400);
        assertThat(admin.patch(path, "{\"service_provider\": {\"enabled\": null}}").status()).isEqualTo(400);
        assertThat(admin.patch(FED + "/service_providers/nope", "{\"service_provider\": {\"enabled\": true}}").status()).isEqualTo(404);
        assertThat(Map.of()).isEmpty();
    }
}

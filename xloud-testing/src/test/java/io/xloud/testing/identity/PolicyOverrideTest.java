package io.xloud.testing.identity;

import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Operators override default rules in data/policy.yaml, as with oslo.policy. */
class PolicyOverrideTest
{
    @Test
    void aRuleFromPolicyYamlReplacesTheDefault()
            throws Exception
    {
        Path data = Files.createTempDirectory("xloud-policy-");
        Files.writeString(data.resolve("policy.yaml"), """
                # nobody lists domains here; readers may list users
                "identity:list_domains": "!"
                "identity:list_users": "role:reader"
                """);
        try (TestServer server = TestServer.start(data, TestServer.freshDatabaseUrl(), Map.of(), true)) {
            Http admin = server.admin();
            assertThat(admin.get("/identity/v3/domains").status()).isEqualTo(403);
            assertThat(admin.get("/identity/v3/projects").status()).isEqualTo(200);
        }
    }

    @Test
    void aMalformedRuleStopsStartUp()
            throws Exception
    {
        Path data = Files.createTempDirectory("xloud-policy-");
        Files.writeString(data.resolve("policy.yaml"), "\"identity:list_domains\": \"role:admin and (\"\n");
        assertThatThrownBy(() -> TestServer.start(data, TestServer.freshDatabaseUrl(), Map.of(), true))
                .hasStackTraceContaining("identity:list_domains");
    }

    @Test
    void aServicePolicyFileOverridesOnlyThatService()
            throws Exception
    {
        Path data = Files.createTempDirectory("xloud-policy-");
        Files.createDirectories(data.resolve("policy"));
        Files.writeString(data.resolve("policy/object-store.yaml"), "\"object_store:put_container\": \"!\"\n");
        try (TestServer server = TestServer.start(data, TestServer.freshDatabaseUrl(), Map.of(), true)) {
            Http admin = server.admin();
            String project = admin.get("/identity/v3/projects?name=admin").json().path("projects").get(0).path("id").asText();
            assertThat(admin.put("/object-store/v1/AUTH_" + project + "/photos", null).status()).isEqualTo(403);
            assertThat(admin.get("/identity/v3/domains").status()).isEqualTo(200);
        }
    }

    @Test
    void identityYamlWinsOverTheOlderPolicyYaml()
            throws Exception
    {
        Path data = Files.createTempDirectory("xloud-policy-");
        Files.writeString(data.resolve("policy.yaml"), "\"identity:list_domains\": \"!\"\n\"identity:list_regions\": \"!\"\n");
        Files.createDirectories(data.resolve("policy"));
        Files.writeString(data.resolve("policy/identity.yaml"), "\"identity:list_domains\": \"role:admin\"\n");
        try (TestServer server = TestServer.start(data, TestServer.freshDatabaseUrl(), Map.of(), true)) {
            Http admin = server.admin();
            assertThat(admin.get("/identity/v3/domains").status()).isEqualTo(200);
            assertThat(admin.get("/identity/v3/regions").status()).isEqualTo(403);
        }
    }

    @Test
    void aMalformedRuleInAServiceFileStopsStartUp()
            throws Exception
    {
        Path data = Files.createTempDirectory("xloud-policy-");
        Files.createDirectories(data.resolve("policy"));
        Files.writeString(data.resolve("policy/object-store.yaml"), "\"object_store:get_object\": \"rule:nowhere\"\n");
        assertThatThrownBy(() -> TestServer.start(data, TestServer.freshDatabaseUrl(), Map.of(), true))
                .hasStackTraceContaining("object-store")
                .hasStackTraceContaining("nowhere");
    }
}

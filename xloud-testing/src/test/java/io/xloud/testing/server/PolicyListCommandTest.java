package io.xloud.testing.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.xloud.server.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code xloud policy-list}: each service's effective rules, as oslopolicy-policy-generator prints them. */
class PolicyListCommandTest
{
    @TempDir
    Path dataDir;

    private record Run(int exitCode, String out, String err) {}

    private Run run(String... args)
    {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void listsOneServiceAsYamlWithOverridesApplied()
            throws Exception
    {
        Files.createDirectories(dataDir.resolve("policy"));
        Files.writeString(dataDir.resolve("policy/object-store.yaml"), "\"object_store:put_container\": \"role:admin\"\n");

        Run run = run("policy-list", "--service", "object-store", "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("# object-store\n").contains("\n\"object_store:put_container\": \"role:admin\"\n");
        JsonNode rules = new YAMLMapper().readTree(run.out());
        assertThat(rules.path("object_store:put_container").asText()).isEqualTo("role:admin");
        assertThat(rules.path("object_store:get_object").asText()).isNotEmpty();
        assertThat(rules.has("identity:list_users")).isFalse();
    }

    @Test
    void listsEveryServiceAsOneDocumentEach()
    {
        Run run = run("policy-list", "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isZero();
        List<String> documents = List.of(run.out().split("(?m)^---\n"));
        assertThat(documents).hasSize(5);
        assertThat(documents.get(0)).startsWith("# identity\n").contains("\"identity:list_users\": ");
        assertThat(documents.get(1)).startsWith("# object-store\n");
        assertThat(documents.get(2)).startsWith("# image\n").contains("\"get_image\": ");
        assertThat(documents.get(3)).startsWith("# network\n").contains("\"create_network\": ");
        assertThat(documents.get(4)).startsWith("# events\n").contains("\"events:list_events\": ");
    }

    @Test
    void theOlderPolicyYamlCountsAsIdentitys()
            throws Exception
    {
        Files.writeString(dataDir.resolve("policy.yaml"), "\"identity:list_users\": 'role:admin or user_id:%(target.user.id)s'\n");

        Run run = run("policy-list", "--service", "identity", "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(new YAMLMapper().readTree(run.out()).path("identity:list_users").asText()).isEqualTo("role:admin or user_id:%(target.user.id)s");
    }

    @Test
    void anUnknownServiceIsAnErrorNamingTheServices()
    {
        Run run = run("policy-list", "--service", "compute", "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("compute").contains("identity, object-store");
    }

    @Test
    void aMalformedOverrideFails()
            throws Exception
    {
        Files.createDirectories(dataDir.resolve("policy"));
        Files.writeString(dataDir.resolve("policy/identity.yaml"), "\"identity:list_users\": \"role:admin or (\"\n");

        Run run = run("policy-list", "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("identity:list_users");
    }
}

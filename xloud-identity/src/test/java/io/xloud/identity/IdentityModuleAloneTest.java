package io.xloud.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xloud.core.auth.TokenValidator;
import io.xloud.core.config.XloudConfig;
import io.xloud.core.db.Database;
import io.xloud.core.module.ModuleHost;
import io.xloud.core.module.XloudModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Identity started alone, with nothing but the kernel: it offers the kernel its token validation and bootstraps itself. */
class IdentityModuleAloneTest
{
    private static final String PASSWORD = "alone-secret";

    @TempDir
    Path dataDir;

    private Database database;
    private ModuleHost host;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start()
            throws Exception
    {
        IdentityXloudModule identity = new IdentityXloudModule(Optional.of(PASSWORD));
        XloudConfig config = XloudConfig.of(XloudModule.settings(List.of(identity)),
                Map.of("listen", "127.0.0.1:0", "data_dir", dataDir.toString(), "identity.password_hash_rounds", "4"));
        database = Database.open(Database.embeddedUrl(dataDir), "", "", 4);
        host = ModuleHost.builder(config, database).module(identity).start();
    }

    @AfterEach
    void stop()
            throws Exception
    {
        try {
            host.close();
        }
        finally {
            database.close();
        }
    }

    private HttpResponse<String> issueToken(String password)
            throws Exception
    {
        String body = """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin", "domain": {"id": "default"}, "password": "%s"}}},
                          "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}""".formatted(password);
        return client.send(HttpRequest.newBuilder(URI.create(host.publicUrl() + "/identity/v3/auth/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void issuesAndValidatesTokensWithItsOwnCatalogEntry()
            throws Exception
    {
        HttpResponse<String> issued = issueToken(PASSWORD);
        assertThat(issued.statusCode()).isEqualTo(201);
        String token = issued.headers().firstValue("X-Subject-Token").orElseThrow();
        JsonNode catalog = new ObjectMapper().readTree(issued.body()).path("token").path("catalog");
        assertThat(catalog.findValuesAsText("type")).containsExactly("identity");

        HttpResponse<String> validated = client.send(HttpRequest.newBuilder(URI.create(host.publicUrl() + "/identity/v3/auth/tokens"))
                .header("X-Auth-Token", token).header("X-Subject-Token", token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(validated.statusCode()).isEqualTo(200);
        assertThat(host.port(TokenValidator.class).orElseThrow().validate(token).userName()).isEqualTo("admin");
    }

    @Test
    void aWrongPasswordIs401WithTheKeystoneChallenge()
            throws Exception
    {
        HttpResponse<String> refused = issueToken("not-" + PASSWORD);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Keystone uri=\"" + host.publicUrl() + "/identity\"");
    }

    @Test
    void writesCloudsYamlForItsPublicUrl()
            throws Exception
    {
        assertThat(Files.readString(dataDir.resolve("clouds.yaml"))).contains("auth_url: " + host.publicUrl() + "/identity/v3");
    }
}

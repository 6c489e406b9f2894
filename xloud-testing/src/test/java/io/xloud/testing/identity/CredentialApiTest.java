package io.xloud.testing.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.config.CoreSettings;
import io.xloud.core.config.XloudConfig;
import io.xloud.core.db.Database;
import io.xloud.core.json.Json;
import io.xloud.identity.service.Ec2Credentials;
import io.xloud.identity.service.Ec2Secret;
import io.xloud.identity.store.IdentityStore;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import io.xloud.testing.identity.TestUsers.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import static io.xloud.testing.identity.TestUsers.expect;
import static org.assertj.core.api.Assertions.assertThat;

class CredentialApiTest
{
    private static final String CREDENTIALS = "/identity/v3/credentials";

    private static TestServer server;
    private static Http admin;
    private static TestUser alice;
    private static TestUser bob;
    private static Database database;
    private static IdentityStore store;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        admin = server.admin();
        alice = TestUsers.create(server, admin, "member");
        bob = TestUsers.create(server, admin, "member");
        XloudConfig config = server.platform().config();
        database = Database.open(config.optional(CoreSettings.DB_URL).orElse(Database.embeddedUrl(server.dataDir())),
                config.get(CoreSettings.DB_USER), config.get(CoreSettings.DB_PASSWORD), 2);
        store = new IdentityStore(database.jdbi());
    }

    @AfterAll
    static void stop()
    {
        database.close();
        server.close();
    }

    private static String ec2Body(String userId, String projectId, String access, String secret)
    {
        String blob = Json.string(Json.object().put("access", access).put("secret", secret));
        return """
                {"credential": {"user_id": %s, "project_id": %s, "type": "ec2", "blob": %s}}
                """.formatted(Json.string(userId), Json.string(projectId), Json.string(blob));
    }

    private static String sha256(String text)
            throws Exception
    {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String randomKey()
    {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void ec2CredentialIsIdentifiedByTheSha256OfItsAccessKey()
            throws Exception
    {
        String access = randomKey();
        Http.Response created = admin.post(CREDENTIALS, ec2Body(alice.id(), alice.projectId(), access, "s3cr3t"));

        assertThat(created.status()).isEqualTo(201);
        JsonNode credential = created.json().path("credential");
        assertThat(credential.path("id").asText()).isEqualTo(sha256(access));
        assertThat(credential.path("user_id").asText()).isEqualTo(alice.id());
        assertThat(credential.path("project_id").asText()).isEqualTo(alice.projectId());
        assertThat(credential.path("type").asText()).isEqualTo("ec2");
        assertThat(credential.path("blob").isTextual()).isTrue();
        assertThat(Json.parse(credential.path("blob").asText()).path("access").asText()).isEqualTo(access);
        assertThat(credential.path("links").path("self").asText()).endsWith("/identity/v3/credentials/" + sha256(access));
        assertThat(admin.get(CREDENTIALS + "/" + sha256(access)).json().path("credential")).isEqualTo(credential);
    }

    @Test
    void updateChangesProjectAndBlobButNotTheId()
    {
        String access = randomKey();
        String id = expect(admin.post(CREDENTIALS, ec2Body(alice.id(), alice.projectId(), access, "one")), 201)
                .json().path("credential").path("id").asText();
        String newAccess = randomKey();
        String blob = Json.string(Json.object().put("access", newAccess).put("secret", "two"));

        Http.Response updated = admin.patch(CREDENTIALS + "/" + id, """
                {"credential": {"project_id": %s, "blob": %s, "type": "ec2"}}""".formatted(Json.string(bob.projectId()), Json.string(blob)));

        assertThat(updated.status()).isEqualTo(200);
        JsonNode credential = updated.json().path("credential");
        assertThat(credential.path("id").asText()).isEqualTo(id);
        assertThat(credential.path("project_id").asText()).isEqualTo(bob.projectId());
        assertThat(Json.parse(credential.path("blob").asText()).path("secret").asText()).isEqualTo("two");
        assertThat(admin.get(CREDENTIALS + "/" + id).json().path("credential")).isEqualTo(credential);
    }

    @Test
    void ec2CredentialScopeInTheBlobCannotChange()
    {
        String access = randomKey();
        String blob = Json.string(Json.object().put("access", access).put("secret", "x").put("trust_id", "trust-1"));
        String id = expect(admin.post(CREDENTIALS, """
                {"credential": {"user_id": %s, "project_id": %s, "type": "ec2", "blob": %s}}
                """.formatted(Json.string(alice.id()), Json.string(alice.projectId()), Json.string(blob))), 201)
                .json().path("credential").path("id").asText();

        Http.Response dropped = admin.patch(CREDENTIALS + "/" + id, """
                {"credential": {"blob": %s}}""".formatted(Json.string(Json.string(Json.object().put("access", access)))));

        assertThat(dropped.status()).isEqualTo(400);
        assertThat(dropped.error().path("message").asText()).contains("trust_id");
        assertThat(admin.patch(CREDENTIALS + "/" + id, "{\"credential\": {\"id\": \"other\"}}").status()).isEqualTo(400);
        assertThat(admin.patch(CREDENTIALS + "/" + id, "{\"credential\": {}}").status()).isEqualTo(400);
        assertThat(admin.patch(CREDENTIALS + "/" + id, "{\"credential\": {\"blob\": \"not json\"}}").status()).isEqualTo(400);
    }

    @Test
    void ec2CredentialMadeWithAnApplicationCredentialStaysBoundToIt()
    {
        JsonNode applicationCredential = expect(alice.http().post("/identity/v3/users/" + alice.id() + "/application_credentials",
                "{\"application_credential\": {\"name\": %s}}".formatted(Json.string(randomKey()))), 201).json().path("application_credential");
        String token = expect(server.http().post("/identity/v3/auth/tokens", """
                {"auth": {"identity": {"methods": ["application_credential"], "application_credential": {"id": %s, "secret": %s}}}}
                """.formatted(Json.string(applicationCredential.path("id").asText()),
                Json.string(applicationCredential.path("secret").asText()))), 201)
                .header("X-Subject-Token").orElseThrow();
        String access = randomKey();

        JsonNode credential = expect(alice.http().withToken(token).post(CREDENTIALS, ec2Body(alice.id(), alice.projectId(), access, "s")), 201)
                .json().path("credential");

        JsonNode blob = Json.parse(credential.path("blob").asText());
        assertThat(blob.path("app_cred_id").asText()).isEqualTo(applicationCredential.path("id").asText());
        assertThat(blob.path("access").asText()).isEqualTo(access);
        String unbound = Json.string(Json.object().put("access", access).put("secret", "s"));
        assertThat(alice.http().patch(CREDENTIALS + "/" + credential.path("id").asText(),
                "{\"credential\": {\"blob\": %s}}".formatted(Json.string(unbound))).status()).isEqualTo(400);
    }

    @Test
    void otherTypesGetARandomIdAndNeedNoProject()
    {
        Http.Response created = admin.post(CREDENTIALS, """
                {"credential": {"user_id": %s, "type": "cert", "blob": "-----BEGIN CERTIFICATE-----", "label": "laptop"}}
                """.formatted(Json.string(alice.id())));

        assertThat(created.status()).isEqualTo(201);
        JsonNode credential = created.json().path("credential");
        assertThat(credential.path("id").asText()).matches("[0-9a-f]{32}");
        assertThat(credential.path("project_id").isNull()).isTrue();
        assertThat(credential.path("blob").asText()).isEqualTo("-----BEGIN CERTIFICATE-----");
        assertThat(credential.path("label").asText()).isEqualTo("laptop");
    }

    @Test
    void malformedCredentialsAre400()
    {
        String user = Json.string(alice.id());
        String project = Json.string(alice.projectId());
        String ec2 = "{\"credential\": {\"user_id\": %s, \"project_id\": %s, \"type\": \"ec2\", \"blob\": %%s}}".formatted(user, project);
        String[] bodies = {
                "{not json",
                "[]",
                "{}",
                "{\"credential\": {\"user_id\": %s, \"type\": \"ec2\", \"blob\": \"{\\\"access\\\": \\\"a\\\"}\"}}".formatted(user),
                ec2.formatted(Json.string("not json")),
                ec2.formatted(Json.string("[1, 2]")),
                ec2.formatted(Json.string("{}")),
                ec2.formatted(Json.string("{\"secret\": \"s\"}")),
                ec2.formatted(Json.string("{\"access\": 7}")),
                ec2.formatted(Json.string("{\"access\": \"a\"} trailing")),
                ec2.formatted("{\"access\": \"a\"}"),
                "{\"credential\": {\"user_id\": %s, \"blob\": \"x\"}}".formatted(user),
                "{\"credential\": {\"type\": \"cert\", \"blob\": \"x\"}}",
                "{\"credential\": {\"user_id\": %s, \"type\": \"cert\", \"blob\": \"x\", \"project_id\": null}}".formatted(user),
        };
        for (String body : bodies) {
            Http.Response response = admin.post(CREDENTIALS, body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.error().path("code").asInt()).as(body).isEqualTo(400);
        }
    }

    @Test
    void sameAccessKeyTwiceIs409()
    {
        String access = randomKey();
        expect(admin.post(CREDENTIALS, ec2Body(alice.id(), alice.projectId(), access, "a")), 201);

        Http.Response again = admin.post(CREDENTIALS, ec2Body(bob.id(), bob.projectId(), access, "b"));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error().path("title").asText()).isEqualTo("Conflict");
    }

    @Test
    void listFiltersByUserAndType()
    {
        String access = randomKey();
        String ec2 = expect(admin.post(CREDENTIALS, ec2Body(bob.id(), bob.projectId(), access, "a")), 201)
                .json().path("credential").path("id").asText();
        String cert = expect(admin.post(CREDENTIALS, """
                {"credential": {"user_id": %s, "type": "cert", "blob": "c"}}""".formatted(Json.string(bob.id()))), 201)
                .json().path("credential").path("id").asText();

        JsonNode all = expect(admin.get(CREDENTIALS), 200).json().path("credentials");
        JsonNode ofBob = expect(admin.get(CREDENTIALS + "?user_id=" + bob.id() + "&type=ec2"), 200).json().path("credentials");

        assertThat(all.findValuesAsText("id")).contains(ec2, cert);
        assertThat(ofBob.findValuesAsText("id")).contains(ec2).doesNotContain(cert);
        assertThat(ofBob.findValuesAsText("user_id")).containsOnly(bob.id());
    }

    @Test
    void memberManagesOnlyTheirOwnCredentials()
    {
        Http member = alice.http();
        String bobs = expect(admin.post(CREDENTIALS, ec2Body(bob.id(), bob.projectId(), randomKey(), "b")), 201)
                .json().path("credential").path("id").asText();
        String own = expect(member.post(CREDENTIALS, ec2Body(alice.id(), alice.projectId(), randomKey(), "a")), 201)
                .json().path("credential").path("id").asText();

        assertThat(member.get(CREDENTIALS).json().path("credentials").findValuesAsText("user_id")).containsOnly(alice.id());
        assertThat(member.get(CREDENTIALS + "?user_id=" + bob.id()).json().path("credentials")).isEmpty();
        assertThat(member.get(CREDENTIALS + "/" + bobs).status()).isEqualTo(404);
        assertThat(member.patch(CREDENTIALS + "/" + bobs, "{\"credential\": {\"type\": \"cert\"}}").status()).isEqualTo(404);
        assertThat(member.delete(CREDENTIALS + "/" + bobs).status()).isEqualTo(404);
        assertThat(member.get(CREDENTIALS + "/" + randomKey()).status()).isEqualTo(404);
        assertThat(member.post(CREDENTIALS, ec2Body(bob.id(), bob.projectId(), randomKey(), "b")).status()).isEqualTo(403);
        assertThat(member.patch(CREDENTIALS + "/" + own, "{\"credential\": {\"user_id\": %s}}".formatted(Json.string(bob.id()))).status())
                .isEqualTo(403);

        assertThat(member.get(CREDENTIALS + "/" + own).status()).isEqualTo(200);
        assertThat(member.delete(CREDENTIALS + "/" + own).status()).isEqualTo(204);
        assertThat(member.get(CREDENTIALS + "/" + own).status()).isEqualTo(404);
        assertThat(admin.get(CREDENTIALS + "/" + bobs).status()).isEqualTo(200);
    }

    @Test
    void ec2CredentialsOfTheirOwnUser()
            throws Exception
    {
        Http member = alice.http();
        String base = "/identity/v3/users/" + alice.id() + "/credentials/OS-EC2";

        Http.Response created = member.post(base, "{\"tenant_id\": %s}".formatted(Json.string(alice.projectId())));

        assertThat(created.status()).isEqualTo(201);
        JsonNode credential = created.json().path("credential");
        String access = credential.path("access").asText();
        String secret = credential.path("secret").asText();
        assertThat(access).matches("[0-9a-f]{32}");
        assertThat(secret).matches("[0-9a-f]{32}");
        assertThat(credential.path("user_id").asText()).isEqualTo(alice.id());
        assertThat(credential.path("tenant_id").asText()).isEqualTo(alice.projectId());
        assertThat(credential.has("trust_id")).isTrue();
        assertThat(credential.path("trust_id").isNull()).isTrue();
        assertThat(credential.path("links").path("self").asText()).endsWith(base + "/" + access);

        String second = expect(member.post(base, "{\"tenant_id\": %s}".formatted(Json.string(alice.projectId()))), 201)
                .json().path("credential").path("access").asText();
        assertThat(member.get(base).json().path("credentials").findValuesAsText("access")).contains(access, second);
        assertThat(member.get(base + "/" + access).json().path("credential")).isEqualTo(credential);

        JsonNode row = member.get(CREDENTIALS + "/" + sha256(access)).json().path("credential");
        assertThat(row.path("type").asText()).isEqualTo("ec2");
        assertThat(Json.parse(row.path("blob").asText()).path("secret").asText()).isEqualTo(secret);

        assertThat(Ec2Credentials.findByAccess(store, access))
                .contains(new Ec2Secret(access, secret, alice.id(), alice.projectId()));
        assertThat(Ec2Credentials.findByAccess(store, access).orElseThrow().toString()).doesNotContain(secret);
        assertThat(Ec2Credentials.findByAccess(store, randomKey())).isEmpty();

        assertThat(member.delete(base + "/" + access).status()).isEqualTo(204);
        assertThat(member.get(base + "/" + access).status()).isEqualTo(404);
        assertThat(member.delete(base + "/" + access).status()).isEqualTo(404);
        assertThat(Ec2Credentials.findByAccess(store, access)).isEqualTo(Optional.empty());
    }

    @Test
    void ec2CredentialsOfAnotherUserAreNotFoundOrForbidden()
    {
        String bobsBase = "/identity/v3/users/" + bob.id() + "/credentials/OS-EC2";
        String access = expect(bob.http().post(bobsBase, "{\"tenant_id\": %s}".formatted(Json.string(bob.projectId()))), 201)
                .json().path("credential").path("access").asText();
        Http member = alice.http();

        assertThat(member.get(bobsBase + "/" + access).status()).isEqualTo(404);
        assertThat(member.delete(bobsBase + "/" + access).status()).isEqualTo(404);
        assertThat(member.get("/identity/v3/users/" + alice.id() + "/credentials/OS-EC2/" + access).status()).isEqualTo(404);
        assertThat(member.get(bobsBase).status()).isEqualTo(403);
        assertThat(member.post(bobsBase, "{\"tenant_id\": %s}".formatted(Json.string(bob.projectId()))).status()).isEqualTo(403);
        assertThat(admin.get(bobsBase + "/" + access).status()).isEqualTo(200);
        assertThat(bob.http().get(bobsBase + "/" + access).status()).isEqualTo(200);
    }

    @Test
    void malformedEc2RequestsAre400AndUnknownProjectsOrUsers404()
    {
        Http member = alice.http();
        String base = "/identity/v3/users/" + alice.id() + "/credentials/OS-EC2";

        assertThat(member.post(base, "{}").status()).isEqualTo(400);
        assertThat(member.post(base, "{\"tenant_id\": 5}").status()).isEqualTo(400);
        assertThat(member.post(base, "{\"tenant_id\": \"\"}").status()).isEqualTo(400);
        assertThat(member.post(base, "not json").status()).isEqualTo(400);
        assertThat(member.post(base, "{\"tenant_id\": \"no-such-project\"}").status()).isEqualTo(404);
        assertThat(admin.get("/identity/v3/users/no-such-user/credentials/OS-EC2").status()).isEqualTo(404);
        assertThat(member.get(base + "/" + randomKey()).status()).isEqualTo(404);
    }
}

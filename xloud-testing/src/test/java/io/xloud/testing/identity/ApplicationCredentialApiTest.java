package io.xloud.testing.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.json.Json;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import io.xloud.testing.identity.TestUsers.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.xloud.testing.identity.TestUsers.expect;
import static org.assertj.core.api.Assertions.assertThat;

class ApplicationCredentialApiTest
{
    private static TestServer server;
    private static Http admin;

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

    private static String base(TestUser user)
    {
        return "/identity/v3/users/" + user.id() + "/application_credentials";
    }

    private static String rules(TestUser user)
    {
        return "/identity/v3/users/" + user.id() + "/access_rules";
    }

    private static String named(String name)
    {
        return "{\"application_credential\": {\"name\": %s}}".formatted(Json.string(name));
    }

    private static String name()
    {
        return "cred-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode create(TestUser user, String body)
    {
        return expect(user.http().post(base(user), body), 201).json().path("application_credential");
    }

    private static Http.Response authenticate(String credential)
    {
        return server.http().post("/identity/v3/auth/tokens", """
                {"auth": {"identity": {"methods": ["application_credential"], "application_credential": %s}}}""".formatted(credential));
    }

    private static String tokenOf(JsonNode created)
    {
        Http.Response response = authenticate(Json.string(Map.of("id", created.path("id").asText(), "secret", created.path("secret").asText())));
        return expect(response, 201).header("X-Subject-Token").orElseThrow();
    }

    @Test
    void createShowsTheSecretOnceAndTakesTheRolesOfTheToken()
    {
        TestUser user = TestUsers.create(server, admin, "member");
        String name = name();

        Http.Response response = user.http().post(base(user), """
                {"application_credential": {"name": %s, "description": "monitoring"}}""".formatted(Json.string(name)));

        assertThat(response.status()).isEqualTo(201);
        JsonNode created = response.json().path("application_credential");
        assertThat(created.path("id").asText()).matches("[0-9a-f]{32}");
        assertThat(created.path("name").asText()).isEqualTo(name);
        assertThat(created.path("description").asText()).isEqualTo("monitoring");
        assertThat(created.path("secret").asText()).hasSize(86).matches("[A-Za-z0-9_-]+");
        assertThat(created.path("project_id").asText()).isEqualTo(user.projectId());
        assertThat(created.path("roles").findValuesAsText("name")).containsExactlyInAnyOrder("member", "reader");
        assertThat(created.has("expires_at")).isTrue();
        assertThat(created.path("expires_at").isNull()).isTrue();
        assertThat(created.path("unrestricted").asBoolean()).isFalse();
        assertThat(created.has("user_id")).isFalse();
        assertThat(created.path("links").path("self").asText()).endsWith(base(user) + "/" + created.path("id").asText());

        JsonNode shown = expect(user.http().get(base(user) + "/" + created.path("id").asText()), 200).json().path("application_credential");
        ObjectNode withoutSecret = created.deepCopy();
        withoutSecret.remove("secret");
        assertThat(shown).isEqualTo(withoutSecret);
        JsonNode listed = expect(user.http().get(base(user) + "?name=" + name), 200).json().path("application_credentials");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0)).isEqualTo(withoutSecret);
        create(user, named(name()));
        assertThat(user.http().get(base(user)).json().path("application_credentials")).hasSize(2);
    }

    @Test
    void authenticatesByIdAndByNameAndUserWithOnlyItsRoles()
    {
        TestUser user = TestUsers.create(server, admin, "member");
        JsonNode created = create(user, """
                {"application_credential": {"name": %s, "roles": [{"name": "reader"}]}}""".formatted(Json.string(name())));
        String secret = created.path("secret").asText();
        String name = created.path("name").asText();

        Http.Response byId = authenticate(Json.string(Map.of("id", created.path("id").asText(), "secret", secret)));
        Http.Response byUserId = authenticate(Json.string(Map.of("name", name, "secret", secret, "user", Map.of("id", user.id()))));
        Http.Response byUserName = authenticate(Json.string(Map.of("name", name, "secret", secret,
                "user", Map.of("name", user.name(), "domain", Map.of("id", "default")))));

        for (Http.Response response : List.of(byId, byUserId, byUserName)) {
            assertThat(response.status()).isEqualTo(201);
            JsonNode token = response.json().path("token");
            assertThat(token.path("methods").get(0).asText()).isEqualTo("application_credential");
            assertThat(token.path("project").path("id").asText()).isEqualTo(user.projectId());
            assertThat(token.path("user").path("id").asText()).isEqualTo(user.id());
            assertThat(token.path("roles").findValuesAsText("name")).containsExactly("reader");
            assertThat(token.path("application_credential").path("id").asText()).isEqualTo(created.path("id").asText());
        }
        Http.Response wrong = authenticate(Json.string(Map.of("id", created.path("id").asText(), "secret", "wrong")));
        assertThat(wrong.status()).isEqualTo(401);
    }

    @Test
    void deletingTheCredentialRevokesItsTokensAtOnce()
    {
        TestUser user = TestUsers.create(server, admin, "member");
        JsonNode created = create(user, named(name()));
        String token = tokenOf(created);
        Map<String, String> subject = Map.of("X-Subject-Token", token);
        assertThat(user.http().send("GET", "/identity/v3/auth/tokens", null, subject).status()).isEqualTo(200);
        assertThat(user.http().withToken(token).get(base(user)).status()).isEqualTo(200);

        assertThat(user.http().delete(base(user) + "/" + created.path("id").asText()).status()).isEqualTo(204);

        assertThat(user.http().send("GET", "/identity/v3/auth/tokens", null, subject).status()).isEqualTo(404);
        assertThat(user.http().withToken(token).get(base(user)).status()).isEqualTo(401);
        assertThat(user.http().get(base(user) + "/" + created.path("id").asText()).status()).isEqualTo(404);
        assertThat(user.http().delete(base(user) + "/" + created.path("id").asText()).status()).isEqualTo(404);
        assertThat(authenticate(Json.string(Map.of("id", created.path("id").asText(), "secret", created.path("secret").asText()))).status())
                .isEqualTo(401);
    }

    @Test
    void expiryIsShownToTheMicrosecond()
    {
        TestUser user = TestUsers.create(server, admin, "member");

        JsonNode naive = create(user, """
                {"application_credential": {"name": %s, "expires_at": "2099-01-02T03:04:05.123456"}}""".formatted(Json.string(name())));
        JsonNode zoned = create(user, """
                {"application_credential": {"name": %s, "expires_at": "2099-01-02T05:04:05+02:00"}}""".formatted(Json.string(name())));

        assertThat(naive.path("expires_at").asText()).isEqualTo("2099-01-02T03:04:05.123456");
        assertThat(user.http().get(base(user) + "/" + naive.path("id").asText()).json().path("application_credential").path("expires_at").asText())
                .isEqualTo("2099-01-02T03:04:05.123456");
        assertThat(zoned.path("expires_at").asText()).isEqualTo("2099-01-02T03:04:05.000000");
        assertThat(user.http().post(base(user), """
                {"application_credential": {"name": %s, "expires_at": "2001-01-01T00:00:00"}}""".formatted(Json.string(name()))).status())
                .isEqualTo(400);
        assertThat(user.http().post(base(user), """
                {"application_credential": {"name": %s, "expires_at": "tomorrow"}}""".formatted(Json.string(name()))).status())
                .isEqualTo(400);
    }

    @Test
    void rolesMustBeHeldThroughTheToken()
    {
        TestUser user = TestUsers.create(server, admin, "member");
        String adminRole = TestUsers.roleId(admin, "admin");

        assertThat(user.http().post(base(user), """
                {"application_credential": {"name": %s, "roles": [{"name": "admin"}]}}""".formatted(Json.string(name()))).status())
                .isEqualTo(400);
        assertThat(user.http().post(base(user), """
                {"application_credential": {"name": %s, "roles": [{"id": %s}]}}""".formatted(Json.string(name()), Json.string(adminRole))).status())
                .isEqualTo(400);
        assertThat(user.http().post(base(user), """
                {"application_credential": {"name": %s, "roles": [{"id": "abc123"}]}}""".formatted(Json.string(name()))).status())
                .isEqualTo(400);
        assertThat(user.http().post(base(user), """
                {"application_credential": {"name": %s, "roles": [{"name": "no-such-role"}]}}""".formatted(Json.string(name()))).status())
                .isEqualTo(404);
        JsonNode byId = create(user, """
                {"application_credential": {"name": %s, "roles": [{"id": %s}]}}""".formatted(Json.string(name()),
                Json.string(TestUsers.roleId(admin, "member"))));
        assertThat(byId.path("roles").findValuesAsText("name")).containsExactly("member");
    }

    @Test
    void aTokenFromARestrictedCredentialCannotManageCredentials()
    {
        TestUser user = TestUsers.create(server, admin, "member");
        JsonNode restricted = create(user, named(name()));
        JsonNode unrestricted = create(user, """
                {"application_credential": {"name": %s, "unrestricted": true}}""".formatted(Json.string(name())));
        assertThat(unrestricted.path("unrestricted").asBoolean()).isTrue();
        Http fromRestricted = user.http().withToken(tokenOf(restricted));
        Http fromUnrestricted = user.http().withToken(tokenOf(unrestricted));

        assertThat(fromRestricted.post(base(user), named(name())).status()).isEqualTo(403);
        assertThat(fromRestricted.delete(base(user) + "/" + unrestricted.path("id").asText()).status()).isEqualTo(403);
        assertThat(fromRestricted.get(base(user)).status()).isEqualTo(200);
        JsonNode made = expect(fromUnrestricted.post(base(user), named(name())), 201).json().path("application_credential");
        assertThat(made.path("project_id").asText()).isEqualTo(user.projectId());
        assertThat(fromUnrestricted.delete(base(user) + "/" + made.path("id").asText()).status()).isEqualTo(204);
    }

    @Test
    void aProjectScopedTokenOfTheSameUserIsRequired()
    {
        TestUser user = TestUsers.create(server, admin, "member");
        TestUser other = TestUsers.create(server, admin, "member");
        String unscoped = expect(server.http().post("/identity/v3/auth/tokens", """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": %s, "password": %s}}}}}
                """.formatted(Json.string(user.id()), Json.string(user.password()))), 201).header("X-Subject-Token").orElseThrow();

        assertThat(user.http().withToken(unscoped).post(base(user), named(name())).status()).isEqualTo(403);
        assertThat(other.http().post(base(user), named(name())).status()).isEqualTo(403);
        assertThat(admin.post(base(user), named(name())).status()).isEqualTo(403);
    }

    @Test
    void anotherUsersCredentialsAreNotFound()
    {
        TestUser owner = TestUsers.create(server, admin, "member");
        TestUser other = TestUsers.create(server, admin, "member");
        String id = create(owner, named(name())).path("id").asText();

        assertThat(other.http().get(base(owner) + "/" + id).status()).isEqualTo(404);
        assertThat(other.http().delete(base(owner) + "/" + id).status()).isEqualTo(404);
        assertThat(other.http().get(base(other) + "/" + id).status()).isEqualTo(404);
        assertThat(other.http().delete(base(other) + "/" + id).status()).isEqualTo(404);
        assertThat(other.http().get(base(owner)).status()).isEqualTo(403);
        assertThat(owner.http().get(base(owner) + "/" + UUID.randomUUID().toString().replace("-", "")).status()).isEqualTo(404);
        assertThat(admin.get(base(owner) + "/" + id).status()).isEqualTo(200);
        assertThat(owner.http().get(base(owner) + "/" + id).status()).isEqualTo(200);
    }

    @Test
    void namesAreUniquePerUser()
    {
        TestUser user = TestUsers.create(server, admin, "member");
        TestUser other = TestUsers.create(server, admin, "member");
        String name = name();
        create(user, named(name));

        Http.Response again = user.http().post(base(user), named(name));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error().path("code").asInt()).isEqualTo(409);
        assertThat(other.http().post(base(other), named(name)).status()).isEqualTo(201);
    }

    @Test
    void concurrentCreationOfOneNameSucceedsOnce()
            throws Exception
    {
        TestUser user = TestUsers.create(server, admin, "member");
        String body = named(name());
        int threads = 8;
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                results.add(executor.submit(() -> {
                    ready.countDown();
                    go.await();
                    return user.http().post(base(user), body).status();
                }));
            }
            ready.await();
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }

            assertThat(statuses).containsOnly(201, 409);
            assertThat(statuses.stream().filter(status -> status == 201).count()).isEqualTo(1);
        }
        assertThat(user.http().get(base(user)).json().path("application_credentials")).hasSize(1);
    }

    @Test
    void malformedRequestsAre400()
    {
        TestUser user = TestUsers.create(server, admin, "member");
        String[] bodies = {
                "{not json",
                "[]",
                "{}",
                "{\"application_credential\": {}}",
                "{\"application_credential\": {\"name\": \"\"}}",
                "{\"application_credential\": {\"name\": \"   \"}}",
                "{\"application_credential\": {\"name\": 7}}",
                "{\"application_credential\": {\"name\": \"a\", \"unrestricted\": \"yes\"}}",
                "{\"application_credential\": {\"name\": \"a\", \"roles\": \"member\"}}",
                "{\"application_credential\": {\"name\": \"a\", \"roles\": [{}]}}",
                "{\"application_credential\": {\"name\": \"a\", \"roles\": [{\"id\": \"x\", \"name\": \"member\"}]}}",
                "{\"application_credential\": {\"name\": \"a\", \"access_rules\": [{\"service\": \"compute\", \"method\": \"FETCH\"}]}}",
                "{\"application_credential\": {\"name\": \"a\", \"access_rules\": [{\"service\": \"c\", \"method\": \"GET\", \"path\": \"x\"}]}}",
                "{\"application_credential\": {\"name\": \"a\", \"access_rules\": [{\"service\": \"compute\"}]}}",
                "{\"application_credential\": {\"name\": \"a\", \"access_rules\": [{\"service\": \"c\", \"method\": \"GET\", \"extra\": 1}]}}",
                "{\"application_credential\": {\"name\": \"a\", \"expires_at\": 12}}",
        };
        for (String body : bodies) {
            Http.Response response = user.http().post(base(user), body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.error().path("code").asInt()).as(body).isEqualTo(400);
        }
        assertThat(user.http().get(base(user)).json().path("application_credentials")).isEmpty();
        assertThat(admin.get("/identity/v3/users/no-such-user/application_credentials").status()).isEqualTo(404);
    }

    @Test
    void accessRulesAreSharedByIdenticalRulesAndKeptWhileInUse()
    {
        TestUser user = TestUsers.create(server, admin, "member");
        String rule = "{\"path\": \"/v2.1/servers\", \"method\": \"GET\", \"service\": \"compute\"}";
        JsonNode first = create(user, "{\"application_credential\": {\"name\": %s, \"access_rules\": [%s]}}".formatted(Json.string(name()), rule));
        JsonNode second = create(user, "{\"application_credential\": {\"name\": %s, \"access_rules\": [%s]}}".formatted(Json.string(name()), rule));

        ObjectNode shown = (ObjectNode) first.path("access_rules").get(0).deepCopy();
        String ruleId = shown.remove("id").asText();
        assertThat(shown).isEqualTo(Json.parse(rule));
        assertThat(second.path("access_rules").get(0).path("id").asText()).isEqualTo(ruleId);
        JsonNode byId = create(user, "{\"application_credential\": {\"name\": %s, \"access_rules\": [{\"id\": %s}]}}"
                .formatted(Json.string(name()), Json.string(ruleId)));
        assertThat(byId.path("access_rules").get(0).path("id").asText()).isEqualTo(ruleId);
        assertThat(expect(authenticate(Json.string(Map.of("id", first.path("id").asText(), "secret", first.path("secret").asText()))), 201)
                .json().path("token").path("application_credential").path("access_rules").get(0).path("id").asText()).isEqualTo(ruleId);

        JsonNode listed = expect(user.http().get(rules(user)), 200).json().path("access_rules");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("id").asText()).isEqualTo(ruleId);
        assertThat(user.http().get(rules(user) + "?service=compute").json().path("access_rules")).hasSize(1);
        assertThat(user.http().get(rules(user) + "?service=image").json().path("access_rules")).isEmpty();
        JsonNode one = expect(user.http().get(rules(user) + "/" + ruleId), 200).json().path("access_rule");
        assertThat(one.path("service").asText()).isEqualTo("compute");
        assertThat(one.path("links").path("self").asText()).endsWith(rules(user) + "/" + ruleId);

        assertThat(user.http().delete(rules(user) + "/" + ruleId).status()).isEqualTo(403);
        for (JsonNode credential : List.of(first, second, byId)) {
            expect(user.http().delete(base(user) + "/" + credential.path("id").asText()), 204);
        }
        assertThat(user.http().get(rules(user)).json().path("access_rules")).hasSize(1);
        assertThat(user.http().delete(rules(user) + "/" + ruleId).status()).isEqualTo(204);
        assertThat(user.http().get(rules(user)).json().path("access_rules")).isEmpty();
        assertThat(user.http().get(rules(user) + "/" + ruleId).status()).isEqualTo(404);
        assertThat(user.http().post(base(user), "{\"application_credential\": {\"name\": %s, \"access_rules\": [{\"id\": %s}]}}"
                .formatted(Json.string(name()), Json.string(ruleId))).status()).isEqualTo(404);
    }

    @Test
    void anotherUsersAccessRulesAreNotFound()
    {
        TestUser owner = TestUsers.create(server, admin, "member");
        TestUser other = TestUsers.create(server, admin, "member");
        JsonNode created = create(owner, """
                {"application_credential": {"name": %s, "access_rules": [{"service": "image", "method": "GET", "path": "/v2/images"}]}}
                """.formatted(Json.string(name())));
        String ruleId = created.path("access_rules").get(0).path("id").asText();

        assertThat(other.http().get(rules(owner) + "/" + ruleId).status()).isEqualTo(404);
        assertThat(other.http().delete(rules(owner) + "/" + ruleId).status()).isEqualTo(404);
        assertThat(other.http().get(rules(other) + "/" + ruleId).status()).isEqualTo(404);
        assertThat(other.http().get(rules(owner)).status()).isEqualTo(403);
        assertThat(other.http().post(base(other), "{\"application_credential\": {\"name\": %s, \"access_rules\": [{\"id\": %s}]}}"
                .formatted(Json.string(name()), Json.string(ruleId))).status()).isEqualTo(404);
        assertThat(owner.http().get(rules(owner) + "/" + ruleId).status()).isEqualTo(200);
    }
}

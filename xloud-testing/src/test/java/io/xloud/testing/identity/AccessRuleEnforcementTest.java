package io.xloud.testing.identity;

import io.xloud.core.json.Json;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import io.xloud.testing.identity.TestUsers.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.xloud.testing.identity.TestUsers.expect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token made from an application credential with access rules may only make the requests a rule names, in every
 * service: the service type of the catalog, the method, and the path below the service's mount point.
 */
class AccessRuleEnforcementTest
{
    private static TestServer server;
    private static TestUser user;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        user = TestUsers.create(server, server.admin(), "member");
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    /** A token of a new application credential of the user that holds these rules. */
    private static Http restricted(String rulesJson)
    {
        String name = "rules-" + UUID.randomUUID().toString().substring(0, 8);
        var created = expect(user.http().post("/identity/v3/users/" + user.id() + "/application_credentials",
                "{\"application_credential\": {\"name\": %s, \"access_rules\": %s}}".formatted(Json.string(name), rulesJson)), 201)
                .json().path("application_credential");
        String token = expect(server.http().post("/identity/v3/auth/tokens", """
                {"auth": {"identity": {"methods": ["application_credential"], "application_credential": %s}}}"""
                .formatted(Json.string(Map.of("id", created.path("id").asText(), "secret", created.path("secret").asText())))), 201)
                .header("X-Subject-Token").orElseThrow();
        return server.http().withToken(token);
    }

    private static String account()
    {
        return "/object-store/v1/AUTH_" + user.projectId();
    }

    @Test
    void identityRoutesFollowTheRules()
    {
        Http http = restricted("""
                [{"service": "identity", "method": "GET", "path": "/v3/users/%s"}]""".formatted(user.id()));
        assertThat(http.get("/identity/v3/users/" + user.id()).status()).isEqualTo(200);

        Http.Response other = http.get("/identity/v3/projects/" + user.projectId());
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.json().path("error").path("code").asInt()).isEqualTo(403);
        assertThat(other.json().path("error").path("title").asText()).isEqualTo("Forbidden");
        // same path, another method
        assertThat(http.send("PATCH", "/identity/v3/users/" + user.id(), "{\"user\": {\"description\": \"x\"}}", Map.of()).status())
                .isEqualTo(403);
    }

    @Test
    void objectStorageFollowsTheRulesWithWildcards()
    {
        String container = "photos-" + UUID.randomUUID().toString().substring(0, 6);
        Swift.put(user.http(), account() + "/" + container);
        Swift.put(user.http(), account() + "/" + container + "/a/b/cat.jpg");
        Swift.put(user.http(), account() + "/" + container + "/top.jpg");

        Http http = restricted("""
                [{"service": "object-store", "method": "GET", "path": "/v1/*/%s/**"},
                 {"service": "object-store", "method": "GET", "path": "/v1/{account}/%s"}]""".formatted(container, container));
        assertThat(http.get(account() + "/" + container).status()).isEqualTo(200);
        assertThat(http.get(account() + "/" + container + "/a/b/cat.jpg").status()).isEqualTo(200);
        assertThat(http.get(account() + "/" + container + "/top.jpg").status()).isEqualTo(200);

        // the account itself, a write and another container are outside the rules: 403 in Swift's plain text
        Http.Response listing = http.get(account());
        assertThat(listing.status()).isEqualTo(403);
        assertThat(listing.header("Content-Type").orElse("")).startsWith("text/");
        assertThat(http.put(account() + "/" + container + "/new.jpg", "{}").status()).isEqualTo(403);
        assertThat(http.get(account() + "/other-container").status()).isEqualTo(403);
    }

    @Test
    void aSingleStarMatchesOneSegmentOnly()
    {
        String container = "docs-" + UUID.randomUUID().toString().substring(0, 6);
        Swift.put(user.http(), account() + "/" + container);
        Swift.put(user.http(), account() + "/" + container + "/top.txt");
        Swift.put(user.http(), account() + "/" + container + "/deep/er.txt");

        Http http = restricted("""
                [{"service": "object-store", "method": "GET", "path": "/v1/*/%s/*"}]""".formatted(container));
        assertThat(http.get(account() + "/" + container + "/top.txt").status()).isEqualTo(200);
        assertThat(http.get(account() + "/" + container + "/deep/er.txt").status()).isEqualTo(403);
    }

    @Test
    void imageAndNetworkRoutesFollowTheRules()
    {
        Http http = restricted("""
                [{"service": "image", "method": "GET", "path": "/v2/images"},
                 {"service": "network", "method": "GET", "path": "/v2.0/networks"}]""");
        assertThat(http.get("/image/v2/images").status()).isEqualTo(200);
        assertThat(http.get("/networking/v2.0/networks").status()).isEqualTo(200);

        Http.Response image = http.post("/image/v2/images", "{\"name\": \"x\"}");
        assertThat(image.status()).isEqualTo(403);
        Http.Response network = http.get("/networking/v2.0/ports");
        assertThat(network.status()).isEqualTo(403);
        assertThat(network.json().path("NeutronError").isObject()).isTrue();
        // a rule for another service does not reach this one
        assertThat(http.get("/identity/v3/users/" + user.id()).status()).isEqualTo(403);
    }

    @Test
    void eventRoutesFollowTheRules()
    {
        int unrestricted = user.http().get("/events/v1/events").status();
        assertThat(unrestricted).isNotEqualTo(403);
        Http http = restricted("""
                [{"service": "events", "method": "GET", "path": "/v1/events"}]""");
        assertThat(http.get("/events/v1/events").status()).isEqualTo(unrestricted);
        assertThat(http.get("/events/v1/subscriptions").status()).isEqualTo(403);
    }

    @Test
    void aCredentialWithoutRulesIsUnrestrictedByThem()
    {
        String name = "free-" + UUID.randomUUID().toString().substring(0, 8);
        var created = expect(user.http().post("/identity/v3/users/" + user.id() + "/application_credentials",
                "{\"application_credential\": {\"name\": %s}}".formatted(Json.string(name))), 201).json().path("application_credential");
        String token = expect(server.http().post("/identity/v3/auth/tokens", """
                {"auth": {"identity": {"methods": ["application_credential"], "application_credential": %s}}}"""
                .formatted(Json.string(Map.of("id", created.path("id").asText(), "secret", created.path("secret").asText())))), 201)
                .header("X-Subject-Token").orElseThrow();
        Http http = server.http().withToken(token);
        assertThat(http.get("/identity/v3/users/" + user.id()).status()).isEqualTo(200);
        assertThat(http.get("/image/v2/images").status()).isEqualTo(200);
    }

    private static final class Swift
    {
        static void put(Http http, String path)
        {
            Http.Response response = http.put(path, "");
            assertThat(response.status()).as("PUT " + path + ": " + response.body()).isIn(201, 202);
        }
    }
}

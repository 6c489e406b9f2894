package io.xloud.testing.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.xloud.core.json.Json;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenID Connect login without Apache: a provider whose JWKS a local HTTP server publishes, tokens signed in the test,
 * the mapping engine turning their claims into a shadow user, groups and projects, then the federated token scoped.
 */
class FederatedOidcLoginTest
{
    private static final String V3 = "/identity/v3";
    private static final String FED = V3 + "/OS-FEDERATION";
    private static final String AUDIENCE = "xloud-cli";

    private static TestServer server;
    private static Http admin;
    private static HttpServer jwksServer;
    private static final AtomicInteger JWKS_FETCHES = new AtomicInteger();
    private static KeyPair rsa;
    private static KeyPair ec;
    private static String issuer;
    private static String idp;
    private static String idpDomain;
    private static String staffGroup;
    private static String staffProject;
    private static String devProject;

    @BeforeAll
    static void start()
            throws Exception
    {
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        rsa = rsaGenerator.generateKeyPair();
        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        ec = ecGenerator.generateKeyPair();
        byte[] jwks = Json.bytes(Map.of("keys", List.of(rsaJwk("rsa-1", (RSAPublicKey) rsa.getPublic()), ecJwk("ec-1", (ECPublicKey) ec.getPublic()))));

        jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwksServer.createContext("/jwks", exchange -> {
            JWKS_FETCHES.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        jwksServer.start();
        String base = "http://127.0.0.1:" + jwksServer.getAddress().getPort();
        issuer = base + "/realms/" + unique("realm");

        server = TestServer.start();
        admin = server.admin();
        String memberRole = admin.get(V3 + "/roles?name=member").json().path("roles").get(0).path("id").asText();
        staffGroup = admin.post(V3 + "/groups", "{\"group\": {\"name\": \"" + unique("staff") + "\", \"domain_id\": \"default\"}}")
                .json().path("group").path("id").asText();
        staffProject = admin.post(V3 + "/projects", "{\"project\": {\"name\": \"" + unique("staff-project") + "\", \"domain_id\": \"default\"}}")
                .json().path("project").path("id").asText();
        assertThat(admin.put(V3 + "/projects/" + staffProject + "/groups/" + staffGroup + "/roles/" + memberRole, null).status()).isEqualTo(204);

        idp = unique("keycloak");
        devProject = unique("devs");
        Http.Response created = admin.put(FED + "/identity_providers/" + idp, """
                {"identity_provider": {"enabled": true, "remote_ids": ["%s"],
                  "oidc": {"issuer": "%s", "jwks_uri": "%s/jwks", "audience": ["%s", "other"]}}}""".formatted(issuer, issuer, base, AUDIENCE));
        assertThat(created.status()).isEqualTo(201);
        idpDomain = created.json().path("identity_provider").path("domain_id").asText();
        String mapping = unique("oidc-map");
        String rules = """
                [{"local": [{"user": {"name": "{0}", "email": "{1}"}}, {"group": {"id": "%s"}}],
                  "remote": [{"type": "OIDC-preferred_username"}, {"type": "OIDC-email"}, {"type": "OIDC-groups", "any_one_of": ["staff"]}]},
                 {"local": [{"user": {"name": "{0}"}}, {"projects": [{"name": "%s", "roles": [{"name": "member"}]}]}],
                  "remote": [{"type": "OIDC-preferred_username"}, {"type": "OIDC-groups", "any_one_of": ["^dev.*$"], "regex": true}]}]
                """.formatted(staffGroup, devProject);
        assertThat(admin.put(FED + "/mappings/" + mapping, "{\"mapping\": {\"rules\": " + rules + "}}").status()).isEqualTo(201);
        assertThat(admin.put(FED + "/identity_providers/" + idp + "/protocols/openid",
                "{\"protocol\": {\"mapping_id\": \"" + mapping + "\", \"remote_id_attribute\": \"HTTP_OIDC_ISS\"}}").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop()
    {
        if (server != null) {
            server.close();
        }
        if (jwksServer != null) {
            jwksServer.stop(0);
        }
    }

    private static String unique(String prefix)
    {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- JWT and JWK helpers

    private static String b64(byte[] bytes)
    {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] unsigned(BigInteger value, int length)
    {
        byte[] bytes = value.toByteArray();
        if (bytes.length == length) {
            return bytes;
        }
        byte[] result = new byte[length];
        int copy = Math.min(bytes.length, length);
        System.arraycopy(bytes, bytes.length - copy, result, length - copy, copy);
        return result;
    }

    private static Map<String, Object> rsaJwk(String kid, RSAPublicKey key)
    {
        byte[] n = key.getModulus().toByteArray();
        if (n[0] == 0) {
            n = java.util.Arrays.copyOfRange(n, 1, n.length);
        }
        return Map.of("kty", "RSA", "kid", kid, "use", "sig", "alg", "RS256", "n", b64(n), "e", b64(key.getPublicExponent().toByteArray()));
    }

    private static Map<String, Object> ecJwk(String kid, ECPublicKey key)
    {
        return Map.of("kty", "EC", "kid", kid, "crv", "P-256", "x", b64(unsigned(key.getW().getAffineX(), 32)),
                "y", b64(unsigned(key.getW().getAffineY(), 32)));
    }

    private static ObjectNode claims(String subject)
    {
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = Json.object();
        claims.put("iss", issuer);
        claims.put("sub", subject);
        claims.put("aud", AUDIENCE);
        claims.put("iat", now);
        claims.put("exp", now + 300);
        claims.put("preferred_username", subject);
        claims.put("email", subject + "@example.org");
        claims.putArray("groups").add("staff").add("developers");
        return claims;
    }

    private static String sign(JsonNode claims, String alg, String kid, PrivateKey key)
            throws Exception
    {
        ObjectNode header = Json.object();
        header.put("alg", alg);
        header.put("typ", "JWT");
        if (kid != null) {
            header.put("kid", kid);
        }
        String signed = b64(Json.bytes(header)) + "." + b64(Json.bytes(claims));
        if (key == null) {
            return signed + ".";
        }
        Signature signature = Signature.getInstance(alg.equals("ES256") ? "SHA256withECDSAinP1363Format" : "SHA256withRSA");
        signature.initSign(key);
        signature.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + b64(signature.sign());
    }

    private static String rs256(JsonNode claims)
            throws Exception
    {
        return sign(claims, "RS256", "rsa-1", rsa.getPrivate());
    }

    private static Http.Response login(String protocol, String token)
    {
        return server.http().send("POST", FED + "/identity_providers/" + idp + "/protocols/" + protocol + "/auth", null,
                token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    // ---- tests

    @Test
    void goodTokenGivesAnUnscopedFederatedToken()
            throws Exception
    {
        String subject = unique("alice");
        Http.Response response = login("openid", rs256(claims(subject)));
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("X-Subject-Token")).isPresent();
        JsonNode token = response.json().path("token");
        assertThat(token.path("methods").findValuesAsText("")).isEmpty();
        assertThat(token.path("methods").get(0).asText()).isEqualTo("openid");
        assertThat(token.has("project")).isFalse();
        assertThat(token.has("roles")).isFalse();
        JsonNode user = token.path("user");
        assertThat(user.path("name").asText()).isEqualTo(subject);
        assertThat(user.path("domain").path("id").asText()).as("ephemeral users live in the provider's domain").isEqualTo(idpDomain);
        JsonNode federation = user.path("OS-FEDERATION");
        assertThat(federation.path("identity_provider").path("id").asText()).isEqualTo(idp);
        assertThat(federation.path("protocol").path("id").asText()).isEqualTo("openid");
        assertThat(federation.path("groups").findValuesAsText("id")).containsExactly(staffGroup);

        Http.Response again = login("openid", rs256(claims(subject)));
        assertThat(again.json().path("token").path("user").path("id").asText()).as("one shadow user per identity")
                .isEqualTo(user.path("id").asText());
        JsonNode shadow = admin.get(V3 + "/users/" + user.path("id").asText()).json().path("user");
        assertThat(shadow.path("domain_id").asText()).isEqualTo(idpDomain);
        assertThat(shadow.path("email").asText()).isEqualTo(subject + "@example.org");

        Http.Response validated = admin.send("GET", V3 + "/auth/tokens", null, Map.of("X-Subject-Token", response.header("X-Subject-Token").orElseThrow()));
        assertThat(validated.status()).isEqualTo(200);
        assertThat(validated.json().path("token").path("user").path("OS-FEDERATION").path("identity_provider").path("id").asText()).isEqualTo(idp);
    }

    @Test
    void federatedUserListsItsProjectsAndScopesItsToken()
            throws Exception
    {
        String subject = unique("bob");
        Http.Response login = login("openid", rs256(claims(subject)));
        assertThat(login.status()).isEqualTo(201);
        Http federated = server.http().withToken(login.header("X-Subject-Token").orElseThrow());

        Http.Response projects = federated.get(V3 + "/auth/projects");
        assertThat(projects.status()).isEqualTo(200);
        List<String> names = projects.json().path("projects").findValuesAsText("name");
        assertThat(names).as("the group's project and the mapped one").contains(devProject);
        assertThat(projects.json().path("projects").findValuesAsText("id")).contains(staffProject);
        JsonNode dev = admin.get(V3 + "/projects?name=" + devProject + "&domain_id=" + idpDomain).json().path("projects");
        assertThat(dev.size()).as("mapped projects are created in the provider's domain").isEqualTo(1);
        assertThat(federated.get(FED + "/projects").json().path("projects").findValuesAsText("id")).contains(staffProject);
        assertThat(federated.get(V3 + "/auth/domains").status()).isEqualTo(200);

        String scope = """
                {"auth": {"identity": {"methods": ["token"], "token": {"id": "%s"}}, "scope": {"project": {"id": "%s"}}}}"""
                .formatted(login.header("X-Subject-Token").orElseThrow(), staffProject);
        Http.Response scoped = server.http().post(V3 + "/auth/tokens", scope);
        assertThat(scoped.status()).isEqualTo(201);
        JsonNode token = scoped.json().path("token");
        assertThat(token.path("project").path("id").asText()).isEqualTo(staffProject);
        assertThat(token.path("roles").findValuesAsText("name")).contains("member");
        assertThat(token.path("methods").findValuesAsText("")).isEmpty();
        assertThat(List.of(token.path("methods").get(0).asText(), token.path("methods").get(1).asText())).containsExactlyInAnyOrder("token", "openid");
        assertThat(token.path("user").path("OS-FEDERATION").path("groups").findValuesAsText("id")).containsExactly(staffGroup);
        assertThat(token.path("catalog").isArray()).isTrue();

        // the scoped token works on the project's APIs
        Http scopedClient = server.http().withToken(scoped.header("X-Subject-Token").orElseThrow());
        assertThat(scopedClient.get(V3 + "/auth/catalog").status()).isEqualTo(200);

        String other = admin.post(V3 + "/projects", "{\"project\": {\"name\": \"" + unique("other") + "\", \"domain_id\": \"default\"}}")
                .json().path("project").path("id").asText();
        Http.Response refused = server.http().post(V3 + "/auth/tokens", scope.replace(staffProject, other));
        assertThat(refused.status()).isEqualTo(401);
    }

    @Test
    void ecKeysVerifyToo()
            throws Exception
    {
        Http.Response response = login("openid", sign(claims(unique("carol")), "ES256", "ec-1", ec.getPrivate()));
        assertThat(response.status()).isEqualTo(201);
    }

    @Test
    void getWorksLikePost()
            throws Exception
    {
        Http.Response response = server.http().send("GET", FED + "/identity_providers/" + idp + "/protocols/openid/auth", null,
                Map.of("Authorization", "Bearer " + rs256(claims(unique("dave")))));
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("X-Subject-Token")).isPresent();
    }

    @Test
    void badTokensAre401()
            throws Exception
    {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey stranger = generator.generateKeyPair().getPrivate();
        String subject = unique("mallory");

        ObjectNode expired = claims(subject);
        expired.put("exp", Instant.now().getEpochSecond() - 3600);
        ObjectNode notYet = claims(subject);
        notYet.put("nbf", Instant.now().getEpochSecond() + 3600);
        ObjectNode wrongAudience = claims(subject);
        wrongAudience.put("aud", "someone-else");
        ObjectNode wrongIssuer = claims(subject);
        wrongIssuer.put("iss", "https://evil.example/");
        ObjectNode noExpiry = claims(subject);
        noExpiry.remove("exp");
        String good = rs256(claims(subject));
        String[] parts = good.split("\\.");

        Map<String, String> tokens = new java.util.LinkedHashMap<>();
        tokens.put("expired", rs256(expired));
        tokens.put("not yet valid", rs256(notYet));
        tokens.put("wrong audience", rs256(wrongAudience));
        tokens.put("wrong issuer", rs256(wrongIssuer));
        tokens.put("no expiry", rs256(noExpiry));
        tokens.put("bad signature", sign(claims(subject), "RS256", "rsa-1", stranger));
        tokens.put("unknown kid", sign(claims(subject), "RS256", "nobody", rsa.getPrivate()));
        tokens.put("alg none", sign(claims(subject), "none", null, null));
        tokens.put("alg none with a signature", b64("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + "." + parts[2]);
        tokens.put("HS256 with the public key", sign(claims(subject), "HS256", "rsa-1", null) + "c2ln");
        tokens.put("tampered claims", parts[0] + "." + b64(Json.bytes(claims("admin"))) + "." + parts[2]);
        tokens.put("EC key for an RS256 header", parts[0].replace(parts[0], b64("{\"alg\":\"ES256\",\"kid\":\"ec-1\"}".getBytes(StandardCharsets.UTF_8)))
                + "." + parts[1] + "." + parts[2]);
        tokens.put("garbage", "not-a-jwt");
        tokens.put("bad base64", "!!!.???.###");
        tokens.put("json array", b64("[]".getBytes(StandardCharsets.UTF_8)) + "." + b64("[]".getBytes(StandardCharsets.UTF_8)) + ".c2ln");
        tokens.put("huge", "a".repeat(7_000));
        for (Map.Entry<String, String> token : tokens.entrySet()) {
            Http.Response response = login("openid", token.getValue());
            assertThat(response.status()).as(token.getKey()).isEqualTo(401);
            assertThat(response.json().path("error").path("code").asInt()).as(token.getKey()).isEqualTo(401);
            assertThat(response.json().path("error").path("title").asText()).as(token.getKey()).isEqualTo("Unauthorized");
            assertThat(response.header("WWW-Authenticate")).as(token.getKey()).hasValueSatisfying(value -> assertThat(value).startsWith("Keystone uri="));
        }
        assertThat(login("openid", null).status()).as("no Authorization header").isEqualTo(401);
        assertThat(server.http().send("POST", FED + "/identity_providers/" + idp + "/protocols/openid/auth", null,
                Map.of("Authorization", "Basic YTpi")).status()).isEqualTo(401);
        assertThat(admin.get(V3 + "/users?name=" + subject).json().path("users")).as("no user was made for them").isEmpty();
    }

    @Test
    void unknownProviderOrProtocolIs404AndADisabledProvider403()
            throws Exception
    {
        String token = rs256(claims(unique("erin")));
        assertThat(server.http().send("POST", FED + "/identity_providers/nope/protocols/openid/auth", null,
                Map.of("Authorization", "Bearer " + token)).status()).isEqualTo(404);
        assertThat(login("saml2", token).status()).isEqualTo(404);

        String disabled = unique("off");
        admin.put(FED + "/identity_providers/" + disabled, """
                {"identity_provider": {"enabled": false, "oidc": {"issuer": "%s", "jwks_uri": "http://127.0.0.1:1/jwks"}}}""".formatted(issuer));
        String mapping = admin.get(FED + "/identity_providers/" + idp + "/protocols/openid").json().path("protocol").path("mapping_id").asText();
        admin.put(FED + "/identity_providers/" + disabled + "/protocols/openid", "{\"protocol\": {\"mapping_id\": \"" + mapping + "\"}}");
        assertThat(server.http().send("POST", FED + "/identity_providers/" + disabled + "/protocols/openid/auth", null,
                Map.of("Authorization", "Bearer " + token)).status()).isEqualTo(403);
    }

    @Test
    void disablingTheProviderStopsItsTokens()
            throws Exception
    {
        String other = unique("short-lived");
        String mapping = admin.get(FED + "/identity_providers/" + idp + "/protocols/openid").json().path("protocol").path("mapping_id").asText();
        String base = "http://127.0.0.1:" + jwksServer.getAddress().getPort();
        admin.put(FED + "/identity_providers/" + other, """
                {"identity_provider": {"enabled": true, "oidc": {"issuer": "%s", "jwks_uri": "%s/jwks"}}}""".formatted(issuer, base));
        admin.put(FED + "/identity_providers/" + other + "/protocols/oidc", "{\"protocol\": {\"mapping_id\": \"" + mapping + "\"}}");
        Http.Response login = server.http().send("POST", FED + "/identity_providers/" + other + "/protocols/oidc/auth", null,
                Map.of("Authorization", "Bearer " + rs256(claims(unique("frank")))));
        assertThat(login.status()).as("any protocol name, with oidc settings on the provider").isEqualTo(201);
        assertThat(login.json().path("token").path("methods").get(0).asText()).isEqualTo("oidc");
        String token = login.header("X-Subject-Token").orElseThrow();
        assertThat(server.http().withToken(token).get(V3 + "/auth/projects").status()).isEqualTo(200);

        admin.patch(FED + "/identity_providers/" + other, "{\"identity_provider\": {\"enabled\": false}}");
        assertThat(server.http().withToken(token).get(V3 + "/auth/projects").status()).isEqualTo(401);
    }

    @Test
    void remoteIdMustBeAmongTheProvidersRemoteIds()
            throws Exception
    {
        String strict = unique("strict");
        String mapping = admin.get(FED + "/identity_providers/" + idp + "/protocols/openid").json().path("protocol").path("mapping_id").asText();
        String base = "http://127.0.0.1:" + jwksServer.getAddress().getPort();
        admin.put(FED + "/identity_providers/" + strict, """
                {"identity_provider": {"enabled": true, "remote_ids": ["%s"], "oidc": {"issuer": "%s", "jwks_uri": "%s/jwks"}}}"""
                .formatted("https://elsewhere.example/" + strict, issuer, base));
        admin.put(FED + "/identity_providers/" + strict + "/protocols/openid",
                "{\"protocol\": {\"mapping_id\": \"" + mapping + "\", \"remote_id_attribute\": \"HTTP_OIDC_ISS\"}}");
        assertThat(server.http().send("POST", FED + "/identity_providers/" + strict + "/protocols/openid/auth", null,
                Map.of("Authorization", "Bearer " + rs256(claims(unique("gina"))))).status()).isEqualTo(403);
    }

    @Test
    void theJwksIsCached()
            throws Exception
    {
        login("openid", rs256(claims(unique("henry"))));
        int before = JWKS_FETCHES.get();
        for (int i = 0; i < 3; i++) {
            assertThat(login("openid", rs256(claims(unique("ivy")))).status()).isEqualTo(201);
        }
        assertThat(JWKS_FETCHES.get()).isEqualTo(before);
    }

    @Test
    void concurrentFirstLoginsOfOneUserMakeOneShadowUser()
            throws Exception
    {
        String subject = unique("jack");
        String token = rs256(claims(subject));
        List<java.util.concurrent.Future<Http.Response>> results = new java.util.ArrayList<>();
        try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> login("openid", token)));
            }
        }
        java.util.Set<String> userIds = new java.util.HashSet<>();
        for (java.util.concurrent.Future<Http.Response> result : results) {
            Http.Response response = result.get();
            assertThat(response.status()).isEqualTo(201);
            userIds.add(response.json().path("token").path("user").path("id").asText());
        }
        assertThat(userIds).hasSize(1);
    }

    @Test
    void anAssertionNoRuleMatchesIsRefused()
            throws Exception
    {
        ObjectNode claims = claims(unique("kim"));
        claims.remove("preferred_username");
        Http.Response response = login("openid", rs256(claims));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").path("code").asInt()).isEqualTo(400);
    }

    @Test
    void aLocalUserMappingLogsInAnExistingUserWithGroupsByName()
            throws Exception
    {
        String localName = unique("local");
        String localId = admin.post(V3 + "/users", "{\"user\": {\"name\": \"" + localName + "\", \"domain_id\": \"default\"}}")
                .json().path("user").path("id").asText();
        String groupName = unique("named");
        String groupId = admin.post(V3 + "/groups", "{\"group\": {\"name\": \"" + groupName + "\", \"domain_id\": \"default\"}}")
                .json().path("group").path("id").asText();
        String project = admin.post(V3 + "/projects", "{\"project\": {\"name\": \"" + unique("named-project") + "\", \"domain_id\": \"default\"}}")
                .json().path("project").path("id").asText();
        String readerRole = admin.get(V3 + "/roles?name=reader").json().path("roles").get(0).path("id").asText();
        admin.put(V3 + "/projects/" + project + "/groups/" + groupId + "/roles/" + readerRole, null);

        String provider = unique("local-idp");
        String base = "http://127.0.0.1:" + jwksServer.getAddress().getPort();
        admin.put(FED + "/identity_providers/" + provider, """
                {"identity_provider": {"enabled": true, "oidc": {"issuer": "%s", "jwks_uri": "%s/jwks"}}}""".formatted(issuer, base));
        String mapping = unique("local-map");
        String rules = """
                [{"local": [{"user": {"name": "{0}", "type": "local", "domain": {"name": "Default"}}}, {"groups": "{1}", "domain": {"id": "default"}}],
                  "remote": [{"type": "OIDC-preferred_username"}, {"type": "OIDC-groups", "whitelist": ["%s", "missing-group"]}]}]""".formatted(groupName);
        assertThat(admin.put(FED + "/mappings/" + mapping, "{\"mapping\": {\"rules\": " + rules + "}}").status()).isEqualTo(201);
        admin.put(FED + "/identity_providers/" + provider + "/protocols/openid", "{\"protocol\": {\"mapping_id\": \"" + mapping + "\"}}");

        ObjectNode claims = claims(localName);
        claims.putArray("groups").add(groupName).add("missing-group").add("ignored");
        Http.Response login = server.http().send("POST", FED + "/identity_providers/" + provider + "/protocols/openid/auth", null,
                Map.of("Authorization", "Bearer " + rs256(claims)));
        assertThat(login.status()).isEqualTo(201);
        JsonNode user = login.json().path("token").path("user");
        assertThat(user.path("id").asText()).as("the existing local user").isEqualTo(localId);
        assertThat(user.path("domain").path("id").asText()).isEqualTo("default");
        assertThat(user.path("OS-FEDERATION").path("groups").findValuesAsText("id")).as("named groups that exist").containsExactly(groupId);
        Http federated = server.http().withToken(login.header("X-Subject-Token").orElseThrow());
        assertThat(federated.get(V3 + "/auth/projects").json().path("projects").findValuesAsText("id")).containsExactly(project);

        ObjectNode stranger = claims(unique("nobody"));
        Http.Response refused = server.http().send("POST", FED + "/identity_providers/" + provider + "/protocols/openid/auth", null,
                Map.of("Authorization", "Bearer " + rs256(stranger)));
        assertThat(refused.status()).as("a local user that does not exist").isEqualTo(401);
    }

    @Test
    void withAnAuthorizationTtlMappedGroupsOutliveTheTokenForApplicationCredentials()
            throws Exception
    {
        String provider = unique("ttl-idp");
        String base = "http://127.0.0.1:" + jwksServer.getAddress().getPort();
        admin.put(FED + "/identity_providers/" + provider, """
                {"identity_provider": {"enabled": true, "authorization_ttl": 2147483647, "oidc": {"issuer": "%s", "jwks_uri": "%s/jwks"}}}"""
                .formatted(issuer, base));
        String mapping = admin.get(FED + "/identity_providers/" + idp + "/protocols/openid").json().path("protocol").path("mapping_id").asText();
        admin.put(FED + "/identity_providers/" + provider + "/protocols/openid", "{\"protocol\": {\"mapping_id\": \"" + mapping + "\"}}");

        Http.Response login = server.http().send("POST", FED + "/identity_providers/" + provider + "/protocols/openid/auth", null,
                Map.of("Authorization", "Bearer " + rs256(claims(unique("lena")))));
        assertThat(login.status()).isEqualTo(201);
        String userId = login.json().path("token").path("user").path("id").asText();
        assertThat(admin.get(V3 + "/users/" + userId + "/groups").json().path("groups").findValuesAsText("id"))
                .as("the mapped group counts for authorization_ttl minutes").containsExactly(staffGroup);

        String scope = """
                {"auth": {"identity": {"methods": ["token"], "token": {"id": "%s"}}, "scope": {"project": {"id": "%s"}}}}"""
                .formatted(login.header("X-Subject-Token").orElseThrow(), staffProject);
        Http.Response scoped = server.http().post(V3 + "/auth/tokens", scope);
        assertThat(scoped.status()).isEqualTo(201);
        Http user = server.http().withToken(scoped.header("X-Subject-Token").orElseThrow());
        Http.Response credential = user.post(V3 + "/users/" + userId + "/application_credentials", "{\"application_credential\": {\"name\": \"ci\"}}");
        assertThat(credential.status()).as(credential.body()).isEqualTo(201);
        String body = """
                {"auth": {"identity": {"methods": ["application_credential"], "application_credential": {"id": "%s", "secret": "%s"}}}}"""
                .formatted(credential.json().path("application_credential").path("id").asText(),
                        credential.json().path("application_credential").path("secret").asText());
        Http.Response token = server.http().post(V3 + "/auth/tokens", body);
        assertThat(token.status()).as("roles through the expiring membership").isEqualTo(201);
        assertThat(token.json().path("token").path("roles").findValuesAsText("name")).contains("member");

        String other = login("openid", rs256(claims(unique("mona")))).json().path("token").path("user").path("id").asText();
        assertThat(admin.get(V3 + "/users/" + other + "/groups").json().path("groups")).as("no authorization_ttl: the token only").isEmpty();
    }
}

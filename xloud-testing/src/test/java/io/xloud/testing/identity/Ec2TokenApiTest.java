package io.xloud.testing.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.json.Json;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import io.xloud.testing.identity.TestUsers.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.xloud.testing.identity.TestUsers.expect;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /v3/ec2tokens and /v3/s3tokens: EC2 and S3 signatures made with a user's EC2 key pair buy a project-scoped token. */
class Ec2TokenApiTest
{
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter AMZ = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private static TestServer server;
    private static TestUser user;
    private static String access;
    private static String secret;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        user = TestUsers.create(server, server.admin(), "member");
        JsonNode credential = expect(user.http().post("/identity/v3/users/" + user.id() + "/credentials/OS-EC2",
                "{\"tenant_id\": %s}".formatted(Json.string(user.projectId()))), 201).json().path("credential");
        access = credential.path("access").asText();
        secret = credential.path("secret").asText();
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    private static Http.Response ec2(Object credentials)
    {
        return server.http().post("/identity/v3/ec2tokens", Json.string(Map.of("credentials", credentials)));
    }

    private static Http.Response s3(Object credentials)
    {
        return server.http().post("/identity/v3/s3tokens", Json.string(Map.of("credentials", credentials)));
    }

    /** An EC2 query API request signed with signature version 2, as boto2 and euca2ools sign it. */
    private static Map<String, Object> v2Request(String key, String host, String method, Instant when)
    {
        Map<String, String> params = new TreeMap<>(Map.of("Action", "DescribeInstances", "AWSAccessKeyId", access, "SignatureVersion", "2",
                "SignatureMethod", method, "Timestamp", ISO.format(when), "Version", "2016-11-15"));
        String algorithm = method.equals("HmacSHA1") ? "HmacSHA1" : "HmacSHA256";
        String query = String.join("&", params.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).toList());
        String signature = Base64.getEncoder().encodeToString(hmac(algorithm, key.getBytes(StandardCharsets.UTF_8), "GET\n" + host + "\n/\n" + query));
        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("access", access);
        credentials.put("host", host);
        credentials.put("verb", "GET");
        credentials.put("path", "/");
        credentials.put("params", params);
        credentials.put("signature", signature);
        return credentials;
    }

    private static String encode(String value)
    {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static byte[] hmac(String algorithm, byte[] key, String data)
    {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertProjectScopedToken(Http.Response response)
    {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode token = response.json().path("token");
        assertThat(token.path("methods").get(0).asText()).isEqualTo("ec2credential");
        assertThat(token.path("user").path("id").asText()).isEqualTo(user.id());
        assertThat(token.path("project").path("id").asText()).isEqualTo(user.projectId());
        assertThat(token.path("roles").findValuesAsText("name")).contains("member");
        assertThat(token.path("catalog").isArray()).isTrue();
        assertThat(token.path("expires_at").asText()).isNotEmpty();
    }

    @Test
    void aVersion2SignatureBuysAProjectScopedTokenThatWorks()
    {
        Http.Response response = ec2(v2Request(secret, "ec2.example.com:8773", "HmacSHA256", Instant.now()));
        assertProjectScopedToken(response);
        String token = response.header("X-Subject-Token").orElseThrow();
        Http http = server.http().withToken(token);
        // the token serves the other services of the project
        assertThat(http.get("/object-store/v1/AUTH_" + user.projectId()).status()).isIn(200, 204);
        assertThat(http.get("/image/v2/images").status()).isEqualTo(200);
        // but not the Identity API itself (Keystone, LP#2153453), though others may validate it
        Http.Response identity = http.get("/identity/v3/users/" + user.id());
        assertThat(identity.status()).isEqualTo(403);
        assertThat(identity.json().path("error").path("code").asInt()).isEqualTo(403);
        assertThat(http.get("/identity/v3/auth/projects").status()).isEqualTo(403);
        Http.Response validated = server.admin().send("GET", "/identity/v3/auth/tokens", null, Map.of("X-Subject-Token", token));
        assertThat(validated.status()).isEqualTo(200);
        assertThat(validated.json().path("token").path("methods").get(0).asText()).isEqualTo("ec2credential");
        // nor can it be exchanged for another token
        Http.Response exchanged = server.http().post("/identity/v3/auth/tokens", """
                {"auth": {"identity": {"methods": ["token"], "token": {"id": %s}}}}""".formatted(Json.string(token)));
        assertThat(exchanged.status()).isEqualTo(403);
        // and ec2credential is no method /v3/auth/tokens takes
        assertThat(server.http().post("/identity/v3/auth/tokens", """
                {"auth": {"identity": {"methods": ["ec2credential"], "ec2credential": {}}}}""").status()).isEqualTo(401);
    }

    @Test
    void version2WithSha1AndASignatureWithoutThePortAreAccepted()
    {
        assertProjectScopedToken(ec2(v2Request(secret, "ec2.example.com:8773", "HmacSHA1", Instant.now())));
        // signed for the host alone, sent with the port: Keystone tries again without it
        Map<String, Object> request = v2Request(secret, "ec2.example.com", "HmacSHA256", Instant.now());
        request.put("host", "ec2.example.com:8773");
        assertProjectScopedToken(ec2(request));
    }

    @Test
    void versions0And1AndKeystonesOtherBodyNamesAreAccepted()
    {
        String timestamp = ISO.format(Instant.now());
        Map<String, String> v0 = Map.of("Action", "DescribeImages", "Timestamp", timestamp, "SignatureVersion", "0", "AWSAccessKeyId", access);
        String v0Signature = Base64.getEncoder().encodeToString(hmac("HmacSHA1", secret.getBytes(StandardCharsets.UTF_8), "DescribeImages" + timestamp));
        assertProjectScopedToken(ec2(Map.of("access", access, "params", v0, "signature", v0Signature, "host", "h", "verb", "GET", "path", "/")));

        Map<String, String> v1 = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        v1.putAll(Map.of("Action", "DescribeImages", "Timestamp", timestamp, "SignatureVersion", "1", "AWSAccessKeyId", access, "zeta", "z"));
        StringBuilder signed = new StringBuilder();
        v1.forEach((key, value) -> signed.append(key).append(value));
        String v1Signature = Base64.getEncoder().encodeToString(hmac("HmacSHA1", secret.getBytes(StandardCharsets.UTF_8), signed.toString()));
        Map<String, Object> credentials = Map.of("access", access, "params", new LinkedHashMap<>(v1), "signature", v1Signature);
        assertProjectScopedToken(ec2(credentials));
        // older clients send "credential" or "ec2Credentials" instead of "credentials"
        assertProjectScopedToken(server.http().post("/identity/v3/ec2tokens", Json.string(Map.of("credential", credentials))));
        assertProjectScopedToken(server.http().post("/identity/v3/ec2tokens", Json.string(Map.of("ec2Credentials", credentials))));
        // an unknown signature version is no valid signature
        Map<String, String> v9 = new LinkedHashMap<>(v1);
        v9.put("SignatureVersion", "9");
        assertThat(ec2(Map.of("access", access, "params", v9, "signature", v1Signature)).status()).isEqualTo(401);
    }

    @Test
    void aVersion4SignatureFromTheAwsSdkIsAccepted()
    {
        Instant now = Instant.now();
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).protocol("http").host("ec2.example.com").port(8773)
                .encodedPath("/").putRawQueryParameter("Action", "DescribeRegions").putRawQueryParameter("Version", "2016-11-15")
                .putHeader("Host", "ec2.example.com:8773").build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create(access, secret)).request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ec2").putProperty(AwsV4HttpSigner.REGION_NAME, "RegionOne")
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, java.time.Clock.fixed(now, ZoneOffset.UTC)));
        Map<String, String> headers = new LinkedHashMap<>();
        signed.request().headers().forEach((name, values) -> headers.put(name, values.getFirst()));
        String authorization = headers.get("Authorization");
        assertThat(authorization).startsWith("AWS4-HMAC-SHA256");
        String signature = authorization.substring(authorization.indexOf("Signature=") + "Signature=".length());

        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("access", access);
        credentials.put("host", "ec2.example.com:8773");
        credentials.put("verb", "GET");
        credentials.put("path", "/");
        credentials.put("params", Map.of("Action", "DescribeRegions", "Version", "2016-11-15"));
        credentials.put("headers", headers);
        credentials.put("body_hash", HexFormat.of().formatHex(sha256(new byte[0])));
        credentials.put("signature", signature);
        assertProjectScopedToken(ec2(credentials));

        credentials.put("signature", signature.replace(signature.charAt(0), signature.charAt(0) == 'a' ? 'b' : 'a'));
        assertThat(ec2(credentials).status()).isEqualTo(401);
    }

    @Test
    void badSignaturesUnknownKeysAndOldTimestampsAre401()
    {
        Http.Response wrongKey = ec2(v2Request("not-the-secret", "ec2.example.com", "HmacSHA256", Instant.now()));
        assertThat(wrongKey.status()).isEqualTo(401);
        assertThat(wrongKey.json().path("error").path("code").asInt()).isEqualTo(401);
        assertThat(wrongKey.header("WWW-Authenticate")).isPresent();

        Map<String, Object> unknown = v2Request(secret, "ec2.example.com", "HmacSHA256", Instant.now());
        unknown.put("access", "no-such-access-key");
        assertThat(ec2(unknown).status()).isEqualTo(401);

        Map<String, Object> unsigned = v2Request(secret, "ec2.example.com", "HmacSHA256", Instant.now());
        unsigned.remove("signature");
        assertThat(ec2(unsigned).status()).isEqualTo(401);

        Map<String, Object> noAccess = v2Request(secret, "ec2.example.com", "HmacSHA256", Instant.now());
        noAccess.remove("access");
        assertThat(ec2(noAccess).status()).isEqualTo(401);

        // Keystone's [credential] auth_ttl: a signed timestamp older than 15 minutes is refused
        assertThat(ec2(v2Request(secret, "ec2.example.com", "HmacSHA256", Instant.now().minusSeconds(20 * 60))).status()).isEqualTo(401);
        // a tampered parameter breaks the signature
        Map<String, Object> tampered = v2Request(secret, "ec2.example.com", "HmacSHA256", Instant.now());
        @SuppressWarnings("unchecked")
        Map<String, String> params = new TreeMap<>((Map<String, String>) tampered.get("params"));
        params.put("Action", "TerminateInstances");
        tampered.put("params", params);
        assertThat(ec2(tampered).status()).isEqualTo(401);
    }

    @Test
    void malformedBodiesAre400AndGetIs405()
    {
        Http http = server.http();
        assertThat(http.post("/identity/v3/ec2tokens", "{").status()).isEqualTo(400);
        assertThat(http.post("/identity/v3/ec2tokens", "{}").status()).isEqualTo(400);
        assertThat(http.post("/identity/v3/ec2tokens", "[1, 2]").status()).isEqualTo(400);
        assertThat(http.post("/identity/v3/ec2tokens", "{\"credentials\": 42}").status()).isEqualTo(400);
        assertThat(http.post("/identity/v3/ec2tokens", "{\"credentials\": {\"access\": 7}}").status()).isEqualTo(400);
        assertThat(http.post("/identity/v3/ec2tokens", "{\"credentials\": {\"access\": %s, \"signature\": \"x\"}}"
                .formatted(Json.string(access))).status()).isEqualTo(400);
        assertThat(http.post("/identity/v3/s3tokens", "{\"credentials\": {\"access\": %s, \"signature\": \"x\", \"token\": \"%%%%\"}}"
                .formatted(Json.string(access))).status()).isEqualTo(400);
        Http.Response get = http.get("/identity/v3/ec2tokens");
        assertThat(get.status()).isEqualTo(405);
        assertThat(http.get("/identity/v3/s3tokens").status()).isEqualTo(405);
        // over max_request_body_size (112 KiB) yet small enough that the whole body is sent before the answer
        Http.Response huge = http.post("/identity/v3/ec2tokens", "{\"credentials\": {\"access\": \"" + "a".repeat(200_000) + "\"}}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.error().path("code").asInt()).isEqualTo(413);
    }

    private static String s3StringToSignV4(Instant when)
    {
        String date = AMZ.format(when);
        String canonicalRequest = "GET\n/bucket/key\n\nhost:s3.example.com\nx-amz-date:" + date + "\n\nhost;x-amz-date\nUNSIGNED-PAYLOAD";
        return "AWS4-HMAC-SHA256\n" + date + "\n" + date.substring(0, 8) + "/RegionOne/s3/aws4_request\n"
                + HexFormat.of().formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    }

    private static String signV4(String key, String stringToSign)
    {
        String[] scope = stringToSign.split("\n")[2].split("/");
        byte[] signing = hmac("HmacSHA256", ("AWS4" + key).getBytes(StandardCharsets.UTF_8), scope[0]);
        signing = hmacBytes(signing, scope[1]);
        signing = hmacBytes(signing, scope[2]);
        signing = hmacBytes(signing, "aws4_request");
        return HexFormat.of().formatHex(hmacBytes(signing, stringToSign));
    }

    private static byte[] hmacBytes(byte[] key, String data)
    {
        return hmac("HmacSHA256", key, data);
    }

    private static String base64(String text)
    {
        return Base64.getUrlEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void s3SignaturesV2AndV4BuyAToken()
    {
        String v2 = "GET\n\n\nThu, 05 Dec 2026 11:00:00 GMT\n/bucket/key";
        String v2Signature = Base64.getEncoder().encodeToString(hmac("HmacSHA1", secret.getBytes(StandardCharsets.UTF_8), v2));
        Http.Response response = s3(Map.of("access", access, "token", base64(v2), "signature", v2Signature));
        assertProjectScopedToken(response);
        assertThat(response.header("X-Subject-Token")).isEmpty();

        String v4 = s3StringToSignV4(Instant.now());
        assertProjectScopedToken(s3(Map.of("access", access, "token", base64(v4), "signature", signV4(secret, v4))));
    }

    @Test
    void s3BadSignaturesAndUnknownKeysAre401()
    {
        String v4 = s3StringToSignV4(Instant.now());
        assertThat(s3(Map.of("access", access, "token", base64(v4), "signature", signV4("wrong", v4))).status()).isEqualTo(401);
        assertThat(s3(Map.of("access", "unknown", "token", base64(v4), "signature", signV4(secret, v4))).status()).isEqualTo(401);
        // a v4 string to sign whose scope is not s3's
        String ec2Scope = v4.replace("/s3/", "/ec2/");
        assertThat(s3(Map.of("access", access, "token", base64(ec2Scope), "signature", signV4(secret, ec2Scope))).status()).isEqualTo(401);
        assertThat(s3(Map.of("access", access, "token", base64(v4))).status()).isEqualTo(401);
    }

    @Test
    void aKeyOfADisabledUserOrOfAProjectWithoutRolesIsRefused()
    {
        TestUser other = TestUsers.create(server, server.admin(), "member");
        JsonNode credential = expect(other.http().post("/identity/v3/users/" + other.id() + "/credentials/OS-EC2",
                "{\"tenant_id\": %s}".formatted(Json.string(other.projectId()))), 201).json().path("credential");
        String otherAccess = credential.path("access").asText();
        String otherSecret = credential.path("secret").asText();
        String v2 = "GET\n\n\nThu, 05 Dec 2026 11:00:00 GMT\n/bucket/key";
        Map<String, String> body = Map.of("access", otherAccess, "token", base64(v2),
                "signature", Base64.getEncoder().encodeToString(hmac("HmacSHA1", otherSecret.getBytes(StandardCharsets.UTF_8), v2)));
        assertThat(s3(body).status()).isEqualTo(200);

        String roleId = TestUsers.roleId(server.admin(), "member");
        expect(server.admin().delete("/identity/v3/projects/" + other.projectId() + "/users/" + other.id() + "/roles/" + roleId), 204);
        assertThat(s3(body).status()).isEqualTo(401);
        TestUsers.grant(server.admin(), other.projectId(), other.id(), "member");
        assertThat(s3(body).status()).isEqualTo(200);

        expect(server.admin().patch("/identity/v3/users/" + other.id(), "{\"user\": {\"enabled\": false}}"), 200);
        assertThat(s3(body).status()).isEqualTo(401);
    }

    @Test
    void aKeyMadeWithAnApplicationCredentialKeepsToItsAccessRules()
    {
        var created = expect(user.http().post("/identity/v3/users/" + user.id() + "/application_credentials", """
                {"application_credential": {"name": "ec2-bound", "access_rules": [
                  {"service": "identity", "method": "POST", "path": "/v3/users/%s/credentials/OS-EC2"},
                  {"service": "image", "method": "GET", "path": "/v2/images"}]}}""".formatted(user.id())), 201)
                .json().path("application_credential");
        String appToken = expect(server.http().post("/identity/v3/auth/tokens", """
                {"auth": {"identity": {"methods": ["application_credential"], "application_credential": %s}}}"""
                .formatted(Json.string(Map.of("id", created.path("id").asText(), "secret", created.path("secret").asText())))), 201)
                .header("X-Subject-Token").orElseThrow();
        JsonNode key = expect(server.http().withToken(appToken).post("/identity/v3/users/" + user.id() + "/credentials/OS-EC2",
                "{\"tenant_id\": %s}".formatted(Json.string(user.projectId()))), 201).json().path("credential");
        String v2 = "GET\n\n\nThu, 05 Dec 2026 11:00:00 GMT\n/bucket/key";
        Http.Response response = s3(Map.of("access", key.path("access").asText(), "token", base64(v2), "signature",
                Base64.getEncoder().encodeToString(hmac("HmacSHA1", key.path("secret").asText().getBytes(StandardCharsets.UTF_8), v2))));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("token").path("application_credential").path("id").asText()).isEqualTo(created.path("id").asText());

        Http.Response ec2Token = ec2(v2RequestFor(key.path("access").asText(), key.path("secret").asText()));
        Http http = server.http().withToken(ec2Token.header("X-Subject-Token").orElseThrow());
        assertThat(http.get("/image/v2/images").status()).isEqualTo(200);
        assertThat(http.get("/networking/v2.0/networks").status()).isEqualTo(403);
        assertThat(http.get("/object-store/v1/AUTH_" + user.projectId()).status()).isEqualTo(403);
    }

    private static Map<String, Object> v2RequestFor(String accessKey, String secretKey)
    {
        Map<String, String> params = new TreeMap<>(Map.of("Action", "DescribeInstances", "AWSAccessKeyId", accessKey, "SignatureVersion", "2",
                "SignatureMethod", "HmacSHA256", "Timestamp", ISO.format(Instant.now()), "Version", "2016-11-15"));
        String query = String.join("&", params.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).toList());
        String signature = Base64.getEncoder().encodeToString(hmac("HmacSHA256", secretKey.getBytes(StandardCharsets.UTF_8),
                "POST\nec2.example.com\n/\n" + query));
        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("access", accessKey);
        credentials.put("host", "ec2.example.com");
        credentials.put("verb", "POST");
        credentials.put("path", "/");
        credentials.put("params", params);
        credentials.put("signature", signature);
        return credentials;
    }

    @Test
    void concurrentRequestsEachGetTheirOwnToken()
            throws Exception
    {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Http.Response>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> ec2(v2Request(secret, "ec2.example.com", "HmacSHA256", Instant.now()))));
            }
            java.util.Set<String> tokens = new java.util.HashSet<>();
            for (Future<Http.Response> result : results) {
                Http.Response response = result.get();
                assertThat(response.status()).isEqualTo(200);
                tokens.add(response.header("X-Subject-Token").orElseThrow());
            }
            assertThat(tokens).hasSize(16);
        }
    }

    private static byte[] sha256(byte[] bytes)
    {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}

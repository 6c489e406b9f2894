package io.xloud.testing.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.json.Json;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import io.xloud.testing.identity.TestUsers.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import static io.xloud.testing.identity.TestUsers.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An EC2 key made with an application credential's token signs S3 requests with no more than that credential allows. */
class Ec2KeyOfApplicationCredentialTest
{
    private static TestServer server;
    private static TestUser user;

    @BeforeAll
    static void start()
    {
        server = TestServer.start(Map.of("s3_listen", "127.0.0.1:0"));
        user = TestUsers.create(server, server.admin(), "member");
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    /** An EC2 key pair made with the token of a new application credential with this body. */
    private static JsonNode keyOf(String credentialBody)
    {
        JsonNode created = expect(user.http().post("/identity/v3/users/" + user.id() + "/application_credentials", credentialBody), 201)
                .json().path("application_credential");
        String token = expect(server.http().post("/identity/v3/auth/tokens", """
                {"auth": {"identity": {"methods": ["application_credential"], "application_credential": %s}}}"""
                .formatted(Json.string(Map.of("id", created.path("id").asText(), "secret", created.path("secret").asText())))), 201)
                .header("X-Subject-Token").orElseThrow();
        Http http = server.http().withToken(token);
        return expect(http.post("/identity/v3/users/" + user.id() + "/credentials/OS-EC2",
                "{\"tenant_id\": %s}".formatted(Json.string(user.projectId()))), 201).json().path("credential");
    }

    private static S3Client client(JsonNode key)
    {
        return S3Client.builder().endpointOverride(URI.create(server.baseUrl() + "/s3")).region(Region.of("RegionOne"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key.path("access").asText(), key.path("secret").asText())))
                .forcePathStyle(true).build();
    }

    @Test
    void aKeyOfADeletedCredentialSignsNothing()
    {
        String name = "gone-" + UUID.randomUUID().toString().substring(0, 6);
        JsonNode key = keyOf("{\"application_credential\": {\"name\": \"%s\"}}".formatted(name));
        try (S3Client s3 = client(key)) {
            assertThat(s3.listBuckets().buckets()).isNotNull();
            String id = expect(user.http().get("/identity/v3/users/" + user.id() + "/application_credentials?name=" + name), 200)
                    .json().path("application_credentials").get(0).path("id").asText();
            expect(user.http().delete("/identity/v3/users/" + user.id() + "/application_credentials/" + id), 204);
            assertThatThrownBy(s3::listBuckets).isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void aKeyOfACredentialWithAccessRulesSignsNothingHere()
    {
        JsonNode key = keyOf("""
                {"application_credential": {"name": "rules-%s", "access_rules": [
                  {"service": "identity", "method": "POST", "path": "/v3/users/%s/credentials/OS-EC2"}]}}"""
                .formatted(UUID.randomUUID().toString().substring(0, 6), user.id()));
        try (S3Client s3 = client(key)) {
            assertThatThrownBy(s3::listBuckets).isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void aKeyOfAnUnrestrictedMemberCredentialWrites()
    {
        JsonNode key = keyOf("{\"application_credential\": {\"name\": \"member-%s\"}}".formatted(UUID.randomUUID().toString().substring(0, 6)));
        try (S3Client s3 = client(key)) {
            String bucket = "b-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            s3.createBucket(b -> b.bucket(bucket));
            assertThat(s3.listBuckets().buckets()).anySatisfy(found -> assertThat(found.name()).isEqualTo(bucket));
        }
    }
}

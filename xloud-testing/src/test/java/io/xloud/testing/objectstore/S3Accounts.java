package io.xloud.testing.objectstore;

import io.xloud.core.json.Json;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A test server with an S3 face, and users on projects of their own with EC2 credentials and SDK clients. */
final class S3Accounts
        implements AutoCloseable
{
    static final String REGION = "RegionOne";

    final TestServer server;
    final Http admin;

    /** A user with a role on a project, its EC2 credential, a logged-in Identity session and an SDK client. */
    record Account(String userId, String projectId, String access, String secret, Http http, S3Client s3)
            implements AutoCloseable
    {
        String swiftPath(String container)
        {
            return "/object-store/v1/AUTH_" + projectId + "/" + container;
        }

        @Override
        public void close()
        {
            s3.close();
        }
    }

    S3Accounts(Map<String, String> settings)
    {
        this.server = TestServer.start(settings);
        this.admin = server.admin();
    }

    /** A member of a new project. */
    Account newProjectMember()
    {
        String suffix = suffix();
        String projectId = expect(admin.post("/identity/v3/projects", """
                {"project": {"name": "s3-%s", "domain_id": "default"}}""".formatted(suffix)), 201).json().path("project").path("id").asText();
        return user(projectId, "member");
    }

    /** A new user with {@code role} on a project. */
    Account user(String projectId, String role)
    {
        String suffix = suffix();
        String projectName = expect(admin.get("/identity/v3/projects/" + projectId), 200).json().path("project").path("name").asText();
        String password = "Secret-" + suffix;
        String userId = expect(admin.post("/identity/v3/users", """
                {"user": {"name": "s3-%s", "password": %s, "domain_id": "default"}}""".formatted(suffix, Json.string(password))), 201)
                .json().path("user").path("id").asText();
        String roleId = expect(admin.get("/identity/v3/roles?name=" + role), 200).json().path("roles").get(0).path("id").asText();
        expect(admin.put("/identity/v3/projects/" + projectId + "/users/" + userId + "/roles/" + roleId, null), 204);
        Http http = server.http();
        http.login("s3-" + suffix, password, projectName);
        var ec2 = expect(admin.post("/identity/v3/users/" + userId + "/credentials/OS-EC2", "{\"tenant_id\": %s}".formatted(Json.string(projectId))), 201)
                .json().path("credential");
        String access = ec2.path("access").asText();
        String secret = ec2.path("secret").asText();
        return new Account(userId, projectId, access, secret, http, client(access, secret));
    }

    S3Client client(String access, String secret)
    {
        return S3Client.builder()
                .endpointOverride(URI.create(server.baseUrl() + "/s3"))
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(access, secret)))
                .forcePathStyle(true)
                .build();
    }

    /** Hand-made, signed requests of an account, for bodies and headers an SDK never sends. */
    RawS3Client raw(Account account)
    {
        URI base = URI.create(server.baseUrl());
        return new RawS3Client(base.getHost(), base.getPort(), account.access(), account.secret(), REGION);
    }

    static String bucketName()
    {
        return "b-" + suffix() + suffix().substring(0, 6);
    }

    private static String suffix()
    {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    static Http.Response expect(Http.Response response, int status)
    {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }

    static void assertS3Error(Runnable call, int status, String code)
    {
        assertThatThrownBy(call::run)
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> {
                    S3Exception s3 = (S3Exception) e;
                    assertThat(s3.statusCode()).as(s3.getMessage()).isEqualTo(status);
                    if (code != null) {
                        assertThat(s3.awsErrorDetails().errorCode()).isEqualTo(code);
                    }
                });
    }

    @Override
    public void close()
    {
        server.close();
    }
}

package io.xloud.objectstore;

import io.xloud.core.auth.AuthContext;
import io.xloud.core.auth.TokenValidator;
import io.xloud.core.config.XloudConfig;
import io.xloud.core.events.EventPublisher;
import io.xloud.core.db.Database;
import io.xloud.core.error.ApiException;
import io.xloud.core.module.ModuleHost;
import io.xloud.core.module.XloudModule;
import io.xloud.objectstore.s3.S3Credentials;
import io.xloud.objectstore.s3.S3Secret;
import io.xloud.objectstore.s3.SignatureV4;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/** Object storage started alone: a fake token validator for Swift, fake S3 credentials for S3, no Identity. */
class ObjectStoreModuleAloneTest
{
    @TempDir
    Path dataDir;

    private Database database;
    private ModuleHost host;
    private final FakeS3Credentials credentials = new FakeS3Credentials();
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start()
            throws Exception
    {
        ObjectStoreXloudModule objects = new ObjectStoreXloudModule();
        XloudConfig config = XloudConfig.of(XloudModule.settings(List.of(objects)),
                Map.of("listen", "127.0.0.1:0", "data_dir", dataDir.toString(), "s3_listen", "127.0.0.1:0"));
        database = Database.open(Database.embeddedUrl(dataDir), "", "", 4);
        host = ModuleHost.builder(config, database)
                .module(objects)
                .port(TokenValidator.class, new FakeTokens())
                .port(S3Credentials.class, credentials)
                .port(EventPublisher.class, EventPublisher.none())
                .start();
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

    private HttpResponse<String> swift(String method, String path, String token, String body)
            throws Exception
    {
        return client.send(HttpRequest.newBuilder(URI.create(host.publicUrl() + "/object-store/v1/AUTH_p1" + path))
                .header("X-Auth-Token", token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void swiftStoresAndServesObjectsForAFakeToken()
            throws Exception
    {
        assertThat(swift("PUT", "/photos", "member,reader", null).statusCode()).isEqualTo(201);
        assertThat(swift("PUT", "/photos/cat.txt", "member,reader", "meow").statusCode()).isEqualTo(201);

        HttpResponse<String> read = swift("GET", "/photos/cat.txt", "reader", null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("meow");
        assertThat(swift("PUT", "/photos/dog.txt", "reader", "woof").statusCode()).isEqualTo(403);
        assertThat(swift("GET", "/photos/cat.txt", "bad", null).statusCode()).isEqualTo(401);
    }

    @Test
    void s3AsksTheS3CredentialsPortForTheAccessKey()
            throws Exception
    {
        HttpResponse<String> response = client.send(signedLooking(host.publicUrl() + "/s3/photos"), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<Error>").contains("<Code>InvalidAccessKeyId</Code>");
        assertThat(credentials.asked).containsExactly("AKIDUNKNOWN");
    }

    @Test
    void theS3ListenerServesS3AtItsRoot()
            throws Exception
    {
        int port = host.listenerPort("s3").orElseThrow();
        HttpResponse<String> response = client.send(signedLooking("http://127.0.0.1:" + port + "/photos"), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>InvalidAccessKeyId</Code>");
    }

    /** A request in SigV4's shape for a key the fake does not know; the signature is never checked. */
    private static HttpRequest signedLooking(String url)
    {
        Instant now = Instant.now();
        String date = SignatureV4.AMZ_DATE.format(now);
        return HttpRequest.newBuilder(URI.create(url))
                .header("x-amz-date", date)
                .header("x-amz-content-sha256", SignatureV4.EMPTY_SHA256)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDUNKNOWN/" + date.substring(0, 8) + "/RegionOne/s3/aws4_request, "
                        + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + "0".repeat(64))
                .build();
    }

    private static final class FakeS3Credentials
            implements S3Credentials
    {
        final Queue<String> asked = new ConcurrentLinkedQueue<>();

        @Override
        public Optional<S3Secret> find(String accessKey)
        {
            asked.add(accessKey);
            return Optional.empty();
        }
    }

    /** Tokens are the caller's roles on project p1, comma-separated; "bad" does not validate. */
    private static final class FakeTokens
            implements TokenValidator
    {
        @Override
        public AuthContext validate(String token)
        {
            if (token.equals("bad")) {
                throw ApiException.unauthorized("The request you have made requires authentication.");
            }
            List<AuthContext.Role> roles = Arrays.stream(token.split(",")).map(role -> new AuthContext.Role(role, role)).toList();
            return new AuthContext("u1", "user", "default", "Default", Optional.of("p1"), Optional.of("project"), Optional.of("default"),
                    Optional.of("Default"), Optional.empty(), Optional.empty(), false, roles, List.of("password"), Instant.now(),
                    Instant.now().plusSeconds(3600), List.of("a"), Optional.empty(), Optional.empty(), token);
        }
    }
}

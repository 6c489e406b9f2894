package io.xloud.testing.objectstore;

import io.xloud.testing.objectstore.S3Accounts.Account;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.GetBucketCorsResponse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.xloud.testing.objectstore.S3Accounts.assertS3Error;
import static io.xloud.testing.objectstore.S3Accounts.bucketName;
import static org.assertj.core.api.Assertions.assertThat;

/** Bucket CORS: the configuration through the AWS SDK, preflights and actual requests as a browser sends them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3CorsTest
{
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private S3Accounts accounts;
    private Account alice;
    private RawS3Client raw;

    @BeforeAll
    void start()
    {
        accounts = new S3Accounts(Map.of());
        alice = accounts.newProjectMember();
        raw = accounts.raw(alice);
    }

    @AfterAll
    void stop()
    {
        alice.close();
        accounts.close();
    }

    private String bucketWithRules()
    {
        String bucket = bucketName();
        alice.s3().createBucket(b -> b.bucket(bucket));
        alice.s3().putBucketCors(b -> b.bucket(bucket).corsConfiguration(c -> c.corsRules(
                CORSRule.builder().id("app").allowedOrigins("https://app.example.com").allowedMethods("GET", "PUT")
                        .allowedHeaders("content-type", "x-amz-*").exposeHeaders("ETag").maxAgeSeconds(600).build(),
                CORSRule.builder().allowedOrigins("*").allowedMethods("GET").build())));
        return bucket;
    }

    private HttpResponse<String> preflight(String path, Map<String, String> headers)
            throws Exception
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(accounts.server.baseUrl() + path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String code(HttpResponse<String> response)
    {
        String body = response.body();
        int start = body.indexOf("<Code>");
        return start < 0 ? "" : body.substring(start + "<Code>".length(), body.indexOf("</Code>"));
    }

    @Test
    void aConfigurationIsPutReadAndDeleted()
    {
        String bucket = bucketWithRules();

        GetBucketCorsResponse read = alice.s3().getBucketCors(b -> b.bucket(bucket));

        assertThat(read.corsRules()).hasSize(2);
        CORSRule first = read.corsRules().getFirst();
        assertThat(first.id()).isEqualTo("app");
        assertThat(first.allowedOrigins()).containsExactly("https://app.example.com");
        assertThat(first.allowedMethods()).containsExactly("GET", "PUT");
        assertThat(first.allowedHeaders()).containsExactly("content-type", "x-amz-*");
        assertThat(first.exposeHeaders()).containsExactly("ETag");
        assertThat(first.maxAgeSeconds()).isEqualTo(600);

        alice.s3().deleteBucketCors(b -> b.bucket(bucket));
        assertS3Error(() -> alice.s3().getBucketCors(b -> b.bucket(bucket)), 404, "NoSuchCORSConfiguration");
    }

    @Test
    void preflightsAreAnsweredFromTheMatchingRule()
            throws Exception
    {
        String bucket = bucketWithRules();

        HttpResponse<String> allowed = preflight("/s3/" + bucket + "/some/key", Map.of("Origin", "https://app.example.com",
                "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "Content-Type, X-Amz-Date"));

        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example.com");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods")).contains("GET, PUT");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers")).contains("Content-Type, X-Amz-Date");
        assertThat(allowed.headers().firstValue("Access-Control-Expose-Headers")).contains("ETag");
        assertThat(allowed.headers().firstValue("Access-Control-Max-Age")).contains("600");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");

        HttpResponse<String> anyOrigin = preflight("/s3/" + bucket, Map.of("Origin", "https://elsewhere.example.org",
                "Access-Control-Request-Method", "GET"));
        assertThat(anyOrigin.statusCode()).isEqualTo(200);
        assertThat(anyOrigin.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(anyOrigin.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }

    @Test
    void preflightsNoRuleAllowsAreForbidden()
            throws Exception
    {
        String bucket = bucketWithRules();
        List<Map<String, String>> refused = List.of(
                Map.of("Origin", "https://elsewhere.example.org", "Access-Control-Request-Method", "PUT"),
                Map.of("Origin", "https://app.example.com", "Access-Control-Request-Method", "DELETE"),
                Map.of("Origin", "https://app.example.com", "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "x-custom"));
        for (Map<String, String> headers : refused) {
            HttpResponse<String> response = preflight("/s3/" + bucket + "/k", headers);
            assertThat(response.statusCode()).as(headers.toString()).isEqualTo(403);
            assertThat(code(response)).isEqualTo("AccessForbidden");
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }

        String plain = bucketName();
        alice.s3().createBucket(b -> b.bucket(plain));
        HttpResponse<String> noConfiguration = preflight("/s3/" + plain, Map.of("Origin", "https://app.example.com", "Access-Control-Request-Method", "GET"));
        assertThat(noConfiguration.statusCode()).isEqualTo(403);
        assertThat(code(noConfiguration)).isEqualTo("AccessForbidden");

        HttpResponse<String> noOrigin = preflight("/s3/" + bucket, Map.of("Access-Control-Request-Method", "GET"));
        assertThat(noOrigin.statusCode()).isEqualTo(400);
        assertThat(code(noOrigin)).isEqualTo("BadRequest");
        HttpResponse<String> noMethod = preflight("/s3/" + bucket, Map.of("Origin", "https://app.example.com"));
        assertThat(noMethod.statusCode()).isEqualTo(400);
        HttpResponse<String> noBucket = preflight("/s3/" + bucketName(), Map.of("Origin", "https://app.example.com", "Access-Control-Request-Method", "GET"));
        assertThat(noBucket.statusCode()).isEqualTo(404);
        assertThat(code(noBucket)).isEqualTo("NoSuchBucket");
    }

    @Test
    void actualRequestsWithAnOriginGetTheRulesHeaders()
            throws Exception
    {
        String bucket = bucketWithRules();
        alice.s3().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("data"));

        RawS3Client.Response allowed = raw.send("GET", "/s3/" + bucket + "/k", "", Map.of("Origin", "https://app.example.com"), new byte[0], Instant.now());
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).contains("https://app.example.com");
        assertThat(allowed.header("Access-Control-Expose-Headers")).contains("ETag");

        RawS3Client.Response other = raw.send("DELETE", "/s3/" + bucket + "/k", "", Map.of("Origin", "https://app.example.com"), new byte[0], Instant.now());
        assertThat(other.status()).isEqualTo(204);
        assertThat(other.header("Access-Control-Allow-Origin")).isEmpty();

        RawS3Client.Response noOrigin = raw.send("HEAD", "/s3/" + bucket, "", Map.of(), new byte[0], Instant.now());
        assertThat(noOrigin.header("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void invalidConfigurationsAreRefusedAsS3Does()
            throws Exception
    {
        String bucket = bucketName();
        alice.s3().createBucket(b -> b.bucket(bucket));
        Map<String, String> cases = Map.of(
                "<CORSConfiguration><CORSRule><AllowedMethod>PATCH</AllowedMethod><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>", "InvalidRequest",
                "<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod><AllowedOrigin>*.*</AllowedOrigin></CORSRule></CORSConfiguration>", "InvalidRequest",
                "<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod><AllowedOrigin>*</AllowedOrigin><AllowedHeader>a*b*</AllowedHeader></CORSRule></CORSConfiguration>", "InvalidRequest",
                "<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>", "MalformedXML",
                "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>", "MalformedXML",
                "<CORSConfiguration></CORSConfiguration>", "MalformedXML",
                "<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod><AllowedOrigin>*</AllowedOrigin><MaxAgeSeconds>soon</MaxAgeSeconds></CORSRule></CORSConfiguration>", "MalformedXML",
                "<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod><AllowedOrigin>*</AllowedOrigin><Bogus/></CORSRule></CORSConfiguration>", "MalformedXML",
                "<CORSConfiguration><CORSRule>", "MalformedXML",
                "", "MalformedXML");
        for (Map.Entry<String, String> entry : cases.entrySet()) {
            RawS3Client.Response response = raw.send("PUT", "/s3/" + bucket, "cors", Map.of(), entry.getKey().getBytes(StandardCharsets.UTF_8), Instant.now());
            assertThat(response.status()).as(entry.getKey()).isEqualTo(400);
            assertThat(response.code()).as(entry.getKey()).isEqualTo(entry.getValue());
        }
        List<CORSRule> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(CORSRule.builder().allowedOrigins("https://" + i + ".example.com").allowedMethods("GET").build());
        }
        assertS3Error(() -> alice.s3().putBucketCors(b -> b.bucket(bucket).corsConfiguration(c -> c.corsRules(tooMany))), 400, "InvalidRequest");
        assertS3Error(() -> alice.s3().getBucketCors(b -> b.bucket(bucket)), 404, "NoSuchCORSConfiguration");
        try (Account bob = accounts.newProjectMember()) {
            assertS3Error(() -> bob.s3().getBucketCors(b -> b.bucket(bucket)), 403, "AccessDenied");
        }
    }
}

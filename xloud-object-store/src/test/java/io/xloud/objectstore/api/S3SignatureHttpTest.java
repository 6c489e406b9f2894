package io.xloud.objectstore.api;

import io.xloud.objectstore.s3.PostPolicy;
import io.xloud.objectstore.s3.SignatureV2;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Signature Version 2 (header, presigned URL, POST form) and the region of SigV4 scopes, over HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3SignatureHttpTest
{
    @TempDir
    static Path dataDir;

    private S3TestHost host;
    private S3TestHost.Client member;

    @BeforeAll
    void start()
            throws Exception
    {
        host = new S3TestHost(dataDir);
        member = host.member();
    }

    @AfterAll
    void stop()
            throws Exception
    {
        host.close();
    }

    private String newBucket()
            throws Exception
    {
        String bucket = "b-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(member.v4("PUT", "/s3/" + bucket).status()).isEqualTo(200);
        return bucket;
    }

    private S3TestHost.Response v2(S3TestHost.Client client, String method, String path, String query, Map<String, String> headers, byte[] body)
            throws Exception
    {
        return client.send(method, path, query, client.signV2(method, path + subResources(query), headers, Instant.now()), body);
    }

    private static String subResources(String query)
    {
        return SignatureV2.canonicalResource("", query).substring(1);
    }

    // ---- V2 in the Authorization header

    @Test
    void v2HeaderAuthWritesAndReadsObjects()
            throws Exception
    {
        String bucket = newBucket();
        Map<String, String> headers = Map.of("Content-Type", "text/plain", "x-amz-meta-color", "blue", "Content-MD5",
                Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("MD5").digest("hello".getBytes(StandardCharsets.UTF_8))));

        S3TestHost.Response put = v2(member, "PUT", "/s3/" + bucket + "/dir/a%20b.txt", "", headers, "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(put.status()).as(put.body()).isEqualTo(200);

        S3TestHost.Response get = v2(member, "GET", "/s3/" + bucket + "/dir/a%20b.txt", "", Map.of(), new byte[0]);
        assertThat(get.status()).as(get.body()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("hello");
        assertThat(get.header("x-amz-meta-color")).contains("blue");

        S3TestHost.Response acl = v2(member, "GET", "/s3/" + bucket + "/dir/a%20b.txt", "acl", Map.of(), new byte[0]);
        assertThat(acl.status()).as(acl.body()).isEqualTo(200);
        S3TestHost.Response list = v2(member, "GET", "/s3/" + bucket, "prefix=dir%2F&max-keys=5", Map.of(), new byte[0]);
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.body()).contains("<Key>dir/a b.txt</Key>");
    }

    @Test
    void v2WithXAmzDateSignsAnEmptyDateLine()
            throws Exception
    {
        String bucket = newBucket();
        String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().atOffset(java.time.ZoneOffset.UTC));

        S3TestHost.Response response = v2(member, "GET", "/s3/" + bucket, "", Map.of("x-amz-date", date), new byte[0]);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    @Test
    void v2WrongSignatureIsRefusedWithTheStringToSign()
            throws Exception
    {
        String bucket = newBucket();
        S3TestHost.Client wrong = member.withSecret("not-the-secret");
        Map<String, String> headers = wrong.signV2("GET", "/s3/" + bucket, Map.of("x-amz-meta-a", "1"), Instant.now());

        S3TestHost.Response response = wrong.send("GET", "/s3/" + bucket, "", headers, new byte[0]);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(response.element("StringToSign")).isEqualTo("GET\n\n\n" + headers.get("date") + "\nx-amz-meta-a:1\n/s3/" + bucket);
        assertThat(response.element("AWSAccessKeyId")).isEqualTo(S3TestHost.MEMBER);
        assertThat(response.element("SignatureProvided")).isEqualTo(headers.get("authorization").substring(("AWS " + S3TestHost.MEMBER + ":").length()));
        assertThat(response.element("StringToSignBytes")).startsWith("47 45 54 0a");
    }

    @Test
    void v2TamperedRequestDoesNotMatch()
            throws Exception
    {
        String bucket = newBucket();
        Map<String, String> headers = new LinkedHashMap<>(member.signV2("PUT", "/s3/" + bucket + "/k", Map.of("Content-Type", "text/plain"), Instant.now()));
        headers.put("content-type", "text/html");

        S3TestHost.Response response = member.send("PUT", "/s3/" + bucket + "/k", "", headers, new byte[] {1});

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.code()).isEqualTo("SignatureDoesNotMatch");
    }

    @Test
    void v2MalformedOrUnknownOrUndatedRequestsGetS3Errors()
            throws Exception
    {
        S3TestHost.Response malformed = member.send("GET", "/s3/", "", Map.of("Authorization", "AWS nocolon",
                "Date", "Tue, 27 Mar 2007 19:36:42 +0000"), new byte[0]);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.code()).isEqualTo("InvalidArgument");

        S3TestHost.Client unknown = new S3TestHost.Client("127.0.0.1", host.port(), "AKNOBODY", "x");
        S3TestHost.Response unknownKey = unknown.send("GET", "/s3/", "", unknown.signV2("GET", "/s3/", Map.of(), Instant.now()), new byte[0]);
        assertThat(unknownKey.status()).isEqualTo(403);
        assertThat(unknownKey.code()).isEqualTo("InvalidAccessKeyId");

        S3TestHost.Response undated = member.send("GET", "/s3/", "", Map.of("Authorization", "AWS " + S3TestHost.MEMBER + ":abc="), new byte[0]);
        assertThat(undated.status()).isEqualTo(403);
        assertThat(undated.code()).isEqualTo("AccessDenied");
        assertThat(undated.element("Message")).isEqualTo("AWS authentication requires a valid Date or x-amz-date header");

        S3TestHost.Response skewed = member.send("GET", "/s3/", "", member.signV2("GET", "/s3/", Map.of(), Instant.now().minusSeconds(3600)),
                new byte[0]);
        assertThat(skewed.status()).isEqualTo(403);
        assertThat(skewed.code()).isEqualTo("RequestTimeTooSkewed");

        S3TestHost.Response both = member.send("GET", "/s3/", "AWSAccessKeyId=" + S3TestHost.MEMBER + "&Expires=1&Signature=x",
                member.signV2("GET", "/s3/", Map.of(), Instant.now()), new byte[0]);
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.code()).isEqualTo("InvalidArgument");
    }

    @Test
    void hostileV2InputIsAlwaysAnS3ErrorNeverA500()
            throws Exception
    {
        String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().atOffset(java.time.ZoneOffset.UTC));
        for (String authorization : java.util.List.of("AWS ", "AWS :", "AWS AK:", "AWS :sig", "AWS " + S3TestHost.MEMBER + ":" + "x".repeat(5000),
                "AWS " + S3TestHost.MEMBER + ":\u00e9\u00e9", "AWS a:b:c", "AWS   " + S3TestHost.MEMBER + "  :  abc=  ")) {
            S3TestHost.Response response = member.send("GET", "/s3/", "acl=%zz&uploadId=%", Map.of("Authorization", authorization, "Date", date),
                    new byte[0]);
            assertThat(response.status()).as(authorization).isBetween(400, 499);
            assertThat(response.body()).as(authorization).contains("<Error><Code>");
        }
        for (String query : java.util.List.of("AWSAccessKeyId=", "Signature=", "AWSAccessKeyId=" + S3TestHost.MEMBER + "&Signature=x&Expires=99999999999999999999",
                "AWSAccessKeyId=" + S3TestHost.MEMBER + "&Signature=x&Expires=-5", "AWSAccessKeyId=" + S3TestHost.MEMBER + "&Signature=%&Expires=4102444800",
                "AWSAccessKeyId=%C3%28&Signature=x&Expires=4102444800")) {
            S3TestHost.Response response = member.send("GET", "/s3/", query, Map.of(), new byte[0]);
            assertThat(response.status()).as(query).isBetween(400, 499);
            assertThat(response.body()).as(query).contains("<Error><Code>");
        }
    }

    @Test
    void v2ReaderCannotWrite()
            throws Exception
    {
        String bucket = newBucket();
        S3TestHost.Response response = v2(host.reader(), "PUT", "/s3/" + bucket + "/k", "", Map.of(), new byte[] {1});

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.code()).isEqualTo("AccessDenied");
    }

    @Test
    void v2AtTheListenerSignsTheBucketPathWhetherAddressedByPathOrHost()
            throws Exception
    {
        String bucket = newBucket();
        assertThat(member.v4("PUT", "/s3/" + bucket + "/k", "", "at root".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        S3TestHost.Client listener = new S3TestHost.Client("127.0.0.1", host.listenerPort(), S3TestHost.MEMBER, S3TestHost.SECRET);

        S3TestHost.Response pathStyle = listener.send("GET", "/" + bucket + "/k", "", listener.signV2("GET", "/" + bucket + "/k", Map.of(), Instant.now()),
                new byte[0]);
        assertThat(pathStyle.status()).as(pathStyle.body()).isEqualTo(200);
        assertThat(pathStyle.body()).isEqualTo("at root");

        Map<String, String> virtual = listener.signV2("GET", "/" + bucket + "/k", Map.of("Host", bucket + ".localhost:" + host.listenerPort()),
                Instant.now());
        S3TestHost.Response hostStyle = listener.send("GET", "/k", "", virtual, new byte[0]);
        assertThat(hostStyle.status()).as(hostStyle.body()).isEqualTo(200);
        assertThat(hostStyle.body()).isEqualTo("at root");
    }

    // ---- V2 presigned URLs

    @Test
    void v2PresignedGetAndPutWork()
            throws Exception
    {
        String bucket = newBucket();
        String path = "/s3/" + bucket + "/shared.txt";
        long expires = Instant.now().getEpochSecond() + 300;

        S3TestHost.Response put = member.send("PUT", path, member.presignV2("PUT", path, Map.of(), expires), Map.of(), "via url".getBytes(StandardCharsets.UTF_8));
        assertThat(put.status()).as(put.body()).isEqualTo(200);

        S3TestHost.Response get = member.send("GET", path, member.presignV2("GET", path, Map.of(), expires), Map.of(), new byte[0]);
        assertThat(get.status()).as(get.body()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("via url");

        S3TestHost.Response typed = member.send("GET", path, member.presignV2("GET", path + "?response-content-type=text/csv", Map.of(), expires)
                + "&response-content-type=text%2Fcsv", Map.of(), new byte[0]);
        assertThat(typed.status()).as(typed.body()).isEqualTo(200);
        assertThat(typed.header("Content-Type")).contains("text/csv");

        S3TestHost.Response otherMethod = member.send("DELETE", path, member.presignV2("GET", path, Map.of(), expires), Map.of(), new byte[0]);
        assertThat(otherMethod.status()).isEqualTo(403);
        assertThat(otherMethod.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(otherMethod.element("StringToSign")).isEqualTo("DELETE\n\n\n" + expires + "\n" + path);
    }

    @Test
    void v2PresignedUrlExpires()
            throws Exception
    {
        String bucket = newBucket();
        String path = "/s3/" + bucket + "/k";
        long expired = Instant.now().getEpochSecond() - 10;

        S3TestHost.Response response = member.send("GET", path, member.presignV2("GET", path, Map.of(), expired), Map.of(), new byte[0]);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.code()).isEqualTo("AccessDenied");
        assertThat(response.element("Message")).isEqualTo("Request has expired");
        assertThat(response.element("Expires")).isEqualTo(Instant.ofEpochSecond(expired).toString());

        S3TestHost.Response missing = member.send("GET", path, "AWSAccessKeyId=" + S3TestHost.MEMBER + "&Signature=abc", Map.of(), new byte[0]);
        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.code()).isEqualTo("AccessDenied");

        S3TestHost.Response badExpires = member.send("GET", path, "AWSAccessKeyId=" + S3TestHost.MEMBER + "&Signature=abc&Expires=soon", Map.of(),
                new byte[0]);
        assertThat(badExpires.status()).isEqualTo(403);
        assertThat(badExpires.code()).isEqualTo("AccessDenied");
    }

    // ---- V2 browser POST

    @Test
    void v2SignedPostFormUploads()
            throws Exception
    {
        String bucket = newBucket();
        String policy = Base64.getEncoder().encodeToString(("""
                {"expiration": "%s", "conditions": [{"bucket": "%s"}, ["starts-with", "$key", "up/"], {"success_action_status": "201"}]}"""
                .formatted(Instant.now().plusSeconds(600), bucket)).getBytes(StandardCharsets.UTF_8));

        S3TestHost.Response created = post(bucket, policy, SignatureV2.sign(S3TestHost.SECRET, policy));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.element("Key")).isEqualTo("up/file.txt");
        assertThat(member.v4("GET", "/s3/" + bucket + "/up/file.txt").body()).isEqualTo("form data");

        S3TestHost.Response wrong = post(bucket, policy, SignatureV2.sign("other", policy));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(wrong.element("StringToSign")).isEqualTo(policy);
        assertThat(PostPolicy.parse(policy)).isNotNull();
    }

    private S3TestHost.Response post(String bucket, String policy, String signature)
            throws Exception
    {
        String boundary = "----xloud" + UUID.randomUUID();
        StringBuilder form = new StringBuilder();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", "up/${filename}");
        fields.put("AWSAccessKeyId", S3TestHost.MEMBER);
        fields.put("policy", policy);
        fields.put("signature", signature);
        fields.put("success_action_status", "201");
        fields.forEach((name, value) -> form.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n").append(value).append("\r\n"));
        form.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file.txt\"\r\n")
                .append("Content-Type: text/plain\r\n\r\nform data\r\n--").append(boundary).append("--\r\n");
        return member.send("POST", "/s3/" + bucket, "", Map.of("Content-Type", "multipart/form-data; boundary=" + boundary),
                form.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void v4WrongSignatureShowsWhatWasSigned()
            throws Exception
    {
        S3TestHost.Response response = member.withSecret("wrong").v4("GET", "/s3/", "", Map.of(), new byte[0], S3TestHost.REGION);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(response.element("StringToSign")).startsWith("AWS4-HMAC-SHA256\n").contains("/RegionOne/s3/aws4_request\n");
        assertThat(response.element("CanonicalRequest")).startsWith("GET\n/s3/\n\nhost:");
        assertThat(response.element("AWSAccessKeyId")).isEqualTo(S3TestHost.MEMBER);
    }

    // ---- SigV4 scopes of another region

    @Test
    void v4HeaderForAnotherRegionIsMalformedAndNamesOurs()
            throws Exception
    {
        S3TestHost.Response response = member.v4("GET", "/s3/", "", Map.of(), new byte[0], "us-east-1");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("AuthorizationHeaderMalformed");
        assertThat(response.element("Message")).isEqualTo("The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'RegionOne'");
        assertThat(response.element("Region")).isEqualTo("RegionOne");
    }

    @Test
    void v4PresignedForAnotherRegionIsRefusedAndNamesOurs()
            throws Exception
    {
        String bucket = newBucket();
        String path = "/s3/" + bucket;

        S3TestHost.Response response = member.send("GET", path, member.presignV4("GET", path, Instant.now(), 300, "eu-west-1"), Map.of(), new byte[0]);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("AuthorizationQueryParametersError");
        assertThat(response.element("Message"))
                .isEqualTo("Error parsing the X-Amz-Credential parameter; the region 'eu-west-1' is wrong; expecting 'RegionOne'");
        assertThat(response.element("Region")).isEqualTo("RegionOne");
        assertThat(member.send("GET", path, member.presignV4("GET", path, Instant.now(), 300, "RegionOne"), Map.of(), new byte[0]).status())
                .isEqualTo(200);
    }
}

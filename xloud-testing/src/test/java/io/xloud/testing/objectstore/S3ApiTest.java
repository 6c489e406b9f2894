package io.xloud.testing.objectstore;

import io.xloud.core.json.Json;
import io.xloud.objectstore.s3.ChecksumAlgorithm;
import io.xloud.objectstore.s3.ChunkSigner;
import io.xloud.objectstore.s3.CredentialScope;
import io.xloud.objectstore.s3.PayloadMode;
import io.xloud.objectstore.s3.PostPolicy;
import io.xloud.objectstore.s3.SignatureV4;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The S3 face through the AWS SDK for Java v2 with its defaults (aws-chunked bodies with trailing CRC32
 * checksums, path-style under /s3), then through hand-made requests for everything a client can get wrong.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3ApiTest
{
    private static final String REGION = "RegionOne";

    private TestServer server;
    private Http admin;
    private Credential member;
    private S3Client s3;
    private RawS3Client raw;

    record Credential(String userId, String projectId, String access, String secret, Http http) {}

    @BeforeAll
    void start()
    {
        server = TestServer.start(Map.of("s3_listen", "127.0.0.1:0"));
        admin = server.admin();
        member = credential("member");
        s3 = client(member.access(), member.secret(), server.baseUrl() + "/s3");
        URI base = URI.create(server.baseUrl());
        raw = new RawS3Client(base.getHost(), base.getPort(), member.access(), member.secret(), REGION);
    }

    @AfterAll
    void stop()
    {
        s3.close();
        server.close();
    }

    /** A user with {@code role} on a new project, and an EC2 credential for it made through Identity's API. */
    private Credential credential(String role)
    {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String projectId = expect(admin.post("/identity/v3/projects", """
                {"project": {"name": "s3-%s", "domain_id": "default"}}""".formatted(suffix)), 201).json().path("project").path("id").asText();
        return credential(projectId, role);
    }

    /** A new user with {@code role} on a project, and an EC2 credential of theirs for it. */
    private Credential credential(String projectId, String role)
    {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String projectName = expect(admin.get("/identity/v3/projects/" + projectId), 200).json().path("project").path("name").asText();
        String password = "Secret-" + suffix;
        String userId = expect(admin.post("/identity/v3/users", """
                {"user": {"name": "s3-%s", "password": %s, "domain_id": "default"}}""".formatted(suffix, Json.string(password))), 201)
                .json().path("user").path("id").asText();
        String roleId = expect(admin.get("/identity/v3/roles?name=" + role), 200).json().path("roles").get(0).path("id").asText();
        expect(admin.put("/identity/v3/projects/" + projectId + "/users/" + userId + "/roles/" + roleId, null), 204);
        Http http = server.http();
        http.login("s3-" + suffix, password, projectName);
        // a member makes its own EC2 credential; for a reader, whom Keystone's policy does not let, an admin does
        Http maker = role.equals("reader") ? admin : http;
        var ec2 = expect(maker.post("/identity/v3/users/" + userId + "/credentials/OS-EC2", "{\"tenant_id\": %s}".formatted(Json.string(projectId))), 201)
                .json().path("credential");
        return new Credential(userId, projectId, ec2.path("access").asText(), ec2.path("secret").asText(), http);
    }

    private static Http.Response expect(Http.Response response, int status)
    {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }

    static S3Client client(String access, String secret, String endpoint)
    {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(access, secret)))
                .forcePathStyle(true)
                .build();
    }

    private static String bucketName()
    {
        return "b-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    private String newBucket()
    {
        String bucket = bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    private static void assertS3Error(Runnable call, int status, String code)
    {
        assertThatThrownBy(call::run)
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> {
                    S3Exception s3 = (S3Exception) e;
                    assertThat(s3.statusCode()).isEqualTo(status);
                    if (code != null) {
                        assertThat(s3.awsErrorDetails().errorCode()).isEqualTo(code);
                    }
                });
    }

    private static String md5Hex(byte[] data)
            throws Exception
    {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    private static byte[] randomBytes(int size, long seed)
    {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    // ---- buckets

    @Test
    void bucketsAreCreatedListedLocatedAndDeleted()
    {
        String bucket = bucketName();

        s3.createBucket(b -> b.bucket(bucket));

        assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains(bucket);
        s3.headBucket(b -> b.bucket(bucket));
        assertThat(s3.getBucketLocation(b -> b.bucket(bucket)).locationConstraintAsString()).isEqualTo(REGION);
        assertS3Error(() -> s3.createBucket(b -> b.bucket(bucket)), 409, "BucketAlreadyOwnedByYou");
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("x"));
        assertS3Error(() -> s3.deleteBucket(b -> b.bucket(bucket)), 409, "BucketNotEmpty");
        s3.deleteObject(b -> b.bucket(bucket).key("k"));
        s3.deleteBucket(b -> b.bucket(bucket));
        assertS3Error(() -> s3.headBucket(b -> b.bucket(bucket)), 404, null);
        assertS3Error(() -> s3.listObjectsV2(b -> b.bucket(bucket)), 404, "NoSuchBucket");
    }

    @Test
    void bucketNamesFollowS3Rules()
            throws Exception
    {
        // the SDK refuses most bad names itself; the server refuses them all the same
        for (String name : List.of("Not_Valid", "ab", "bad..dots", "192.168.1.1", "-dash")) {
            RawS3Client.Response response = raw.send("PUT", "/s3/" + name, "", Map.of(), new byte[0], Instant.now());
            assertThat(response.status()).as(name).isEqualTo(400);
            assertThat(response.code()).as(name).isEqualTo("InvalidBucketName");
        }
    }

    @Test
    void bucketsAreTheContainersOfTheCallersProjectOnly()
    {
        String bucket = newBucket();
        Credential other = credential("member");
        try (S3Client otherClient = client(other.access(), other.secret(), server.baseUrl() + "/s3")) {
            assertThat(otherClient.listBuckets().buckets()).extracting(Bucket::name).doesNotContain(bucket);
            // bucket names are one namespace: another project's bucket is there, and not theirs
            assertS3Error(() -> otherClient.headBucket(b -> b.bucket(bucket)), 403, null);
            assertS3Error(() -> otherClient.createBucket(b -> b.bucket(bucket)), 409, "BucketAlreadyExists");
        }
    }

    // ---- objects

    @Test
    void objectsRoundTripWithTheSdkDefaults()
            throws Exception
    {
        String bucket = newBucket();
        byte[] data = randomBytes(300_000, 1);

        var put = s3.putObject(b -> b.bucket(bucket).key("dir/data.bin").contentType("application/x-test").metadata(Map.of("color", "blue"))
                .cacheControl("max-age=60"), RequestBody.fromBytes(data));

        assertThat(put.eTag()).isEqualTo("\"" + md5Hex(data) + "\"");
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("dir/data.bin"));
        assertThat(got.asByteArray()).isEqualTo(data);
        assertThat(got.response().contentType()).isEqualTo("application/x-test");
        assertThat(got.response().metadata()).containsEntry("color", "blue");
        assertThat(got.response().cacheControl()).isEqualTo("max-age=60");
        assertThat(got.response().contentEncoding()).isNull();
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("dir/data.bin"));
        assertThat(head.contentLength()).isEqualTo(data.length);
        assertThat(head.eTag()).isEqualTo(put.eTag());
    }

    @Test
    void checksumsSentInATrailerAreStoredAndReturnedWhenAskedFor()
            throws Exception
    {
        String bucket = newBucket();
        byte[] data = randomBytes(200_000, 3);

        // the SDK's default: a CRC32 in the trailer of an aws-chunked body
        s3.putObject(b -> b.bucket(bucket).key("crc"), RequestBody.fromBytes(data));
        s3.putObject(b -> b.bucket(bucket).key("sha").checksumAlgorithm(ChecksumAlgorithm.SHA256.wireName()), RequestBody.fromBytes(data));

        // with its defaults the SDK validates a GET's body against the checksum it is given
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("crc")).asByteArray()).isEqualTo(data);
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("crc").checksumMode(ChecksumMode.ENABLED));
        assertThat(got.asByteArray()).isEqualTo(data);
        assertThat(got.response().checksumCRC32()).isEqualTo(ChecksumAlgorithm.CRC32.compute(data));
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("sha").checksumMode(ChecksumMode.ENABLED));
        assertThat(head.checksumSHA256()).isEqualTo(ChecksumAlgorithm.SHA256.compute(data));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("sha").checksumMode(ChecksumMode.ENABLED)).asByteArray()).isEqualTo(data);
        // a range is not the whole object: no checksum comes with it
        ResponseBytes<GetObjectResponse> range = s3.getObjectAsBytes(b -> b.bucket(bucket).key("crc").range("bytes=10-19")
                .checksumMode(ChecksumMode.ENABLED));
        assertThat(range.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(data, 10, 20));
        assertThat(range.response().checksumCRC32()).isNull();

        // without x-amz-checksum-mode, no checksum headers
        String path = "/s3/" + bucket + "/crc";
        RawS3Client.Response plain = raw.send("HEAD", path, "", Map.of(), new byte[0], Instant.now());
        RawS3Client.Response asked = raw.send("HEAD", path, "", Map.of("x-amz-checksum-mode", "ENABLED"), new byte[0], Instant.now());
        assertThat(plain.header("x-amz-checksum-crc32")).isEmpty();
        assertThat(asked.header("x-amz-checksum-crc32")).contains(ChecksumAlgorithm.CRC32.compute(data));

        // a copy keeps them
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("crc").destinationBucket(bucket).destinationKey("copy"));
        assertThat(s3.headObject(b -> b.bucket(bucket).key("copy").checksumMode(ChecksumMode.ENABLED)).checksumCRC32()).isEqualTo(ChecksumAlgorithm.CRC32.compute(data));
    }

    @Test
    void swiftLargeObjectsReadThroughS3AsTheirSegments()
    {
        String bucket = newBucket();
        String base = "/object-store/v1/AUTH_" + member.projectId() + "/" + bucket;
        Http swift = member.http();
        expect(swift.send("PUT", base + "/seg/1", "hello ", Map.of()), 201);
        expect(swift.send("PUT", base + "/seg/2", "world", Map.of()), 201);
        expect(swift.send("PUT", base + "/dlo", "", Map.of("X-Object-Manifest", bucket + "/seg/")), 201);
        expect(swift.send("PUT", base + "/slo?multipart-manifest=put", """
                [{"path": "/%s/seg/1"}, {"path": "/%s/seg/2", "range": "0-2"}]""".formatted(bucket, bucket), Map.of()), 201);
        String dloEtag = expect(swift.head(base + "/dlo"), 200).header("ETag").orElseThrow();
        String sloEtag = expect(swift.head(base + "/slo"), 200).header("ETag").orElseThrow();

        HeadObjectResponse dloHead = s3.headObject(b -> b.bucket(bucket).key("dlo"));
        assertThat(dloHead.contentLength()).isEqualTo(11);
        assertThat(dloHead.eTag()).isEqualTo(dloEtag);
        ResponseBytes<GetObjectResponse> dlo = s3.getObjectAsBytes(b -> b.bucket(bucket).key("dlo"));
        assertThat(dlo.asUtf8String()).isEqualTo("hello world");
        assertThat(dlo.response().eTag()).isEqualTo(dloEtag);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("dlo").range("bytes=3-7")).asUtf8String()).isEqualTo("lo wo");

        HeadObjectResponse sloHead = s3.headObject(b -> b.bucket(bucket).key("slo"));
        assertThat(sloHead.contentLength()).isEqualTo(9);
        assertThat(sloHead.eTag()).isEqualTo(sloEtag);
        ResponseBytes<GetObjectResponse> slo = s3.getObjectAsBytes(b -> b.bucket(bucket).key("slo"));
        assertThat(slo.asUtf8String()).isEqualTo("hello wor");
        assertThat(slo.response().eTag()).isEqualTo(sloEtag);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("slo").range("bytes=4-7")).asUtf8String()).isEqualTo("o wo");
        assertS3Error(() -> s3.getObject(b -> b.bucket(bucket).key("slo").ifMatch("\"0123\"")), 412, null);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("slo").ifMatch(sloEtag)).asUtf8String()).isEqualTo("hello wor");

        // a copy through S3 is of the bytes the large object serves
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("slo").destinationBucket(bucket).destinationKey("flat"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("flat")).asUtf8String()).isEqualTo("hello wor");
    }

    @Test
    void keysKeepEveryByte()
    {
        String bucket = newBucket();
        List<String> keys = List.of("a b+c", "dir/", "dir//double", "ünïcødé/€", "percent%2Fslash", "quote\"'&<>", "~tilde*star!(paren)", "x".repeat(1024));
        for (String key : keys) {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
        }
        for (String key : keys) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String()).isEqualTo(key);
        }
        assertThat(s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()).extracting(S3Object::key).containsExactlyInAnyOrderElementsOf(keys);
        assertS3Error(() -> s3.putObject(b -> b.bucket(bucket).key("x".repeat(1025)), RequestBody.fromString("too long")), 400, "KeyTooLongError");
    }

    @Test
    void missingObjectsAndBucketsAre404()
    {
        String bucket = newBucket();

        assertS3Error(() -> s3.getObject(b -> b.bucket(bucket).key("none")), 404, "NoSuchKey");
        assertS3Error(() -> s3.getObject(b -> b.bucket(bucketName()).key("none")), 404, "NoSuchBucket");
        assertS3Error(() -> s3.headObject(b -> b.bucket(bucket).key("none")), 404, null);
        // deleting what is not there succeeds, as in S3
        s3.deleteObject(b -> b.bucket(bucket).key("none"));
    }

    @Test
    void rangesAndConditionalRequests()
    {
        String bucket = newBucket();
        String etag = s3.putObject(b -> b.bucket(bucket).key("r"), RequestBody.fromString("0123456789")).eTag();

        var range = s3.getObjectAsBytes(b -> b.bucket(bucket).key("r").range("bytes=2-5"));
        assertThat(range.asUtf8String()).isEqualTo("2345");
        assertThat(range.response().contentRange()).isEqualTo("bytes 2-5/10");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("r").range("bytes=-3")).asUtf8String()).isEqualTo("789");
        assertS3Error(() -> s3.getObject(b -> b.bucket(bucket).key("r").range("bytes=10-")), 416, "InvalidRange");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("r").ifMatch(etag)).asUtf8String()).isEqualTo("0123456789");
        assertS3Error(() -> s3.getObject(b -> b.bucket(bucket).key("r").ifMatch("\"other\"")), 412, "PreconditionFailed");
        assertS3Error(() -> s3.getObject(b -> b.bucket(bucket).key("r").ifNoneMatch(etag)), 304, null);
        assertS3Error(() -> s3.getObject(b -> b.bucket(bucket).key("r").ifModifiedSince(Instant.now().plusSeconds(3600))), 304, null);
        assertS3Error(() -> s3.getObject(b -> b.bucket(bucket).key("r").ifUnmodifiedSince(Instant.now().minusSeconds(3600))), 412,
                "PreconditionFailed");
        assertS3Error(() -> s3.putObject(b -> b.bucket(bucket).key("r").ifNoneMatch("*"), RequestBody.fromString("again")), 412,
                "PreconditionFailed");
    }

    /** Writers released at once, each making its own request: the index of every writer whose request succeeded (the others got 412). */
    private static List<Integer> race(int writers, java.util.function.IntConsumer request)
            throws Exception
    {
        return ConditionalWriters.winners(writers, 200, writer -> {
            try {
                request.accept(writer);
                return 200;
            }
            catch (S3Exception e) {
                return e.statusCode();
            }
        });
    }

    @Test
    void concurrentConditionalWritesLetExactlyOneWin()
            throws Exception
    {
        String bucket = newBucket();
        // 20 rounds: a stale read let two writers through about once in 25 rounds before the fix of the database URL
        for (int round = 0; round < 20; round++) {
            String key = "lock-" + round;
            // create only if absent: one writer gets the name, the others 412
            List<Integer> created = race(8, writer -> s3.putObject(b -> b.bucket(bucket).key(key).ifNoneMatch("*"),
                    RequestBody.fromString("created by " + writer)));
            assertThat(created).as("round %d", round).hasSize(1);
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String()).isEqualTo("created by " + created.getFirst());

            // replace only what was read: of writers that all read the same ETag, one replaces it
            String read = s3.headObject(b -> b.bucket(bucket).key(key)).eTag();
            List<Integer> replaced = race(8, writer -> s3.putObject(b -> b.bucket(bucket).key(key).ifMatch(read),
                    RequestBody.fromString("replaced by " + writer)));
            assertThat(replaced).as("round %d", round).hasSize(1);
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String()).isEqualTo("replaced by " + replaced.getFirst());
        }
    }

    @Test
    void conditionalCopiesJudgeTheDestination()
    {
        String bucket = newBucket();
        s3.putObject(b -> b.bucket(bucket).key("source"), RequestBody.fromString("source"));
        String taken = s3.putObject(b -> b.bucket(bucket).key("taken"), RequestBody.fromString("taken")).eTag();
        // If-None-Match: * copies only to a free name
        assertS3Error(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("source").destinationBucket(bucket).destinationKey("taken")
                .ifNoneMatch("*")), 412, "PreconditionFailed");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("taken")).asUtf8String()).isEqualTo("taken");
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("source").destinationBucket(bucket).destinationKey("free").ifNoneMatch("*"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("free")).asUtf8String()).isEqualTo("source");
        // If-Match: replaces only the destination read
        assertS3Error(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("source").destinationBucket(bucket).destinationKey("taken")
                .ifMatch("\"0123456789abcdef0123456789abcdef\"")), 412, "PreconditionFailed");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("taken")).asUtf8String()).isEqualTo("taken");
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("source").destinationBucket(bucket).destinationKey("taken").ifMatch(taken));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("taken")).asUtf8String()).isEqualTo("source");
    }

    @Test
    void conditionalDeletesGoOnlyWhenTheETagMatches()
    {
        String bucket = newBucket();
        String etag = s3.putObject(b -> b.bucket(bucket).key("doc"), RequestBody.fromString("v1")).eTag();
        // a stale ETag: 412, and the object stays
        assertS3Error(() -> s3.deleteObject(b -> b.bucket(bucket).key("doc").ifMatch("\"0123456789abcdef0123456789abcdef\"")), 412,
                "PreconditionFailed");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("doc")).asUtf8String()).isEqualTo("v1");
        // the ETag read: it goes
        s3.deleteObject(b -> b.bucket(bucket).key("doc").ifMatch(etag));
        assertS3Error(() -> s3.headObject(b -> b.bucket(bucket).key("doc")), 404, null);
        // * asks only that there is an object; with none, a conditional delete is a 204 that changes nothing
        s3.putObject(b -> b.bucket(bucket).key("any"), RequestBody.fromString("x"));
        s3.deleteObject(b -> b.bucket(bucket).key("any").ifMatch("*"));
        assertS3Error(() -> s3.headObject(b -> b.bucket(bucket).key("any")), 404, null);
        s3.deleteObject(b -> b.bucket(bucket).key("never").ifMatch("*"));
        // conditions S3 has for directory buckets only, and a condition on a named version, are refused, not ignored
        s3.putObject(b -> b.bucket(bucket).key("kept"), RequestBody.fromString("kept"));
        assertS3Error(() -> s3.deleteObject(b -> b.bucket(bucket).key("kept").ifMatchSize(4L)), 501, "NotImplemented");
        assertS3Error(() -> s3.deleteObject(b -> b.bucket(bucket).key("kept").ifMatch("*").versionId("null")), 501, "NotImplemented");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("kept")).asUtf8String()).isEqualTo("kept");

        // DeleteObjects: each key's ETag decides for that key alone
        String a = s3.putObject(b -> b.bucket(bucket).key("a"), RequestBody.fromString("a")).eTag();
        s3.putObject(b -> b.bucket(bucket).key("b"), RequestBody.fromString("b"));
        DeleteObjectsResponse batch = s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(
                ObjectIdentifier.builder().key("a").eTag(a).build(),
                ObjectIdentifier.builder().key("b").eTag(a).build()).build()));
        assertThat(batch.deleted()).extracting(d -> d.key()).containsExactly("a");
        assertThat(batch.errors()).extracting(e -> e.key() + " " + e.code()).containsExactly("b PreconditionFailed");
        assertS3Error(() -> s3.headObject(b -> b.bucket(bucket).key("a")), 404, null);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("b")).asUtf8String()).isEqualTo("b");
    }

    @Test
    void aConditionalDeleteInAVersionedBucketMarksOnlyWhatMatches()
    {
        String bucket = newBucket();
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        // no object: no delete marker either
        s3.deleteObject(b -> b.bucket(bucket).key("doc").ifMatch("*"));
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket)).deleteMarkers()).isEmpty();
        String etag = s3.putObject(b -> b.bucket(bucket).key("doc"), RequestBody.fromString("v1")).eTag();
        assertS3Error(() -> s3.deleteObject(b -> b.bucket(bucket).key("doc").ifMatch("\"0123456789abcdef0123456789abcdef\"")), 412,
                "PreconditionFailed");
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket)).deleteMarkers()).isEmpty();
        assertThat(s3.deleteObject(b -> b.bucket(bucket).key("doc").ifMatch(etag)).deleteMarker()).isTrue();
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket)).deleteMarkers()).hasSize(1);
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket)).versions()).extracting(v -> v.eTag()).containsExactly(etag);
    }

    @Test
    void concurrentConditionalDeletesAndWritesJudgeTheSameObject()
            throws Exception
    {
        String bucket = newBucket();
        for (int round = 0; round < 10; round++) {
            String key = "race-" + round;
            String read = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("first")).eTag();
            // of six writers and two deleters that all read the same ETag, one acts on it (or both deletes, the second finding nothing)
            List<Integer> winners = race(8, writer -> {
                if (writer % 4 == 0) {
                    s3.deleteObject(b -> b.bucket(bucket).key(key).ifMatch(read));
                }
                else {
                    s3.putObject(b -> b.bucket(bucket).key(key).ifMatch(read), RequestBody.fromString("replaced by " + writer));
                }
            });
            List<Integer> deletes = winners.stream().filter(writer -> writer % 4 == 0).toList();
            List<Integer> writes = winners.stream().filter(writer -> writer % 4 != 0).toList();
            if (writes.isEmpty()) {
                // a delete won: the others found either no object (204, nothing done) or none matching; the name is gone
                assertThat(deletes).as("round %d", round).isNotEmpty();
                assertS3Error(() -> s3.headObject(b -> b.bucket(bucket).key(key)), 404, null);
            }
            else {
                // a write won: no delete went through after it, and no other write
                assertThat(writes).as("round %d", round).hasSize(1);
                assertThat(deletes).as("round %d", round).isEmpty();
                assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String()).isEqualTo("replaced by " + writes.getFirst());
            }
        }
    }

    @Test
    void anAppendIsRefusedAndLeavesTheObjectAsItWas()
            throws Exception
    {
        String bucket = newBucket();
        s3.putObject(b -> b.bucket(bucket).key("log"), RequestBody.fromString("line 1\n"));
        RawS3Client.Response append = raw.send("PUT", "/s3/" + bucket + "/log", "", Map.of("x-amz-write-offset-bytes", "7"),
                "line 2\n".getBytes(StandardCharsets.UTF_8), Instant.now());
        assertThat(append.status()).as(append.body()).isEqualTo(501);
        assertThat(append.code()).isEqualTo("NotImplemented");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("log")).asUtf8String()).isEqualTo("line 1\n");
    }

    @Test
    void writesThatAskForServerSideEncryptionAreRefusedAndStoreNothing()
            throws Exception
    {
        String bucket = newBucket();
        s3.putObject(b -> b.bucket(bucket).key("plain"), RequestBody.fromString("plain"));
        assertS3Error(() -> s3.putObject(b -> b.bucket(bucket).key("sse").serverSideEncryption(ServerSideEncryption.AES256),
                RequestBody.fromString("secret")), 501, "NotImplemented");
        assertS3Error(() -> s3.putObject(b -> b.bucket(bucket).key("kms").serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId("key-1"),
                RequestBody.fromString("secret")), 501, "NotImplemented");
        assertS3Error(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("plain").destinationBucket(bucket).destinationKey("copy")
                .serverSideEncryption(ServerSideEncryption.AES256)), 501, "NotImplemented");
        assertS3Error(() -> s3.createMultipartUpload(b -> b.bucket(bucket).key("parts").serverSideEncryption(ServerSideEncryption.AES256)),
                501, "NotImplemented");
        // SSE-C: the SDK sends a customer key only over HTTPS, so the request is made by hand
        byte[] key = randomBytes(32, 3);
        Map<String, String> customerKey = Map.of("x-amz-server-side-encryption-customer-algorithm", "AES256",
                "x-amz-server-side-encryption-customer-key", java.util.Base64.getEncoder().encodeToString(key),
                "x-amz-server-side-encryption-customer-key-md5", java.util.Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(key)));
        RawS3Client.Response ssec = raw.send("PUT", "/s3/" + bucket + "/ssec", "", customerKey, "secret".getBytes(StandardCharsets.UTF_8), Instant.now());
        assertThat(ssec.status()).as(ssec.body()).isEqualTo(501);
        assertThat(ssec.code()).isEqualTo("NotImplemented");
        // a customer key sent to read, or to copy from, an object not stored under one: 400, as S3 answers, not ignored
        RawS3Client.Response get = raw.send("GET", "/s3/" + bucket + "/plain", "", customerKey, new byte[0], Instant.now());
        assertThat(get.status()).as(get.body()).isEqualTo(400);
        assertThat(get.code()).isEqualTo("InvalidRequest");
        assertThat(raw.send("HEAD", "/s3/" + bucket + "/plain", "", customerKey, new byte[0], Instant.now()).status()).isEqualTo(400);
        Map<String, String> copyWithKey = new java.util.HashMap<>(Map.of("x-amz-copy-source", bucket + "/plain"));
        customerKey.forEach((name, value) -> copyWithKey.put(name.replace("x-amz-", "x-amz-copy-source-"), value));
        RawS3Client.Response copy = raw.send("PUT", "/s3/" + bucket + "/copied", "", copyWithKey, new byte[0], Instant.now());
        assertThat(copy.status()).as(copy.body()).isEqualTo(400);
        assertThat(copy.code()).isEqualTo("InvalidRequest");

        for (String name : new String[] {"sse", "kms", "copy", "parts", "ssec", "copied"}) {
            assertS3Error(() -> s3.headObject(b -> b.bucket(bucket).key(name)), 404, null);
        }
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    }

    @Test
    void copyKeepsOrReplacesMetadata()
    {
        String bucket = newBucket();
        s3.putObject(b -> b.bucket(bucket).key("src").contentType("text/plain").metadata(Map.of("a", "1")), RequestBody.fromString("copied"));

        var copy = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("same"));
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("replaced")
                .metadataDirective(MetadataDirective.REPLACE).contentType("text/html").metadata(Map.of("b", "2")));

        assertThat(copy.copyObjectResult().eTag()).isEqualTo(s3.headObject(b -> b.bucket(bucket).key("src")).eTag());
        HeadObjectResponse same = s3.headObject(b -> b.bucket(bucket).key("same"));
        assertThat(same.metadata()).isEqualTo(Map.of("a", "1"));
        assertThat(same.contentType()).isEqualTo("text/plain");
        HeadObjectResponse replaced = s3.headObject(b -> b.bucket(bucket).key("replaced"));
        assertThat(replaced.metadata()).isEqualTo(Map.of("b", "2"));
        assertThat(replaced.contentType()).isEqualTo("text/html");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("replaced")).asUtf8String()).isEqualTo("copied");
        assertS3Error(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("src")), 400,
                "InvalidRequest");
        assertS3Error(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("none").destinationBucket(bucket).destinationKey("x")), 404,
                "NoSuchKey");
    }

    @Test
    void deleteObjectsDeletesManyAtOnce()
    {
        String bucket = newBucket();
        for (String key : List.of("d1", "d2", "d3")) {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
        }

        DeleteObjectsResponse response = s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder()
                .objects(ObjectIdentifier.builder().key("d1").build(), ObjectIdentifier.builder().key("d3").build(),
                        ObjectIdentifier.builder().key("never").build()).build()));

        assertThat(response.deleted()).extracting(d -> d.key()).containsExactlyInAnyOrder("d1", "d3", "never");
        assertThat(response.errors()).isEmpty();
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key).containsExactly("d2");
    }

    // ---- listing

    @Test
    void listObjectsV2PagesWithDelimiterPrefixAndStartAfter()
    {
        String bucket = newBucket();
        for (String key : List.of("a/1", "a/2", "b/1", "c", "d", "e")) {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
        }

        ListObjectsV2Response first = s3.listObjectsV2(b -> b.bucket(bucket).delimiter("/").maxKeys(3));
        assertThat(first.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("a/", "b/");
        assertThat(first.contents()).extracting(S3Object::key).containsExactly("c");
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.keyCount()).isEqualTo(3);
        ListObjectsV2Response second = s3.listObjectsV2(b -> b.bucket(bucket).delimiter("/").maxKeys(3).continuationToken(first.nextContinuationToken()));
        assertThat(second.contents()).extracting(S3Object::key).containsExactly("d", "e");
        assertThat(second.isTruncated()).isFalse();

        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("a/")).contents()).extracting(S3Object::key).containsExactly("a/1", "a/2");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).startAfter("b/1")).contents()).extracting(S3Object::key).containsExactly("c", "d", "e");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).maxKeys(0)).contents()).isEmpty();
        assertThat(s3.listObjectsV2Paginator(b -> b.bucket(bucket).maxKeys(2)).contents()).hasSize(6);
        assertS3Error(() -> s3.listObjectsV2(b -> b.bucket(bucket).continuationToken("not a token!")), 400, "InvalidArgument");
    }

    @Test
    void listObjectsV1PagesWithMarkers()
    {
        String bucket = newBucket();
        for (String key : List.of("k1", "k2", "k3")) {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
        }

        var first = s3.listObjects(b -> b.bucket(bucket).maxKeys(2));
        assertThat(first.contents()).extracting(S3Object::key).containsExactly("k1", "k2");
        assertThat(first.isTruncated()).isTrue();
        assertThat(s3.listObjects(b -> b.bucket(bucket).marker("k2")).contents()).extracting(S3Object::key).containsExactly("k3");
        assertThat(s3.listObjects(b -> b.bucket(bucket).marker("k3")).contents()).isEmpty();
    }

    @Test
    void urlEncodedListingsCarryKeysXmlCannotHold()
            throws Exception
    {
        String bucket = newBucket();
        s3.putObject(b -> b.bucket(bucket).key("ctl\u0001key"), RequestBody.fromString("x"));

        RawS3Client.Response listing = raw.send("GET", "/s3/" + bucket, "list-type=2&encoding-type=url", Map.of(), new byte[0], Instant.now());

        assertThat(listing.status()).isEqualTo(200);
        assertThat(listing.body()).contains("<Key>ctl%01key</Key>").contains("<EncodingType>url</EncodingType>");
    }

    // ---- multipart

    @Test
    void multipartUploadJoinsPartsWithAnEtagOfMd5sAndCount()
            throws Exception
    {
        String bucket = newBucket();
        byte[] first = randomBytes(5 * 1024 * 1024, 2);
        byte[] second = randomBytes(1234, 3);

        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("big").contentType("application/x-big").metadata(Map.of("m", "v")))
                .uploadId();
        String etag1 = s3.uploadPart(b -> b.bucket(bucket).key("big").uploadId(uploadId).partNumber(1), RequestBody.fromBytes(first)).eTag();
        String etag2 = s3.uploadPart(b -> b.bucket(bucket).key("big").uploadId(uploadId).partNumber(2), RequestBody.fromBytes(second)).eTag();

        assertThat(s3.listParts(b -> b.bucket(bucket).key("big").uploadId(uploadId)).parts()).extracting(Part::partNumber).containsExactly(1, 2);
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).anySatisfy(u -> assertThat(u.uploadId()).isEqualTo(uploadId));

        var completed = s3.completeMultipartUpload(b -> b.bucket(bucket).key("big").uploadId(uploadId).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(etag1).build(), CompletedPart.builder().partNumber(2).eTag(etag2).build())));

        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update(HexFormat.of().parseHex(md5Hex(first)));
        md5.update(HexFormat.of().parseHex(md5Hex(second)));
        assertThat(completed.eTag()).isEqualTo("\"" + HexFormat.of().formatHex(md5.digest()) + "-2\"");
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.write(first);
        whole.write(second);
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("big"));
        assertThat(got.asByteArray()).isEqualTo(whole.toByteArray());
        assertThat(got.response().contentType()).isEqualTo("application/x-big");
        assertThat(got.response().metadata()).containsEntry("m", "v");
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
        assertS3Error(() -> s3.uploadPart(b -> b.bucket(bucket).key("big").uploadId(uploadId).partNumber(3), RequestBody.fromString("late")), 404,
                "NoSuchUpload");
        // the parts are gone with the upload: the bucket holds the one object
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key).containsExactly("big");
    }

    @Test
    void aConditionalCompletionThatFailsJoinsNothingAndTheUploadStays()
    {
        String bucket = newBucket();
        String existing = s3.putObject(b -> b.bucket(bucket).key("m"), RequestBody.fromString("first")).eTag();
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("m")).uploadId();
        String part = s3.uploadPart(b -> b.bucket(bucket).key("m").uploadId(uploadId).partNumber(1), RequestBody.fromString("joined")).eTag();
        CompletedPart only = CompletedPart.builder().partNumber(1).eTag(part).build();

        assertS3Error(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("m").uploadId(uploadId).ifNoneMatch("*")
                .multipartUpload(m -> m.parts(only))), 412, "PreconditionFailed");
        assertS3Error(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("m").uploadId(uploadId).ifMatch("\"0000\"")
                .multipartUpload(m -> m.parts(only))), 412, "PreconditionFailed");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("m")).asUtf8String()).isEqualTo("first");
        assertThat(s3.listParts(b -> b.bucket(bucket).key("m").uploadId(uploadId)).parts()).hasSize(1);

        s3.completeMultipartUpload(b -> b.bucket(bucket).key("m").uploadId(uploadId).ifMatch(existing).multipartUpload(m -> m.parts(only)));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("m")).asUtf8String()).isEqualTo("joined");
    }

    @Test
    void multipartUploadRefusesBadPartListsAndCanBeAborted()
    {
        String bucket = newBucket();
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("m")).uploadId();
        String etag1 = s3.uploadPart(b -> b.bucket(bucket).key("m").uploadId(uploadId).partNumber(1), RequestBody.fromString("small")).eTag();
        String etag2 = s3.uploadPart(b -> b.bucket(bucket).key("m").uploadId(uploadId).partNumber(2), RequestBody.fromString("tail")).eTag();

        assertS3Error(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("m").uploadId(uploadId).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(2).eTag(etag2).build(), CompletedPart.builder().partNumber(1).eTag(etag1).build()))), 400,
                "InvalidPartOrder");
        assertS3Error(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("m").uploadId(uploadId).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag("\"0000\"").build()))), 400, "InvalidPart");
        assertS3Error(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("m").uploadId(uploadId).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(etag1).build(), CompletedPart.builder().partNumber(2).eTag(etag2).build()))), 400,
                "EntityTooSmall");

        s3.abortMultipartUpload(b -> b.bucket(bucket).key("m").uploadId(uploadId));

        assertS3Error(() -> s3.listParts(b -> b.bucket(bucket).key("m").uploadId(uploadId)), 404, "NoSuchUpload");
        assertS3Error(() -> s3.abortMultipartUpload(b -> b.bucket(bucket).key("m").uploadId("0".repeat(32))), 404, "NoSuchUpload");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }

    @Test
    void uploadPartCopyTakesARangeOfAnotherObject()
    {
        String bucket = newBucket();
        s3.putObject(b -> b.bucket(bucket).key("source"), RequestBody.fromString("0123456789"));
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("assembled")).uploadId();

        String etag = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("source").destinationBucket(bucket).destinationKey("assembled")
                .uploadId(uploadId).partNumber(1).copySourceRange("bytes=3-6")).copyPartResult().eTag();
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("assembled").uploadId(uploadId).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(etag).build())));

        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("assembled")).asUtf8String()).isEqualTo("3456");
    }

    // ---- presigned URLs

    @Test
    void presignedUrlsGetAndPut()
            throws Exception
    {
        String bucket = newBucket();
        HttpClient http = HttpClient.newHttpClient();
        try (S3Presigner presigner = S3Presigner.builder().endpointOverride(URI.create(server.baseUrl() + "/s3")).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(member.access(), member.secret())))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
            URI put = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5)).putObjectRequest(r -> r.bucket(bucket).key("pre")))
                    .url().toURI();
            assertThat(http.send(HttpRequest.newBuilder(put).PUT(HttpRequest.BodyPublishers.ofString("presigned")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            URI get = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5)).getObjectRequest(r -> r.bucket(bucket).key("pre")))
                    .url().toURI();
            assertThat(http.send(HttpRequest.newBuilder(get).build(), HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("presigned");
        }
    }

    @Test
    void expiredAndTamperedPresignedUrlsAreRefused()
            throws Exception
    {
        String bucket = newBucket();
        s3.putObject(b -> b.bucket(bucket).key("p"), RequestBody.fromString("p"));
        String path = "/s3/" + bucket + "/p";

        RawS3Client.Response fresh = raw.send("GET", path, raw.presign("GET", path, Instant.now().minusSeconds(30), 60), Map.of(), new byte[0]);
        RawS3Client.Response expired = raw.send("GET", path, raw.presign("GET", path, Instant.now().minusSeconds(7200), 3600), Map.of(), new byte[0]);
        RawS3Client.Response tooLong = raw.send("GET", path, raw.presign("GET", path, Instant.now(), 604_801), Map.of(), new byte[0]);
        RawS3Client.Response otherKey = raw.send("GET", "/s3/" + bucket + "/q", raw.presign("GET", path, Instant.now(), 60), Map.of(), new byte[0]);

        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.body()).isEqualTo("p");
        assertThat(expired.status()).isEqualTo(403);
        assertThat(expired.code()).isEqualTo("AccessDenied");
        assertThat(expired.body()).contains("Request has expired");
        assertThat(tooLong.code()).isEqualTo("AuthorizationQueryParametersError");
        assertThat(otherKey.code()).isEqualTo("SignatureDoesNotMatch");
    }

    // ---- bad input

    @Test
    void badSignaturesUnknownKeysAndSkewedClocksAreRefused()
            throws Exception
    {
        String path = "/s3";
        RawS3Client.Response wrongSecret = raw.withSecret("not-the-secret").send("GET", path, "", Map.of(), new byte[0], Instant.now());
        RawS3Client.Response skewed = raw.send("GET", path, "", Map.of(), new byte[0], Instant.now().minus(Duration.ofMinutes(20)));
        RawS3Client.Response anonymous = raw.send("GET", path, "", Map.of(), new byte[0]);

        assertThat(wrongSecret.status()).isEqualTo(403);
        assertThat(wrongSecret.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(wrongSecret.header("x-amz-request-id")).isPresent();
        assertThat(wrongSecret.body()).contains("<RequestId>").contains("<Resource>/</Resource>");
        assertThat(skewed.status()).isEqualTo(403);
        assertThat(skewed.code()).isEqualTo("RequestTimeTooSkewed");
        assertThat(anonymous.status()).isEqualTo(403);
        assertThat(anonymous.code()).isEqualTo("AccessDenied");
        try (S3Client unknown = client("AKIAUNKNOWNKEY", "whatever", server.baseUrl() + "/s3")) {
            assertS3Error(unknown::listBuckets, 403, "InvalidAccessKeyId");
        }
    }

    @Test
    void wrongChecksumsStoreNothing()
    {
        String bucket = newBucket();

        assertS3Error(() -> s3.putObject(b -> b.bucket(bucket).key("c").checksumCRC32("AAAAAA=="), RequestBody.fromString("data")), 400, "BadDigest");
        assertS3Error(() -> s3.putObject(b -> b.bucket(bucket).key("c").contentMD5("1B2M2Y8AsgTpgAmY7PhCfg=="), RequestBody.fromString("data")), 400,
                "BadDigest");
        assertS3Error(() -> s3.putObject(b -> b.bucket(bucket).key("c").contentMD5("not-base64"), RequestBody.fromString("data")), 400,
                "InvalidDigest");
        assertS3Error(() -> s3.headObject(b -> b.bucket(bucket).key("c")), 404, null);
    }

    @Test
    void aSignedPayloadHashThatDoesNotMatchStoresNothing()
            throws Exception
    {
        String bucket = newBucket();
        String path = "/s3/" + bucket + "/h";
        Instant now = Instant.now();
        Map<String, String> headers = raw.sign("PUT", path, "", Map.of(), SignatureV4.sha256Hex("expected".getBytes(StandardCharsets.UTF_8)), now);

        RawS3Client.Response response = raw.send("PUT", path, "", headers, "different".getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("XAmzContentSHA256Mismatch");
        assertS3Error(() -> s3.headObject(b -> b.bucket(bucket).key("h")), 404, null);
    }

    /** An aws-chunked body signed chunk by chunk, with a CRC32 trailer, as the SDKs frame it. */
    private byte[] chunkedBody(ChunkSigner signer, List<byte[]> chunks, String crc32, boolean finalChunk)
    {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            String signature = signer.signChunk(SignatureV4.sha256().digest(chunk));
            body.writeBytes((Integer.toHexString(chunk.length) + ";chunk-signature=" + signature + "\r\n").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(chunk);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        if (finalChunk) {
            String signature = signer.signChunk(SignatureV4.sha256().digest(new byte[0]));
            body.writeBytes(("0;chunk-signature=" + signature + "\r\n").getBytes(StandardCharsets.US_ASCII));
            String trailer = "x-amz-checksum-crc32:" + crc32 + "\n";
            String trailerSignature = signer.signTrailer(SignatureV4.sha256().digest(trailer.getBytes(StandardCharsets.US_ASCII)));
            body.writeBytes((trailer.replace("\n", "\r\n") + "x-amz-trailer-signature:" + trailerSignature + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        return body.toByteArray();
    }

    private RawS3Client.Response putChunked(String path, List<byte[]> chunks, long decodedLength, String crc32, boolean finalChunk,
            Consumer<Map<String, String>> tamper)
            throws Exception
    {
        Instant now = Instant.now();
        Map<String, String> headers = raw.sign("PUT", path, "", Map.of(
                "content-encoding", "aws-chunked",
                "x-amz-decoded-content-length", Long.toString(decodedLength),
                "x-amz-trailer", "x-amz-checksum-crc32",
                "x-amz-sdk-checksum-algorithm", "CRC32"), PayloadMode.STREAMING_SIGNED_TRAILER_VALUE, now);
        byte[] body = chunkedBody(raw.chunkSigner(headers, now), chunks, crc32, finalChunk);
        tamper.accept(headers);
        return raw.send("PUT", path, "", headers, body);
    }

    @Test
    void signedChunkedBodiesAreCheckedChunkByChunk()
            throws Exception
    {
        String bucket = newBucket();
        byte[] a = randomBytes(70_000, 4);
        byte[] b = randomBytes(10_000, 5);
        byte[] whole = new byte[a.length + b.length];
        System.arraycopy(a, 0, whole, 0, a.length);
        System.arraycopy(b, 0, whole, a.length, b.length);
        String crc = ChecksumAlgorithm.CRC32.compute(whole);

        RawS3Client.Response good = putChunked("/s3/" + bucket + "/good", List.of(a, b), whole.length, crc, true, h -> { });
        RawS3Client.Response badCrc = putChunked("/s3/" + bucket + "/bad-crc", List.of(a, b), whole.length, "AAAAAA==", true, h -> { });
        RawS3Client.Response truncated = putChunked("/s3/" + bucket + "/truncated", List.of(a, b), whole.length, crc, false, h -> { });
        RawS3Client.Response shortLength = putChunked("/s3/" + bucket + "/short", List.of(a), whole.length, ChecksumAlgorithm.CRC32.compute(a), true,
                h -> { });

        assertThat(good.status()).as(good.body()).isEqualTo(200);
        assertThat(good.header("x-amz-checksum-crc32")).contains(crc);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key("good")).asByteArray()).isEqualTo(whole);
        assertThat(badCrc.code()).isEqualTo("BadDigest");
        assertThat(truncated.code()).isEqualTo("IncompleteBody");
        assertThat(shortLength.code()).isEqualTo("IncompleteBody");
        assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).contents()).extracting(S3Object::key).containsExactly("good");
    }

    @Test
    void aTamperedChunkIsASignatureMismatch()
            throws Exception
    {
        String bucket = newBucket();
        String path = "/s3/" + bucket + "/tampered";
        Instant now = Instant.now();
        byte[] data = randomBytes(1000, 6);
        Map<String, String> headers = raw.sign("PUT", path, "", Map.of("content-encoding", "aws-chunked",
                "x-amz-decoded-content-length", "1000"), PayloadMode.STREAMING_SIGNED_VALUE, now);
        ChunkSigner signer = raw.chunkSigner(headers, now);
        String signature = signer.signChunk(SignatureV4.sha256().digest(data));
        data[10] ^= 1;
        String finalSignature = signer.signChunk(SignatureV4.sha256().digest(new byte[0]));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("3e8;chunk-signature=" + signature + "\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(data);
        body.writeBytes(("\r\n0;chunk-signature=" + finalSignature + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

        RawS3Client.Response response = raw.send("PUT", path, "", headers, body.toByteArray());

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.code()).isEqualTo("SignatureDoesNotMatch");
        assertS3Error(() -> s3.headObject(r -> r.bucket(bucket).key("tampered")), 404, null);
    }

    @Test
    void unsignedChunkedBodiesWithATrailerAreChecked()
            throws Exception
    {
        String bucket = newBucket();
        byte[] data = "unsigned trailer body".getBytes(StandardCharsets.US_ASCII);
        for (String crc : List.of(ChecksumAlgorithm.CRC32.compute(data), "AAAAAA==")) {
            String path = "/s3/" + bucket + "/u-" + crc.replace("=", "").replace("/", "");
            Map<String, String> headers = raw.sign("PUT", path, "", Map.of("content-encoding", "aws-chunked",
                    "x-amz-decoded-content-length", Integer.toString(data.length), "x-amz-trailer", "x-amz-checksum-crc32"),
                    PayloadMode.STREAMING_UNSIGNED_TRAILER_VALUE, Instant.now());
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(data);
            body.writeBytes(("\r\n0\r\nx-amz-checksum-crc32:" + crc + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

            RawS3Client.Response response = raw.send("PUT", path, "", headers, body.toByteArray());

            if (crc.equals("AAAAAA==")) {
                assertThat(response.code()).isEqualTo("BadDigest");
            }
            else {
                assertThat(response.status()).as(response.body()).isEqualTo(200);
            }
        }
        assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).contents()).hasSize(1);
    }

    @Test
    void aBodyShorterThanItsContentLengthStoresNothing()
            throws Exception
    {
        String bucket = newBucket();
        String path = "/s3/" + bucket + "/short";
        Map<String, String> headers = new java.util.HashMap<>(raw.sign("PUT", path, "", Map.of(), SignatureV4.UNSIGNED_PAYLOAD, Instant.now()));
        headers.put("content-length", "1000");

        RawS3Client.Response response = raw.send("PUT", path, "", headers, "only ten b".getBytes(StandardCharsets.US_ASCII));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("IncompleteBody");
        assertS3Error(() -> s3.headObject(r -> r.bucket(bucket).key("short")), 404, null);
    }

    @Test
    void malformedXmlIsRefused()
            throws Exception
    {
        String bucket = newBucket();
        s3.putObject(b -> b.bucket(bucket).key("keep"), RequestBody.fromString("keep"));
        for (String document : List.of("<Delete><Object><Key>keep</Key>", "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Delete><Object><Key>&x;</Key></Object></Delete>", "<Delete></Delete>")) {
            RawS3Client.Response response = raw.send("POST", "/s3/" + bucket, "delete", Map.of(), document.getBytes(StandardCharsets.UTF_8),
                    Instant.now());
            assertThat(response.status()).as(document).isEqualTo(400);
            assertThat(response.code()).as(document).isEqualTo("MalformedXML");
        }
        RawS3Client.Response badConfiguration = raw.send("PUT", "/s3/" + bucketName(), "", Map.of(), "<CreateBucketConfiguration>".getBytes(
                StandardCharsets.UTF_8), Instant.now());
        assertThat(badConfiguration.code()).isEqualTo("MalformedXML");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("keep")).asUtf8String()).isEqualTo("keep");
    }

    // ---- roles

    @Test
    void readersReadAndMembersWrite()
    {
        String bucket = newBucket();
        s3.putObject(b -> b.bucket(bucket).key("shared"), RequestBody.fromString("shared"));
        Credential reader = credential(member.projectId(), "reader");
        try (S3Client readerClient = client(reader.access(), reader.secret(), server.baseUrl() + "/s3")) {
            assertThat(readerClient.listBuckets().buckets()).extracting(Bucket::name).contains(bucket);
            assertThat(readerClient.getObjectAsBytes(b -> b.bucket(bucket).key("shared")).asUtf8String()).isEqualTo("shared");
            assertS3Error(() -> readerClient.putObject(b -> b.bucket(bucket).key("nope"), RequestBody.fromString("x")), 403, "AccessDenied");
            assertS3Error(() -> readerClient.deleteObject(b -> b.bucket(bucket).key("shared")), 403, "AccessDenied");
            assertS3Error(() -> readerClient.createBucket(b -> b.bucket(bucketName())), 403, "AccessDenied");
        }
        Credential outsider = credential("member");
        try (S3Client outsiderClient = client(outsider.access(), outsider.secret(), server.baseUrl() + "/s3")) {
            assertS3Error(() -> outsiderClient.getObject(b -> b.bucket(bucket).key("shared")), 403, "AccessDenied");
        }
    }

    // ---- the S3 listener

    @Test
    void theS3ListenerServesPathStyleAndVirtualHostedStyleAtItsRoot()
            throws Exception
    {
        int port = server.platform().listenerPort("s3").orElseThrow();
        String bucket = newBucket();
        s3.putObject(b -> b.bucket(bucket).key("dir/v"), RequestBody.fromString("virtual"));

        try (S3Client root = client(member.access(), member.secret(), "http://127.0.0.1:" + port)) {
            assertThat(root.getObjectAsBytes(b -> b.bucket(bucket).key("dir/v")).asUtf8String()).isEqualTo("virtual");
            root.putObject(b -> b.bucket(bucket).key("from-root"), RequestBody.fromString("root"));
            assertThat(root.listBuckets().buckets()).extracting(Bucket::name).contains(bucket);
        }
        RawS3Client virtual = new RawS3Client("127.0.0.1", port, member.access(), member.secret(), REGION);
        Map<String, String> headers = new java.util.HashMap<>(Map.of("host", bucket + ".localhost:" + port));
        Map<String, String> signed = virtual.sign("GET", "/dir/v", "", headers, SignatureV4.EMPTY_SHA256, Instant.now());
        RawS3Client.Response response = virtual.send("GET", "/dir/v", "", signed, new byte[0]);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("virtual");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("from-root")).asUtf8String()).isEqualTo("root");
    }

    // ---- browser POST uploads

    /** A form's fields with the policy, credential and signature a browser page would carry, for a policy of {@code conditions}. */
    private Map<String, String> postFields(String bucket, Instant expiration, String conditions, Map<String, String> fields, String secret)
    {
        Instant now = Instant.now();
        CredentialScope scope = new CredentialScope(SignatureV4.AMZ_DATE.format(now).substring(0, 8), REGION, "s3");
        String credential = member.access() + "/" + scope;
        String date = SignatureV4.AMZ_DATE.format(now);
        String policy = PostPolicy.encode("""
                {"expiration": "%s", "conditions": [{"bucket": "%s"}, {"x-amz-algorithm": "AWS4-HMAC-SHA256"}, {"x-amz-credential": "%s"},
                 {"x-amz-date": "%s"}%s]}""".formatted(expiration, bucket, credential, date, conditions.isEmpty() ? "" : ", " + conditions));
        Map<String, String> all = new java.util.LinkedHashMap<>(fields);
        all.put("x-amz-algorithm", "AWS4-HMAC-SHA256");
        all.put("x-amz-credential", credential);
        all.put("x-amz-date", date);
        all.put("policy", policy);
        all.put("x-amz-signature", PostPolicy.signature(SignatureV4.signingKey(secret, scope), policy));
        return all;
    }

    /** POSTs a multipart/form-data body built by hand: the fields, then the file, then (to be ignored) one more field. */
    private RawS3Client.Response postForm(String bucket, Map<String, String> fields, String filename, byte[] file)
            throws Exception
    {
        String boundary = "----xloud" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n" + field.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(file);
        body.write(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"submit\"\r\n\r\nUpload\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8));
        return raw.send("POST", "/s3/" + bucket, "", Map.of("content-type", "multipart/form-data; boundary=" + boundary), body.toByteArray());
    }

    @Test
    void browserPostUploadsStoreTheFileUnderTheFormsKey()
            throws Exception
    {
        String bucket = newBucket();
        Instant expiration = Instant.now().plusSeconds(600);
        byte[] file = randomBytes(300_000, 7);
        // the file holds what looks like a boundary, without the CRLF before it
        System.arraycopy("--not-the-boundary\r\n".getBytes(StandardCharsets.US_ASCII), 0, file, 1000, 20);
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("key", "uploads/${filename}");
        fields.put("Content-Type", "image/png");
        fields.put("x-amz-meta-color", "blue");
        fields.put("success_action_status", "201");
        RawS3Client.Response created = postForm(bucket, postFields(bucket, expiration, """
                ["starts-with", "$key", "uploads/"], ["starts-with", "$Content-Type", "image/"], {"x-amz-meta-color": "blue"},
                {"success_action_status": "201"}, ["content-length-range", 1, 1048576]""", fields, member.secret()), "photo 1.png", file);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("<PostResponse").contains("<Bucket>" + bucket + "</Bucket>").contains("<Key>uploads/photo 1.png</Key>")
                .contains("<ETag>\"" + md5Hex(file) + "\"</ETag>");
        assertThat(created.header("etag")).contains("\"" + md5Hex(file) + "\"");
        assertThat(created.header("location")).hasValueSatisfying(location -> assertThat(location).endsWith("/s3/" + bucket + "/uploads/photo%201.png"));
        ResponseBytes<GetObjectResponse> stored = s3.getObjectAsBytes(b -> b.bucket(bucket).key("uploads/photo 1.png"));
        assertThat(stored.asByteArray()).isEqualTo(file);
        assertThat(stored.response().contentType()).isEqualTo("image/png");
        assertThat(stored.response().metadata()).containsEntry("color", "blue");

        Map<String, String> plain = new java.util.LinkedHashMap<>(Map.of("key", "plain"));
        RawS3Client.Response noContent = postForm(bucket, postFields(bucket, expiration, "{\"key\": \"plain\"}", plain, member.secret()), "x", file);
        assertThat(noContent.status()).as(noContent.body()).isEqualTo(204);

        Map<String, String> redirected = new java.util.LinkedHashMap<>(Map.of("key", "r", "success_action_redirect", "http://example.com/done?x=1"));
        RawS3Client.Response redirect = postForm(bucket, postFields(bucket, expiration,
                "[\"eq\", \"$key\", \"r\"], [\"starts-with\", \"$success_action_redirect\", \"http://example.com/\"]", redirected, member.secret()), "x",
                "r".getBytes(StandardCharsets.UTF_8));
        assertThat(redirect.status()).as(redirect.body()).isEqualTo(303);
        assertThat(redirect.header("location")).contains("http://example.com/done?x=1&bucket=" + bucket + "&key=r&etag=%22" + md5Hex("r".getBytes(StandardCharsets.UTF_8))
                + "%22");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("r")).asUtf8String()).isEqualTo("r");
    }

    @Test
    void browserPostWithAnOversizedFieldIsMalformed()
            throws Exception
    {
        String bucket = newBucket();
        Map<String, String> fields = new java.util.HashMap<>(postFields(bucket, Instant.now().plusSeconds(600), "[\"starts-with\", \"$key\", \"\"]",
                Map.of("key", "k"), member.secret()));
        fields.put("x-amz-meta-big", "b".repeat(70 * 1024));
        RawS3Client.Response response = postForm(bucket, fields, "f", "file".getBytes(StandardCharsets.UTF_8));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("MalformedPOSTRequest");
        assertS3Error(() -> s3.headObject(b -> b.bucket(bucket).key("k")), 404, null);
    }

    @Test
    void browserPostThatAsksForALockStoresNothing()
            throws Exception
    {
        String bucket = newBucket();
        Map<String, String> fields = new java.util.LinkedHashMap<>(Map.of("key", "k", "x-amz-object-lock-legal-hold", "ON"));
        RawS3Client.Response response = postForm(bucket, postFields(bucket, Instant.now().plusSeconds(600),
                "[\"eq\", \"$key\", \"k\"], {\"x-amz-object-lock-legal-hold\": \"ON\"}", fields, member.secret()), "f",
                "file".getBytes(StandardCharsets.UTF_8));
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("InvalidRequest");
        assertThat(response.body()).contains("Bucket is missing Object Lock Configuration");
        assertS3Error(() -> s3.headObject(b -> b.bucket(bucket).key("k")), 404, null);
    }

    @Test
    void browserPostUploadsThatBreakTheirPolicyStoreNothing()
            throws Exception
    {
        String bucket = newBucket();
        Instant expiration = Instant.now().plusSeconds(600);
        byte[] file = "0123456789".getBytes(StandardCharsets.UTF_8);
        Map<String, String> fields = Map.of("key", "k");
        String keyCondition = "[\"starts-with\", \"$key\", \"\"]";

        RawS3Client.Response expired = postForm(bucket, postFields(bucket, Instant.now().minusSeconds(5), keyCondition, fields, member.secret()), "f", file);
        RawS3Client.Response wrongKey = postForm(bucket, postFields(bucket, expiration, "{\"key\": \"other\"}", fields, member.secret()), "f", file);
        RawS3Client.Response otherBucket = postForm(newBucket(), postFields(bucket, expiration, keyCondition, fields, member.secret()), "f", file);
        RawS3Client.Response extraField = postForm(bucket, postFields(bucket, expiration, keyCondition, Map.of("key", "k", "acl", "private"),
                member.secret()), "f", file);
        RawS3Client.Response badSignature = postForm(bucket, postFields(bucket, expiration, keyCondition, fields, "not-the-secret"), "f", file);
        RawS3Client.Response tooLarge = postForm(bucket, postFields(bucket, expiration, keyCondition + ", [\"content-length-range\", 0, 9]", fields,
                member.secret()), "f", file);
        RawS3Client.Response tooSmall = postForm(bucket, postFields(bucket, expiration, keyCondition + ", [\"content-length-range\", 11, 100]", fields,
                member.secret()), "f", file);

        assertThat(expired.status()).isEqualTo(403);
        assertThat(expired.code()).isEqualTo("AccessDenied");
        assertThat(expired.body()).contains("Invalid according to Policy: Policy expired.");
        assertThat(wrongKey.code()).isEqualTo("AccessDenied");
        assertThat(wrongKey.body()).containsAnyOf("Invalid according to Policy: Policy Condition failed: {&quot;key&quot;:&quot;other&quot;}",
                "Invalid according to Policy: Policy Condition failed: {\"key\":\"other\"}");
        assertThat(otherBucket.code()).isEqualTo("AccessDenied");
        assertThat(extraField.code()).isEqualTo("AccessDenied");
        assertThat(extraField.body()).contains("Extra input fields: acl");
        assertThat(badSignature.status()).isEqualTo(403);
        assertThat(badSignature.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.code()).isEqualTo("EntityTooLarge");
        assertThat(tooSmall.status()).isEqualTo(400);
        assertThat(tooSmall.code()).isEqualTo("EntityTooSmall");
        assertS3Error(() -> s3.headObject(b -> b.bucket(bucket).key("k")), 404, null);
    }
}

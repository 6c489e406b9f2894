package io.xloud.objectstore.api;

import io.xloud.objectstore.s3.MultipartUploads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** GET/HEAD ?partNumber, CompleteMultipartUpload retried, and encoding-type in listings, over HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3MultipartPartsHttpTest
{
    private static final int FIRST = (int) MultipartUploads.MIN_PART_SIZE;

    @TempDir
    static Path dataDir;

    private S3TestHost host;
    private S3TestHost.Client member;
    private final byte[] part1 = bytes(FIRST, 1);
    private final byte[] part2 = bytes(1000, 2);

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

    private static byte[] bytes(int size, long seed)
    {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private String newBucket()
            throws Exception
    {
        String bucket = "b-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(member.v4("PUT", "/s3/" + bucket).status()).isEqualTo(200);
        return bucket;
    }

    private record Uploaded(String uploadId, String completeBody, S3TestHost.Response completed) {}

    private Uploaded multipart(String path)
            throws Exception
    {
        S3TestHost.Response created = member.v4("POST", path, "uploads", new byte[0]);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String uploadId = created.element("UploadId");
        StringBuilder complete = new StringBuilder("<CompleteMultipartUpload>");
        int number = 1;
        for (byte[] part : List.of(part1, part2)) {
            S3TestHost.Response put = member.v4("PUT", path, "partNumber=" + number + "&uploadId=" + uploadId, part);
            assertThat(put.status()).as(put.body()).isEqualTo(200);
            complete.append("<Part><PartNumber>").append(number).append("</PartNumber><ETag>").append(put.header("ETag").orElseThrow())
                    .append("</ETag></Part>");
            number++;
        }
        String body = complete.append("</CompleteMultipartUpload>").toString();
        S3TestHost.Response completed = member.v4("POST", path, "uploadId=" + uploadId, body.getBytes(StandardCharsets.UTF_8));
        assertThat(completed.status()).as(completed.body()).isEqualTo(200);
        return new Uploaded(uploadId, body, completed);
    }

    // ---- partNumber

    @Test
    void partsOfAMultipartObjectAreServedOneByOne()
            throws Exception
    {
        String path = "/s3/" + newBucket() + "/big";
        multipart(path);
        long total = part1.length + part2.length;

        S3TestHost.Response first = member.v4("GET", path, "partNumber=1", new byte[0]);
        assertThat(first.status()).isEqualTo(206);
        assertThat(first.header("Content-Range")).contains("bytes 0-" + (FIRST - 1) + "/" + total);
        assertThat(first.header("x-amz-mp-parts-count")).contains("2");
        assertThat(first.header("ETag").orElseThrow()).endsWith("-2\"");
        assertThat(first.bytes()).isEqualTo(part1);

        S3TestHost.Response second = member.v4("GET", path, "partNumber=2", new byte[0]);
        assertThat(second.status()).isEqualTo(206);
        assertThat(second.header("Content-Range")).contains("bytes " + FIRST + "-" + (total - 1) + "/" + total);
        assertThat(second.bytes()).isEqualTo(part2);

        S3TestHost.Response head = member.v4("HEAD", path, "partNumber=2", new byte[0]);
        assertThat(head.status()).isEqualTo(206);
        assertThat(head.header("Content-Length")).contains(Integer.toString(part2.length));
        assertThat(head.header("x-amz-mp-parts-count")).contains("2");

        S3TestHost.Response beyond = member.v4("GET", path, "partNumber=3", new byte[0]);
        assertThat(beyond.status()).isEqualTo(416);
        assertThat(beyond.code()).isEqualTo("InvalidPartNumber");
        assertThat(member.v4("HEAD", path, "partNumber=3", new byte[0]).status()).isEqualTo(416);
    }

    @Test
    void partOneOfAnObjectNotUploadedInPartsIsTheWholeObject()
            throws Exception
    {
        String bucket = newBucket();
        String path = "/s3/" + bucket + "/small";
        assertThat(member.v4("PUT", path, "", "hello".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);

        S3TestHost.Response whole = member.v4("GET", path, "partNumber=1", new byte[0]);
        assertThat(whole.status()).isEqualTo(206);
        assertThat(whole.header("Content-Range")).contains("bytes 0-4/5");
        assertThat(whole.header("x-amz-mp-parts-count")).isEmpty();
        assertThat(whole.body()).isEqualTo("hello");

        S3TestHost.Response beyond = member.v4("GET", path, "partNumber=2", new byte[0]);
        assertThat(beyond.status()).isEqualTo(416);
        assertThat(beyond.code()).isEqualTo("InvalidPartNumber");

        assertThat(member.v4("PUT", "/s3/" + bucket + "/empty", "", new byte[0]).status()).isEqualTo(200);
        S3TestHost.Response empty = member.v4("GET", "/s3/" + bucket + "/empty", "partNumber=1", new byte[0]);
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.bytes()).isEmpty();
    }

    @Test
    void badPartNumbersAreS3Errors()
            throws Exception
    {
        String path = "/s3/" + newBucket() + "/k";
        assertThat(member.v4("PUT", path, "", "hello".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);

        for (String bad : List.of("0", "10001", "abc", "", "-1", "99999999999")) {
            S3TestHost.Response response = member.v4("GET", path, "partNumber=" + bad, new byte[0]);
            assertThat(response.status()).as(bad).isEqualTo(400);
            assertThat(response.code()).as(bad).isEqualTo("InvalidArgument");
        }
        S3TestHost.Response withRange = member.v4("GET", path, "partNumber=1", Map.of("Range", "bytes=0-1"), new byte[0], S3TestHost.REGION);
        assertThat(withRange.status()).isEqualTo(400);
        assertThat(withRange.code()).isEqualTo("InvalidRequest");
    }

    // ---- CompleteMultipartUpload retried

    @Test
    void completingAgainAnswersAsTheFirstTime()
            throws Exception
    {
        String path = "/s3/" + newBucket() + "/retried";
        Uploaded uploaded = multipart(path);

        S3TestHost.Response again = member.v4("POST", path, "uploadId=" + uploaded.uploadId(), uploaded.completeBody().getBytes(StandardCharsets.UTF_8));

        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.element("ETag")).isEqualTo(uploaded.completed().element("ETag"));
        assertThat(again.element("Key")).isEqualTo("retried");
        byte[] whole = member.v4("GET", path).bytes();
        assertThat(Arrays.copyOfRange(whole, FIRST, whole.length)).isEqualTo(part2);

        String otherParts = uploaded.completeBody().replaceFirst("<Part><PartNumber>2</PartNumber><ETag>[^<]*</ETag></Part>", "");
        S3TestHost.Response different = member.v4("POST", path, "uploadId=" + uploaded.uploadId(), otherParts.getBytes(StandardCharsets.UTF_8));
        assertThat(different.status()).isEqualTo(404);
        assertThat(different.code()).isEqualTo("NoSuchUpload");

        S3TestHost.Response garbage = member.v4("POST", path, "uploadId=" + uploaded.uploadId(), "<not xml".getBytes(StandardCharsets.UTF_8));
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.code()).isEqualTo("MalformedXML");

        // once the key is written over, the upload is gone for good
        assertThat(member.v4("PUT", path, "", "new".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        S3TestHost.Response overwritten = member.v4("POST", path, "uploadId=" + uploaded.uploadId(), uploaded.completeBody().getBytes(StandardCharsets.UTF_8));
        assertThat(overwritten.status()).isEqualTo(404);
        assertThat(overwritten.code()).isEqualTo("NoSuchUpload");
    }

    @Test
    void concurrentCompletionsAllAnswerTheSameEtagOrNoSuchUpload()
            throws Exception
    {
        String path = "/s3/" + newBucket() + "/raced";
        S3TestHost.Response created = member.v4("POST", path, "uploads", new byte[0]);
        String uploadId = created.element("UploadId");
        StringBuilder complete = new StringBuilder("<CompleteMultipartUpload>");
        int number = 1;
        for (byte[] part : List.of(part1, part2)) {
            S3TestHost.Response put = member.v4("PUT", path, "partNumber=" + number + "&uploadId=" + uploadId, part);
            complete.append("<Part><PartNumber>").append(number).append("</PartNumber><ETag>").append(put.header("ETag").orElseThrow())
                    .append("</ETag></Part>");
            number++;
        }
        byte[] body = complete.append("</CompleteMultipartUpload>").toString().getBytes(StandardCharsets.UTF_8);

        List<java.util.concurrent.Future<S3TestHost.Response>> answers = new java.util.ArrayList<>();
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 4; i++) {
                answers.add(executor.submit(() -> member.v4("POST", path, "uploadId=" + uploadId, body)));
            }
        }
        java.util.Set<String> etags = new java.util.HashSet<>();
        int succeeded = 0;
        for (var answer : answers) {
            S3TestHost.Response response = answer.get();
            assertThat(response.status()).as(response.body()).isIn(200, 404);
            if (response.status() == 200 && !response.body().contains("<Error>")) {
                etags.add(response.element("ETag"));
                succeeded++;
            }
            else {
                assertThat(response.body()).contains("<Code>NoSuchUpload</Code>");
            }
        }
        assertThat(succeeded).isPositive();
        assertThat(etags).hasSize(1);
        assertThat(member.v4("GET", path).bytes()).hasSize(part1.length + part2.length);
    }

    // ---- ListObjectVersions

    @Test
    void objectVersionsOfABucketWithoutVersioningPageByKeyMarker()
            throws Exception
    {
        String bucket = newBucket();
        for (String key : List.of("a", "b", "c/d", "c/e")) {
            assertThat(member.v4("PUT", "/s3/" + bucket + "/" + key, "", new byte[] {1}).status()).isEqualTo(200);
        }

        S3TestHost.Response first = member.v4("GET", "/s3/" + bucket, "versions&max-keys=1", new byte[0]);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.element("IsTruncated")).isEqualTo("true");
        assertThat(first.element("NextKeyMarker")).isEqualTo("a");
        assertThat(first.element("NextVersionIdMarker")).isEqualTo("null");

        S3TestHost.Response rest = member.v4("GET", "/s3/" + bucket, "versions&key-marker=a&version-id-marker=null&delimiter=%2F", new byte[0]);
        assertThat(rest.status()).as(rest.body()).isEqualTo(200);
        assertThat(rest.body()).contains("<Key>b</Key>").doesNotContain("<Key>a</Key>").contains("<CommonPrefixes><Prefix>c/</Prefix></CommonPrefixes>");
        assertThat(rest.element("IsTruncated")).isEqualTo("false");

        S3TestHost.Response orphanMarker = member.v4("GET", "/s3/" + bucket, "versions&version-id-marker=null", new byte[0]);
        assertThat(orphanMarker.status()).isEqualTo(400);
        assertThat(orphanMarker.code()).isEqualTo("InvalidArgument");
        S3TestHost.Response badMaxKeys = member.v4("GET", "/s3/" + bucket, "versions&max-keys=x", new byte[0]);
        assertThat(badMaxKeys.status()).isEqualTo(400);
        assertThat(badMaxKeys.code()).isEqualTo("InvalidArgument");
        assertThat(member.v4("GET", "/s3/nosuchbucket-x", "versions", new byte[0]).code()).isEqualTo("NoSuchBucket");
        assertThat(host.reader().v4("GET", "/s3/" + bucket, "versions", new byte[0]).status()).isEqualTo(200);
    }

    // ---- encoding-type

    @Test
    void listingsEncodeKeysOnlyWhenAskedTo()
            throws Exception
    {
        String bucket = newBucket();
        String key = "dir/a b+c%é";
        String rawKey = "dir/a%20b%2Bc%25%C3%A9";
        assertThat(member.v4("PUT", "/s3/" + bucket + "/" + rawKey, "", new byte[] {1}).status()).isEqualTo(200);
        S3TestHost.Response created = member.v4("POST", "/s3/" + bucket + "/" + rawKey, "uploads", new byte[0]);
        assertThat(created.status()).isEqualTo(200);

        for (String list : List.of("", "list-type=2")) {
            S3TestHost.Response plain = member.v4("GET", "/s3/" + bucket, list, new byte[0]);
            assertThat(plain.element("Key")).as(list).isEqualTo(key);
            assertThat(plain.body()).doesNotContain("EncodingType");
            String encodedQuery = list.isEmpty() ? "encoding-type=url" : list + "&encoding-type=url";
            S3TestHost.Response encoded = member.v4("GET", "/s3/" + bucket, encodedQuery, new byte[0]);
            assertThat(encoded.element("Key")).as(list).isEqualTo(rawKey);
            assertThat(encoded.element("EncodingType")).isEqualTo("url");
        }

        S3TestHost.Response uploads = member.v4("GET", "/s3/" + bucket, "uploads", new byte[0]);
        assertThat(uploads.element("Key")).isEqualTo(key);
        assertThat(uploads.body()).doesNotContain("EncodingType");
        S3TestHost.Response encodedUploads = member.v4("GET", "/s3/" + bucket, "encoding-type=url&prefix=dir%2Fa%20&uploads", new byte[0]);
        assertThat(encodedUploads.element("Key")).isEqualTo(rawKey);
        assertThat(encodedUploads.element("Prefix")).isEqualTo("dir/a%20");
        assertThat(encodedUploads.element("EncodingType")).isEqualTo("url");

        S3TestHost.Response versions = member.v4("GET", "/s3/" + bucket, "versions", new byte[0]);
        assertThat(versions.status()).as(versions.body()).isEqualTo(200);
        assertThat(versions.element("Key")).isEqualTo(key);
        assertThat(versions.element("VersionId")).isEqualTo("null");
        assertThat(versions.element("IsLatest")).isEqualTo("true");
        assertThat(versions.body()).doesNotContain("EncodingType");
        S3TestHost.Response encodedVersions = member.v4("GET", "/s3/" + bucket, "encoding-type=url&versions", new byte[0]);
        assertThat(encodedVersions.element("Key")).isEqualTo(rawKey);
        assertThat(encodedVersions.element("EncodingType")).isEqualTo("url");

        S3TestHost.Response bad = member.v4("GET", "/s3/" + bucket, "encoding-type=base64&uploads", new byte[0]);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.code()).isEqualTo("InvalidArgument");
    }
}

package io.xloud.testing.objectstore;

import io.xloud.testing.objectstore.S3Accounts.Account;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.xloud.testing.objectstore.S3Accounts.assertS3Error;
import static io.xloud.testing.objectstore.S3Accounts.bucketName;
import static org.assertj.core.api.Assertions.assertThat;

/** Object and bucket tags through the AWS SDK, with AWS's limits and errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3TaggingTest
{
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

    private String newBucket()
    {
        String bucket = bucketName();
        alice.s3().createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    private static Tag tag(String key, String value)
    {
        return Tag.builder().key(key).value(value).build();
    }

    private List<Tag> objectTags(String bucket, String key)
    {
        return alice.s3().getObjectTagging(b -> b.bucket(bucket).key(key)).tagSet();
    }

    @Test
    void objectTagsArePutReadAndDeletedWithoutChangingTheObject()
    {
        String bucket = newBucket();
        alice.s3().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("data"));
        Instant modified = alice.s3().headObject(b -> b.bucket(bucket).key("k")).lastModified();
        assertThat(objectTags(bucket, "k")).isEmpty();
        assertThat(alice.s3().headObject(b -> b.bucket(bucket).key("k")).hasMetadata()).isTrue();

        alice.s3().putObjectTagging(b -> b.bucket(bucket).key("k").tagging(t -> t.tagSet(tag("project", "blue"), tag("tier", "gold + silver=100"))));

        assertThat(objectTags(bucket, "k")).containsExactly(tag("project", "blue"), tag("tier", "gold + silver=100"));
        assertThat(alice.s3().headObject(b -> b.bucket(bucket).key("k")).lastModified()).isEqualTo(modified);
        assertThat(alice.s3().getObject(b -> b.bucket(bucket).key("k")).response().tagCount()).isEqualTo(2);
        assertThat(alice.s3().headObject(b -> b.bucket(bucket).key("k")).sdkHttpResponse().firstMatchingHeader("x-amz-tagging-count")).contains("2");

        alice.s3().deleteObjectTagging(b -> b.bucket(bucket).key("k"));

        assertThat(objectTags(bucket, "k")).isEmpty();
        assertThat(alice.s3().headObject(b -> b.bucket(bucket).key("k")).sdkHttpResponse().firstMatchingHeader("x-amz-tagging-count")).isEmpty();
        assertThat(alice.s3().getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("data");
    }

    @Test
    void putObjectTakesTagsFromItsHeaderAndANewWriteReplacesThem()
    {
        String bucket = newBucket();
        alice.s3().putObject(b -> b.bucket(bucket).key("k").tagging("a=1&b=two%20words"), RequestBody.fromString("data"));
        assertThat(objectTags(bucket, "k")).containsExactly(tag("a", "1"), tag("b", "two words"));

        alice.s3().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("new"));
        assertThat(objectTags(bucket, "k")).isEmpty();
    }

    @Test
    void copyKeepsOrReplacesTags()
            throws Exception
    {
        String bucket = newBucket();
        alice.s3().putObject(b -> b.bucket(bucket).key("src").tagging("a=1"), RequestBody.fromString("data"));

        alice.s3().copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("copied"));
        alice.s3().copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("replaced")
                .taggingDirective(TaggingDirective.REPLACE).tagging("b=2&c=3"));

        assertThat(objectTags(bucket, "copied")).containsExactly(tag("a", "1"));
        assertThat(objectTags(bucket, "replaced")).containsExactly(tag("b", "2"), tag("c", "3"));
        RawS3Client.Response bad = raw.send("PUT", "/s3/" + bucket + "/bad", "", Map.of("x-amz-copy-source", bucket + "/src",
                "x-amz-tagging-directive", "MOVE"), new byte[0], Instant.now());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.code()).isEqualTo("InvalidArgument");
    }

    @Test
    void multipartUploadsGetTheTagsOfTheirCreation()
    {
        String bucket = newBucket();
        String uploadId = alice.s3().createMultipartUpload(b -> b.bucket(bucket).key("big").tagging("kind=multipart")).uploadId();
        String etag = alice.s3().uploadPart(b -> b.bucket(bucket).key("big").uploadId(uploadId).partNumber(1), RequestBody.fromString("part")).eTag();
        alice.s3().completeMultipartUpload(b -> b.bucket(bucket).key("big").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));

        assertThat(objectTags(bucket, "big")).containsExactly(tag("kind", "multipart"));
    }

    @Test
    void tagSetsPastAwsLimitsAreInvalidTag()
    {
        String bucket = newBucket();
        alice.s3().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("data"));
        List<Tag> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(tag("k" + i, "v"));
        }
        List<List<Tag>> invalid = List.of(eleven, List.of(tag("same", "1"), tag("same", "2")), List.of(tag("x".repeat(129), "v")),
                List.of(tag("k", "v".repeat(257))), List.of(tag("", "v")), List.of(tag("aws:reserved", "v")), List.of(tag("k", "<angle>")));
        for (List<Tag> tags : invalid) {
            assertS3Error(() -> alice.s3().putObjectTagging(b -> b.bucket(bucket).key("k").tagging(t -> t.tagSet(tags))), 400, "InvalidTag");
        }
        // the longest of each is fine
        alice.s3().putObjectTagging(b -> b.bucket(bucket).key("k").tagging(t -> t.tagSet(tag("é".repeat(128), "v".repeat(256)))));
        assertThat(objectTags(bucket, "k")).containsExactly(tag("é".repeat(128), "v".repeat(256)));
        assertS3Error(() -> alice.s3().putObject(b -> b.bucket(bucket).key("h").tagging("a=1&a=2"), RequestBody.fromString("x")), 400, "InvalidTag");
        assertS3Error(() -> alice.s3().getObjectTagging(b -> b.bucket(bucket).key("h")), 404, "NoSuchKey");
        assertS3Error(() -> alice.s3().putObjectTagging(b -> b.bucket(bucket).key("missing").tagging(t -> t.tagSet(tag("a", "b")))), 404, "NoSuchKey");
    }

    @Test
    void malformedTaggingDocumentsAreMalformedXml()
            throws Exception
    {
        String bucket = newBucket();
        alice.s3().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("data"));
        for (String document : List.of("", "<Tagging>", "<Tagging><TagSet><Tag><Key>a</Key></Tag></TagSet></Tagging>",
                "<Tagging><TagSet><Tag><Key>a</Key><Value>b</Value><Other/></Tag></TagSet></Tagging>", "<Other><TagSet/></Other>",
                "<Tagging></Tagging>", "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                        + "<Tagging><TagSet><Tag><Key>&x;</Key><Value>v</Value></Tag></TagSet></Tagging>")) {
            for (String path : List.of("/s3/" + bucket + "/k", "/s3/" + bucket)) {
                RawS3Client.Response response = raw.send("PUT", path, "tagging", Map.of(), document.getBytes(StandardCharsets.UTF_8), Instant.now());
                assertThat(response.status()).as(path + " " + document).isEqualTo(400);
                assertThat(response.code()).as(path + " " + document).isEqualTo("MalformedXML");
            }
        }
    }

    @Test
    void bucketTagsArePutReadAndDeleted()
    {
        String bucket = newBucket();
        assertS3Error(() -> alice.s3().getBucketTagging(b -> b.bucket(bucket)), 404, "NoSuchTagSet");

        alice.s3().putBucketTagging(b -> b.bucket(bucket).tagging(t -> t.tagSet(tag("cost-center", "42"), tag("env", "test"))));

        assertThat(alice.s3().getBucketTagging(b -> b.bucket(bucket)).tagSet()).containsExactly(tag("cost-center", "42"), tag("env", "test"));
        assertS3Error(() -> alice.s3().putBucketTagging(b -> b.bucket(bucket).tagging(t -> t.tagSet(tag("a", "1"), tag("a", "2")))), 400, "InvalidTag");
        List<Tag> fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add(tag("k" + i, "v"));
        }
        alice.s3().putBucketTagging(b -> b.bucket(bucket).tagging(t -> t.tagSet(fifty)));
        assertThat(alice.s3().getBucketTagging(b -> b.bucket(bucket)).tagSet()).hasSize(50);
        fifty.add(tag("k50", "v"));
        assertS3Error(() -> alice.s3().putBucketTagging(b -> b.bucket(bucket).tagging(t -> t.tagSet(fifty))), 400, "InvalidTag");

        alice.s3().deleteBucketTagging(b -> b.bucket(bucket));
        assertS3Error(() -> alice.s3().getBucketTagging(b -> b.bucket(bucket)), 404, "NoSuchTagSet");
        assertS3Error(() -> alice.s3().getBucketTagging(b -> b.bucket(bucketName())), 404, "NoSuchBucket");
    }

    @Test
    void anotherAccountCannotReadOrSetTags()
    {
        String bucket = newBucket();
        alice.s3().putObject(b -> b.bucket(bucket).key("k").tagging("a=1"), RequestBody.fromString("data"));
        try (Account bob = accounts.newProjectMember()) {
            assertS3Error(() -> bob.s3().getObjectTagging(b -> b.bucket(bucket).key("k")), 403, "AccessDenied");
            assertS3Error(() -> bob.s3().putBucketTagging(b -> b.bucket(bucket).tagging(t -> t.tagSet(tag("a", "1")))), 403, "AccessDenied");
        }
        assertThat(objectTags(bucket, "k")).containsExactly(tag("a", "1"));
    }
}

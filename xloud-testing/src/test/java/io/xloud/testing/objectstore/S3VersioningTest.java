package io.xloud.testing.objectstore;

import io.xloud.testing.objectstore.S3Accounts.Account;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.xloud.testing.objectstore.S3Accounts.assertS3Error;
import static io.xloud.testing.objectstore.S3Accounts.bucketName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Bucket versioning through the AWS SDK for Java v2: versions, delete markers, suspension, and their errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3VersioningTest
{
    private static final String UNKNOWN_VERSION = "0123456789abcdef0123456789abcdef";

    private S3Accounts accounts;
    private Account alice;
    private Account bob;
    private S3Client s3;
    private RawS3Client raw;

    @BeforeAll
    void start()
    {
        accounts = new S3Accounts(Map.of());
        alice = accounts.newProjectMember();
        bob = accounts.newProjectMember();
        s3 = alice.s3();
        raw = accounts.raw(alice);
    }

    @AfterAll
    void stop()
    {
        alice.close();
        bob.close();
        accounts.close();
    }

    private String versionedBucket()
    {
        String bucket = bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        return bucket;
    }

    private String put(String bucket, String key, String body)
    {
        return s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(body)).versionId();
    }

    private String get(String bucket, String key)
    {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    private String get(String bucket, String key, String versionId)
    {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(versionId)).asUtf8String();
    }

    private ListObjectVersionsResponse versions(String bucket)
    {
        return s3.listObjectVersions(b -> b.bucket(bucket));
    }

    private static S3Exception s3Error(Runnable call)
    {
        try {
            call.run();
        }
        catch (S3Exception e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void versioningIsUnsetThenEnabledThenSuspended()
    {
        String bucket = bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status()).isNull();
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(BucketVersioningStatus.SUSPENDED)));
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status()).isEqualTo(BucketVersioningStatus.SUSPENDED);
    }

    @Test
    void anOverwriteKeepsTheOldVersion()
    {
        String bucket = versionedBucket();
        String first = put(bucket, "k", "one");
        String second = put(bucket, "k", "two");
        assertThat(first).isNotBlank().isNotEqualTo("null");
        assertThat(second).isNotBlank().isNotEqualTo(first);

        assertThat(get(bucket, "k")).isEqualTo("two");
        assertThat(get(bucket, "k", first)).isEqualTo("one");
        assertThat(s3.getObject(b -> b.bucket(bucket).key("k").versionId(first)).response().versionId()).isEqualTo(first);
        var head = s3.headObject(b -> b.bucket(bucket).key("k").versionId(first));
        assertThat(head.contentLength()).isEqualTo(3);
        assertThat(head.versionId()).isEqualTo(first);

        ListObjectVersionsResponse versions = versions(bucket);
        assertThat(versions.versions()).extracting(ObjectVersion::versionId).containsExactly(second, first);
        assertThat(versions.versions()).extracting(ObjectVersion::isLatest).containsExactly(true, false);
        assertThat(versions.versions()).extracting(ObjectVersion::size).containsExactly(3L, 3L);
        assertThat(versions.deleteMarkers()).isEmpty();
        // the bucket lists, and counts, only the current object
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).hasSize(1);
        assertThat(s3.listObjects(b -> b.bucket(bucket)).contents()).hasSize(1);
        var container = alice.http().head(alice.swiftPath(bucket));
        assertThat(container.header("X-Container-Object-Count")).contains("1");
        assertThat(container.header("X-Container-Bytes-Used")).contains("3");
    }

    @Test
    void aDeleteWritesADeleteMarkerAndDeletingTheMarkerRestores()
    {
        String bucket = versionedBucket();
        String first = put(bucket, "k", "one");
        DeleteObjectResponse deleted = s3.deleteObject(b -> b.bucket(bucket).key("k"));
        assertThat(deleted.deleteMarker()).isTrue();
        String marker = deleted.versionId();
        assertThat(marker).isNotBlank().isNotEqualTo(first);

        S3Exception missing = s3Error(() -> get(bucket, "k"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
        assertThat(missing.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-delete-marker")).contains("true");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        assertThat(get(bucket, "k", first)).isEqualTo("one");

        ListObjectVersionsResponse versions = versions(bucket);
        assertThat(versions.deleteMarkers()).extracting(DeleteMarkerEntry::versionId).containsExactly(marker);
        assertThat(versions.deleteMarkers()).extracting(DeleteMarkerEntry::isLatest).containsExactly(true);
        assertThat(versions.versions()).extracting(ObjectVersion::isLatest).containsExactly(false);

        // a delete marker named by its id cannot be read
        S3Exception markerRead = s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k").versionId(marker)));
        assertThat(markerRead.statusCode()).isEqualTo(405);
        assertThat(markerRead.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-delete-marker")).contains("true");

        DeleteObjectResponse removed = s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(marker));
        assertThat(removed.deleteMarker()).isTrue();
        assertThat(removed.versionId()).isEqualTo(marker);
        assertThat(get(bucket, "k")).isEqualTo("one");
        assertThat(versions(bucket).deleteMarkers()).isEmpty();
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).hasSize(1);
    }

    @Test
    void deletingAVersionRemovesItForGood()
    {
        String bucket = versionedBucket();
        String first = put(bucket, "k", "one");
        String second = put(bucket, "k", "two");
        s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(second));
        assertThat(get(bucket, "k")).isEqualTo("one");
        assertS3Error(() -> get(bucket, "k", second), 404, "NoSuchVersion");
        s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(first));
        assertS3Error(() -> get(bucket, "k"), 404, "NoSuchKey");
        assertThat(versions(bucket).versions()).isEmpty();
        // the bucket is empty again, and may go
        s3.deleteBucket(b -> b.bucket(bucket));
    }

    @Test
    void suspendedWritesReplaceTheNullVersion()
    {
        String bucket = versionedBucket();
        String enabled = put(bucket, "k", "kept");
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(BucketVersioningStatus.SUSPENDED)));
        put(bucket, "k", "null-1");
        put(bucket, "k", "null-2");
        assertThat(get(bucket, "k")).isEqualTo("null-2");
        assertThat(get(bucket, "k", "null")).isEqualTo("null-2");
        assertThat(get(bucket, "k", enabled)).isEqualTo("kept");
        assertThat(versions(bucket).versions()).extracting(ObjectVersion::versionId).containsExactly("null", enabled);

        // a delete while suspended: a null delete marker that replaces the null version
        DeleteObjectResponse deleted = s3.deleteObject(b -> b.bucket(bucket).key("k"));
        assertThat(deleted.deleteMarker()).isTrue();
        assertThat(deleted.versionId()).isEqualTo("null");
        ListObjectVersionsResponse versions = versions(bucket);
        assertThat(versions.deleteMarkers()).extracting(DeleteMarkerEntry::versionId).containsExactly("null");
        assertThat(versions.versions()).extracting(ObjectVersion::versionId).containsExactly(enabled);
    }

    @Test
    void objectsWrittenBeforeVersioningAreTheNullVersion()
    {
        String bucket = bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        put(bucket, "k", "plain");
        assertThat(versions(bucket).versions()).extracting(ObjectVersion::versionId).containsExactly("null");
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        String next = put(bucket, "k", "versioned");
        assertThat(versions(bucket).versions()).extracting(ObjectVersion::versionId).containsExactly(next, "null");
        assertThat(get(bucket, "k", "null")).isEqualTo("plain");
    }

    @Test
    void multiDeleteWithVersions()
    {
        String bucket = versionedBucket();
        String a1 = put(bucket, "a", "a1");
        put(bucket, "a", "a2");
        put(bucket, "b", "b1");
        DeleteObjectsResponse response = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
                ObjectIdentifier.builder().key("a").versionId(a1).build(),
                ObjectIdentifier.builder().key("b").build(),
                ObjectIdentifier.builder().key("c").versionId("not-a-version").build())));
        assertThat(response.deleted()).hasSize(2);
        DeletedObject a = response.deleted().stream().filter(d -> d.key().equals("a")).findFirst().orElseThrow();
        assertThat(a.versionId()).isEqualTo(a1);
        assertThat(a.deleteMarker()).isNull();
        DeletedObject b = response.deleted().stream().filter(d -> d.key().equals("b")).findFirst().orElseThrow();
        assertThat(b.deleteMarker()).isTrue();
        assertThat(b.deleteMarkerVersionId()).isNotBlank();
        assertThat(response.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("c");
            assertThat(error.code()).isEqualTo("InvalidArgument");
        });

        assertS3Error(() -> get(bucket, "a", a1), 404, "NoSuchVersion");
        assertThat(get(bucket, "a")).isEqualTo("a2");
        assertS3Error(() -> get(bucket, "b"), 404, "NoSuchKey");

        // deleting the delete marker in a second multi-delete brings b back
        DeleteObjectsResponse undo = s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(
                ObjectIdentifier.builder().key("b").versionId(b.deleteMarkerVersionId()).build())));
        assertThat(undo.deleted()).singleElement().satisfies(entry -> {
            assertThat(entry.deleteMarker()).isTrue();
            assertThat(entry.deleteMarkerVersionId()).isEqualTo(b.deleteMarkerVersionId());
        });
        assertThat(get(bucket, "b")).isEqualTo("b1");
    }

    @Test
    void copyFromAnOlderVersion()
    {
        String bucket = versionedBucket();
        String first = put(bucket, "src", "one");
        put(bucket, "src", "two");
        var copied = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").sourceVersionId(first).destinationBucket(bucket).destinationKey("dst"));
        assertThat(copied.copySourceVersionId()).isEqualTo(first);
        assertThat(copied.versionId()).isNotBlank().isNotEqualTo(first);
        assertThat(get(bucket, "dst")).isEqualTo("one");
        assertS3Error(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").sourceVersionId(UNKNOWN_VERSION)
                .destinationBucket(bucket).destinationKey("dst2")), 404, "NoSuchVersion");
        assertS3Error(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").sourceVersionId("bad")
                .destinationBucket(bucket).destinationKey("dst2")), 400, "InvalidArgument");
    }

    @Test
    void aBucketWithVersionsOrDeleteMarkersIsNotEmpty()
    {
        String bucket = versionedBucket();
        String version = put(bucket, "k", "one");
        String marker = s3.deleteObject(b -> b.bucket(bucket).key("k")).versionId();
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        assertS3Error(() -> s3.deleteBucket(b -> b.bucket(bucket)), 409, "BucketNotEmpty");
        s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(version));
        // only the delete marker is left: still not empty
        assertS3Error(() -> s3.deleteBucket(b -> b.bucket(bucket)), 409, "BucketNotEmpty");
        s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(marker));
        s3.deleteBucket(b -> b.bucket(bucket));
        assertS3Error(() -> s3.headBucket(b -> b.bucket(bucket)), 404, null);
    }

    @Test
    void malformedVersioningConfigurations()
            throws Exception
    {
        String bucket = bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        for (String document : List.of("<VersioningConfiguration><Status>Enabled</Status>",
                "not xml at all",
                "<VersioningConfiguration><Status>Sometimes</Status></VersioningConfiguration>",
                "<Versioning><Status>Enabled</Status></Versioning>",
                "<VersioningConfiguration><Status>Enabled</Status><Extra/></VersioningConfiguration>",
                "<VersioningConfiguration><Status>Enabled</Status><Status>Suspended</Status></VersioningConfiguration>")) {
            RawS3Client.Response response = raw.send("PUT", "/s3/" + bucket, "versioning", Map.of(),
                    document.getBytes(StandardCharsets.UTF_8), Instant.now());
            assertThat(response.status()).as(document).isEqualTo(400);
            assertThat(response.body()).as(document).contains("<Code>MalformedXML</Code>");
        }
        RawS3Client.Response mfa = raw.send("PUT", "/s3/" + bucket, "versioning", Map.of(),
                "<VersioningConfiguration><Status>Enabled</Status><MfaDelete>Enabled</MfaDelete></VersioningConfiguration>"
                        .getBytes(StandardCharsets.UTF_8), Instant.now());
        assertThat(mfa.status()).isEqualTo(400);
        // nothing changed
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status()).isNull();
        RawS3Client.Response oversized = raw.send("PUT", "/s3/" + bucket, "versioning", Map.of(),
                ("<VersioningConfiguration><Status>Enabled</Status>" + "<!-- x -->".repeat(20_000) + "</VersioningConfiguration>")
                        .getBytes(StandardCharsets.UTF_8), Instant.now());
        assertThat(oversized.status()).isBetween(400, 413);
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status()).isNull();
    }

    @Test
    void unknownAndMalformedVersionIds()
    {
        String bucket = versionedBucket();
        put(bucket, "k", "one");
        assertS3Error(() -> get(bucket, "k", UNKNOWN_VERSION), 404, "NoSuchVersion");
        assertS3Error(() -> s3.headObject(b -> b.bucket(bucket).key("k").versionId(UNKNOWN_VERSION)), 404, null);
        assertS3Error(() -> get(bucket, "k", "bogus"), 400, "InvalidArgument");
        assertS3Error(() -> get(bucket, "k", "0123456789ABCDEF0123456789ABCDEF"), 400, "InvalidArgument");
        assertS3Error(() -> get(bucket, "k", "../../etc/passwd"), 400, "InvalidArgument");
        assertS3Error(() -> get(bucket, "k", "x".repeat(5000)), 400, "InvalidArgument");
        assertS3Error(() -> s3.deleteObject(b -> b.bucket(bucket).key("k").versionId("bogus")), 400, "InvalidArgument");
        assertS3Error(() -> get(bucket, "missing", UNKNOWN_VERSION), 404, "NoSuchVersion");
        // deleting a version that is not there is no error, as in S3
        s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(UNKNOWN_VERSION));
        assertThat(get(bucket, "k")).isEqualTo("one");
        // a version id marker that is malformed
        assertS3Error(() -> s3.listObjectVersions(b -> b.bucket(bucket).keyMarker("k").versionIdMarker("bogus")), 400, "InvalidArgument");
    }

    @Test
    void anotherProjectsBucketIsDenied()
    {
        String bucket = versionedBucket();
        String version = put(bucket, "k", "one");
        S3Client other = bob.s3();
        assertS3Error(() -> other.getBucketVersioning(b -> b.bucket(bucket)), 403, "AccessDenied");
        assertS3Error(() -> other.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(BucketVersioningStatus.SUSPENDED))),
                403, "AccessDenied");
        assertS3Error(() -> other.listObjectVersions(b -> b.bucket(bucket)), 403, "AccessDenied");
        assertS3Error(() -> other.getObjectAsBytes(b -> b.bucket(bucket).key("k").versionId(version)), 403, "AccessDenied");
        assertS3Error(() -> other.deleteObject(b -> b.bucket(bucket).key("k").versionId(version)), 403, "AccessDenied");
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
        assertThat(get(bucket, "k", version)).isEqualTo("one");
        assertS3Error(() -> other.getBucketVersioning(b -> b.bucket("no-such-bucket-" + bucketName())), 404, "NoSuchBucket");
    }

    @Test
    void listingPagesByKeyAndVersionMarkers()
    {
        String bucket = versionedBucket();
        List<String> expected = new ArrayList<>();
        for (String key : List.of("a", "b", "dir/x", "dir/y")) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(put(bucket, key, key + i));
            }
            for (int i = 2; i >= 0; i--) {
                expected.add(key + "@" + ids.get(i));
            }
        }
        String marker = s3.deleteObject(b -> b.bucket(bucket).key("b")).versionId();
        expected.add(3, "b@" + marker);

        List<String> seen = new ArrayList<>();
        String keyMarker = null;
        String versionMarker = null;
        int pages = 0;
        while (true) {
            String km = keyMarker;
            String vm = versionMarker;
            ListObjectVersionsResponse page = s3.listObjectVersions(b -> b.bucket(bucket).maxKeys(2).keyMarker(km).versionIdMarker(vm));
            List<String> entries = new ArrayList<>();
            page.versions().forEach(v -> entries.add(v.key() + "@" + v.versionId()));
            page.deleteMarkers().forEach(m -> entries.add(m.key() + "@" + m.versionId()));
            assertThat(entries).hasSizeLessThanOrEqualTo(2);
            // markers and versions come in separate lists: order them as the listing does
            entries.sort((x, y) -> Integer.compare(expected.indexOf(x), expected.indexOf(y)));
            seen.addAll(entries);
            pages++;
            if (!page.isTruncated()) {
                break;
            }
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
        }
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(7);

        ListObjectVersionsResponse rolled = s3.listObjectVersions(b -> b.bucket(bucket).delimiter("/"));
        assertThat(rolled.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("dir/");
        assertThat(rolled.versions()).hasSize(6);
        ListObjectVersionsResponse prefixed = s3.listObjectVersions(b -> b.bucket(bucket).prefix("dir/"));
        assertThat(prefixed.versions()).hasSize(6);
        assertThat(prefixed.versions()).filteredOn(ObjectVersion::isLatest).extracting(ObjectVersion::key).containsExactly("dir/x", "dir/y");
        ListObjectVersionsResponse afterB = s3.listObjectVersions(b -> b.bucket(bucket).keyMarker("b"));
        assertThat(afterB.versions()).extracting(ObjectVersion::key).containsOnly("dir/x", "dir/y");
    }

    @Test
    void concurrentWritesToOneKeyAllGetVersions()
            throws Exception
    {
        String bucket = versionedBucket();
        int writers = 8;
        List<String> ids = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String body = "body-" + i;
                futures.add(pool.submit(() -> put(bucket, "hot", body)));
            }
            for (Future<String> future : futures) {
                ids.add(future.get());
            }
        }
        Set<String> distinct = new HashSet<>(ids);
        assertThat(distinct).hasSize(writers);
        ListObjectVersionsResponse versions = versions(bucket);
        assertThat(versions.versions()).extracting(ObjectVersion::versionId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(versions.versions()).filteredOn(ObjectVersion::isLatest).hasSize(1);
        // the latest is the first listed, and a read without a version id gets its bytes
        ObjectVersion latest = versions.versions().getFirst();
        assertThat(latest.isLatest()).isTrue();
        assertThat(get(bucket, "hot")).isEqualTo(get(bucket, "hot", latest.versionId()));
        assertThat(alice.http().head(alice.swiftPath(bucket)).header("X-Container-Object-Count")).contains("1");

        // one more write after all of them have completed is the latest
        String last = put(bucket, "hot", "last");
        assertThat(versions(bucket).versions().getFirst().versionId()).isEqualTo(last);
        assertThat(get(bucket, "hot")).isEqualTo("last");
    }

    @Test
    void aMultipartUploadIsANewVersion()
    {
        String bucket = versionedBucket();
        String first = put(bucket, "big", "small first");
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("big")).uploadId();
        String etag = s3.uploadPart(b -> b.bucket(bucket).key("big").uploadId(uploadId).partNumber(1), RequestBody.fromString("joined")).eTag();
        var completed = s3.completeMultipartUpload(b -> b.bucket(bucket).key("big").uploadId(uploadId)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(etag))));
        assertThat(completed.versionId()).isNotBlank().isNotEqualTo(first);
        assertThat(get(bucket, "big")).isEqualTo("joined");
        assertThat(get(bucket, "big", first)).isEqualTo("small first");
        assertThat(versions(bucket).versions()).extracting(ObjectVersion::versionId).containsExactly(completed.versionId(), first);
    }

    @Test
    void anOlderVersionKeepsTagsAndAnAclOfItsOwn()
    {
        String bucket = versionedBucket();
        String first = s3.putObject(b -> b.bucket(bucket).key("k").tagging("v=1").acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromString("one"))
                .versionId();
        String second = put(bucket, "k", "two");
        s3.putObjectTagging(b -> b.bucket(bucket).key("k").versionId(second).tagging(t -> t.tagSet(tag -> tag.key("a").value("b"))));

        GetObjectTaggingResponse older = s3.getObjectTagging(b -> b.bucket(bucket).key("k").versionId(first));
        assertThat(older.versionId()).isEqualTo(first);
        assertThat(older.tagSet()).extracting(Tag::key, Tag::value).containsExactly(tuple("v", "1"));
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("k").versionId(second)).tagSet()).extracting(Tag::key).containsExactly("a");
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("k")).tagSet()).extracting(Tag::key).containsExactly("a");
        assertThat(s3.getObjectAcl(b -> b.bucket(bucket).key("k").versionId(first)).grants()).anySatisfy(grant -> assertThat(grant.grantee().uri()).isEqualTo(ALL_USERS));
        assertThat(s3.getObjectAcl(b -> b.bucket(bucket).key("k").versionId(second)).grants()).noneSatisfy(grant -> assertThat(grant.grantee().uri()).isEqualTo(ALL_USERS));
        assertThat(s3.getObjectAcl(b -> b.bucket(bucket).key("k").versionId(first)).owner().id()).isEqualTo(alice.projectId());
        // each version's own ACL decides who reads it: another project reads the public older version, not the private current one
        assertThat(bob.s3().getObjectAsBytes(b -> b.bucket(bucket).key("k").versionId(first)).asUtf8String()).isEqualTo("one");
        assertS3Error(() -> bob.s3().getObjectAsBytes(b -> b.bucket(bucket).key("k").versionId(second)), 403, "AccessDenied");
        assertS3Error(() -> bob.s3().getObjectAsBytes(b -> b.bucket(bucket).key("k")), 403, "AccessDenied");

        // changed by id, the older version's tags and ACL change, and the current version's stay
        assertThat(s3.putObjectTagging(b -> b.bucket(bucket).key("k").versionId(first).tagging(t -> t.tagSet(tag -> tag.key("x").value("y"))))
                .versionId()).isEqualTo(first);
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("k").versionId(first)).tagSet()).extracting(Tag::key).containsExactly("x");
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("k")).tagSet()).extracting(Tag::key).containsExactly("a");
        s3.putObjectAcl(b -> b.bucket(bucket).key("k").versionId(first).acl(ObjectCannedACL.PRIVATE));
        assertS3Error(() -> bob.s3().getObjectAsBytes(b -> b.bucket(bucket).key("k").versionId(first)), 403, "AccessDenied");
        assertThat(s3.getObjectAcl(b -> b.bucket(bucket).key("k").versionId(first)).grants()).noneSatisfy(grant -> assertThat(grant.grantee().uri()).isEqualTo(ALL_USERS));
        s3.deleteObjectTagging(b -> b.bucket(bucket).key("k").versionId(first));
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("k").versionId(first)).tagSet()).isEmpty();
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("k").versionId(second)).tagSet()).extracting(Tag::key).containsExactly("a");
        // the version's bytes are untouched
        assertThat(get(bucket, "k", first)).isEqualTo("one");

        String marker = s3.deleteObject(b -> b.bucket(bucket).key("k")).versionId();
        assertS3Error(() -> s3.putObjectTagging(b -> b.bucket(bucket).key("k").versionId(marker).tagging(t -> t.tagSet(tag -> tag.key("m").value("n")))),
                405, "MethodNotAllowed");
        assertS3Error(() -> s3.getObjectTagging(b -> b.bucket(bucket).key("k").versionId(UNKNOWN_VERSION)), 404, "NoSuchVersion");
        assertS3Error(() -> s3.putObjectTagging(b -> b.bucket(bucket).key("k").versionId(UNKNOWN_VERSION).tagging(t -> t.tagSet(tag -> tag.key("m").value("n")))),
                404, "NoSuchVersion");
        assertS3Error(() -> s3.getObjectTagging(b -> b.bucket(bucket).key("k").versionId("bogus")), 400, "InvalidArgument");
    }

    private static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";

    @Test
    void aPlainBucketIsUnchanged()
    {
        String bucket = bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        assertThat(s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("one")).versionId()).isNull();
        put(bucket, "k", "two");
        assertThat(versions(bucket).versions()).extracting(ObjectVersion::versionId).containsExactly("null");
        DeleteObjectResponse deleted = s3.deleteObject(b -> b.bucket(bucket).key("k"));
        assertThat(deleted.deleteMarker()).isNull();
        assertThat(versions(bucket).versions()).isEmpty();
        assertThat(versions(bucket).deleteMarkers()).isEmpty();
        s3.deleteBucket(b -> b.bucket(bucket));
        assertThatThrownBy(() -> s3.headBucket(b -> b.bucket(bucket))).isInstanceOf(S3Exception.class);
    }
}

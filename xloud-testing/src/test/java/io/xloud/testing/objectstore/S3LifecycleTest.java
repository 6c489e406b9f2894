package io.xloud.testing.objectstore;

import io.xloud.testing.objectstore.S3Accounts.Account;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static io.xloud.testing.objectstore.S3Accounts.assertS3Error;
import static io.xloud.testing.objectstore.S3Accounts.bucketName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bucket lifecycle through the AWS SDK: the configuration with S3's checks, and its rules applied by the periodic
 * lifecycle pass, with a lifecycle day of two seconds so that a rule's "1 day" passes within the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3LifecycleTest
{
    private S3Accounts accounts;
    private Account alice;
    private RawS3Client raw;

    @BeforeAll
    void start()
    {
        accounts = new S3Accounts(Map.of(
                "object_store.lifecycle_interval", "1",
                "object_store.lifecycle_day_seconds", "2",
                "jobs.poll_millis", "50"));
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

    private boolean exists(String bucket, String key)
    {
        try {
            alice.s3().headObject(b -> b.bucket(bucket).key(key));
            return true;
        }
        catch (S3Exception e) {
            assertThat(e.statusCode()).isEqualTo(404);
            return false;
        }
    }

    private static void await(BooleanSupplier condition)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private RawS3Client.Response putLifecycle(String bucket, String document)
            throws Exception
    {
        return raw.send("PUT", "/s3/" + bucket, "lifecycle", Map.of(), document.getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    @Test
    void aConfigurationIsPutReadAndDeleted()
    {
        String bucket = newBucket();
        assertS3Error(() -> alice.s3().getBucketLifecycleConfiguration(b -> b.bucket(bucket)), 404, "NoSuchLifecycleConfiguration");
        Instant date = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);

        alice.s3().putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(
                LifecycleRule.builder().id("logs").status(ExpirationStatus.ENABLED).filter(f -> f.prefix("logs/"))
                        .expiration(e -> e.days(7)).abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(2)).build(),
                LifecycleRule.builder().id("tagged").status(ExpirationStatus.DISABLED)
                        .filter(f -> f.and(a -> a.prefix("tmp/").tags(Tag.builder().key("expire").value("yes").build())))
                        .expiration(e -> e.date(date)).build())));

        List<LifecycleRule> rules = alice.s3().getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules();
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).id()).isEqualTo("logs");
        assertThat(rules.get(0).status()).isEqualTo(ExpirationStatus.ENABLED);
        assertThat(rules.get(0).filter().prefix()).isEqualTo("logs/");
        assertThat(rules.get(0).expiration().days()).isEqualTo(7);
        assertThat(rules.get(0).abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(2);
        assertThat(rules.get(1).status()).isEqualTo(ExpirationStatus.DISABLED);
        assertThat(rules.get(1).filter().and().prefix()).isEqualTo("tmp/");
        assertThat(rules.get(1).filter().and().tags()).containsExactly(Tag.builder().key("expire").value("yes").build());
        assertThat(rules.get(1).expiration().date()).isEqualTo(date);

        alice.s3().deleteBucketLifecycle(b -> b.bucket(bucket));
        assertS3Error(() -> alice.s3().getBucketLifecycleConfiguration(b -> b.bucket(bucket)), 404, "NoSuchLifecycleConfiguration");
    }

    @Test
    void invalidConfigurationsAreRefusedAsS3Does()
            throws Exception
    {
        String bucket = newBucket();
        String filter = "<Filter><Prefix>p/</Prefix></Filter>";
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put(rule(filter + "<Status>Enabled</Status><Expiration><Days>0</Days></Expiration>"), "InvalidArgument");
        cases.put(rule(filter + "<Status>Enabled</Status><Expiration><Days>x</Days></Expiration>"), "MalformedXML");
        cases.put(rule(filter + "<Status>Enabled</Status><Expiration><Date>2030-01-01T12:00:00Z</Date></Expiration>"), "InvalidArgument");
        cases.put(rule(filter + "<Status>Enabled</Status><Expiration><Date>next week</Date></Expiration>"), "MalformedXML");
        cases.put(rule(filter + "<Status>Enabled</Status><Expiration><Days>1</Days><Date>2030-01-01T00:00:00Z</Date></Expiration>"), "MalformedXML");
        cases.put(rule(filter + "<Status>Enabled</Status>"), "InvalidRequest");
        cases.put(rule(filter + "<Status>Maybe</Status><Expiration><Days>1</Days></Expiration>"), "MalformedXML");
        cases.put(rule(filter + "<Expiration><Days>1</Days></Expiration>"), "MalformedXML");
        cases.put(rule("<Status>Enabled</Status><Expiration><Days>1</Days></Expiration>"), "MalformedXML");
        cases.put(rule(filter + "<Prefix>p/</Prefix><Status>Enabled</Status><Expiration><Days>1</Days></Expiration>"), "MalformedXML");
        cases.put(rule("<Filter><Prefix>a</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration>"),
                "MalformedXML");
        cases.put(rule("<Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter><Status>Enabled</Status>"
                + "<AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload>"), "InvalidRequest");
        cases.put(rule(filter + "<Status>Enabled</Status><AbortIncompleteMultipartUpload><DaysAfterInitiation>-1</DaysAfterInitiation>"
                + "</AbortIncompleteMultipartUpload>"), "InvalidArgument");
        cases.put(rule(filter + "<Status>Enabled</Status><NoncurrentVersionTransition><NoncurrentDays>1</NoncurrentDays>"
                + "<StorageClass>GLACIER</StorageClass></NoncurrentVersionTransition>"), "NotImplemented");
        cases.put(rule(filter + "<Status>Enabled</Status><NoncurrentVersionExpiration><NoncurrentDays>0</NoncurrentDays></NoncurrentVersionExpiration>"),
                "InvalidArgument");
        cases.put(rule(filter + "<Status>Enabled</Status><NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays>"
                + "<NewerNoncurrentVersions>101</NewerNoncurrentVersions></NoncurrentVersionExpiration>"), "InvalidArgument");
        cases.put(rule(filter + "<Status>Enabled</Status><NoncurrentVersionExpiration><NewerNoncurrentVersions>1</NewerNoncurrentVersions>"
                + "</NoncurrentVersionExpiration>"), "MalformedXML");
        cases.put(rule(filter + "<Status>Enabled</Status><Expiration><Days>1</Days><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>"),
                "MalformedXML");
        cases.put(rule(filter + "<Status>Enabled</Status><Expiration><ExpiredObjectDeleteMarker>maybe</ExpiredObjectDeleteMarker></Expiration>"),
                "MalformedXML");
        cases.put(rule("<Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter><Status>Enabled</Status>"
                + "<Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>"), "InvalidRequest");
        cases.put(rule(filter + "<Status>Enabled</Status><Transition><Days>1</Days><StorageClass>GLACIER</StorageClass></Transition>"), "NotImplemented");
        cases.put(rule(filter + "<Status>Enabled</Status><Expiration><Days>1</Days></Expiration><Bogus/>"), "MalformedXML");
        cases.put("<LifecycleConfiguration><Rule><ID>same</ID>" + filter + "<Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>"
                + "<Rule><ID>same</ID>" + filter + "<Status>Enabled</Status><Expiration><Days>2</Days></Expiration></Rule></LifecycleConfiguration>",
                "InvalidArgument");
        cases.put("<LifecycleConfiguration></LifecycleConfiguration>", "MalformedXML");
        cases.put("<LifecycleConfiguration><Rule>", "MalformedXML");
        cases.put("", "MalformedXML");
        for (Map.Entry<String, String> entry : cases.entrySet()) {
            RawS3Client.Response response = putLifecycle(bucket, entry.getKey());
            assertThat(response.code()).as(entry.getKey()).isEqualTo(entry.getValue());
            assertThat(response.status()).as(entry.getKey()).isEqualTo(entry.getValue().equals("NotImplemented") ? 501 : 400);
        }
        assertS3Error(() -> alice.s3().getBucketLifecycleConfiguration(b -> b.bucket(bucket)), 404, "NoSuchLifecycleConfiguration");
        try (Account bob = accounts.newProjectMember()) {
            assertS3Error(() -> bob.s3().deleteBucketLifecycle(b -> b.bucket(bucket)), 403, "AccessDenied");
        }
    }

    @Test
    void noncurrentVersionAndDeleteMarkerRulesAreReadBackAsWritten()
    {
        String bucket = newBucket();
        alice.s3().putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(
                LifecycleRule.builder().id("old").status(ExpirationStatus.ENABLED).filter(f -> f.prefix("a/"))
                        .noncurrentVersionExpiration(n -> n.noncurrentDays(30).newerNoncurrentVersions(3))
                        .expiration(e -> e.expiredObjectDeleteMarker(true)).build(),
                LifecycleRule.builder().id("off").status(ExpirationStatus.ENABLED).filter(f -> f.prefix("b/"))
                        .expiration(e -> e.expiredObjectDeleteMarker(false)).build())));

        List<LifecycleRule> rules = alice.s3().getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules();
        assertThat(rules.get(0).noncurrentVersionExpiration().noncurrentDays()).isEqualTo(30);
        assertThat(rules.get(0).noncurrentVersionExpiration().newerNoncurrentVersions()).isEqualTo(3);
        assertThat(rules.get(0).expiration().expiredObjectDeleteMarker()).isTrue();
        assertThat(rules.get(0).expiration().days()).isNull();
        assertThat(rules.get(1).expiration().expiredObjectDeleteMarker()).isFalse();
        assertThat(rules.get(1).noncurrentVersionExpiration()).isNull();
    }

    /** The version ids of a key as the listing gives them, newest first, then its delete markers as "marker:" and their ids. */
    private List<String> versions(String bucket, String key)
    {
        ListObjectVersionsResponse listing = alice.s3().listObjectVersions(b -> b.bucket(bucket).prefix(key));
        List<String> ids = new ArrayList<>();
        listing.versions().stream().filter(v -> v.key().equals(key)).forEach(v -> ids.add(v.versionId()));
        listing.deleteMarkers().stream().filter(m -> m.key().equals(key)).forEach(m -> ids.add("marker:" + m.versionId()));
        return ids;
    }

    @Test
    void noncurrentVersionsExpireAndLoneDeleteMarkersGo()
            throws Exception
    {
        String bucket = newBucket();
        alice.s3().putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            kept.add(0, alice.s3().putObject(b -> b.bucket(bucket).key("keep/a"), RequestBody.fromString("a" + n)).versionId());
        }
        String goneVersion = alice.s3().putObject(b -> b.bucket(bucket).key("gone/b"), RequestBody.fromString("b")).versionId();
        alice.s3().deleteObject(b -> b.bucket(bucket).key("gone/b"));
        String untouched = alice.s3().putObject(b -> b.bucket(bucket).key("other/c"), RequestBody.fromString("c1")).versionId();
        alice.s3().putObject(b -> b.bucket(bucket).key("other/c"), RequestBody.fromString("c2"));
        assertThat(versions(bucket, "gone/b")).hasSize(2).first().isEqualTo(goneVersion);

        alice.s3().putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(
                LifecycleRule.builder().status(ExpirationStatus.ENABLED).filter(f -> f.prefix("keep/"))
                        .noncurrentVersionExpiration(n -> n.noncurrentDays(1).newerNoncurrentVersions(1)).build(),
                LifecycleRule.builder().status(ExpirationStatus.ENABLED).filter(f -> f.prefix("gone/"))
                        .noncurrentVersionExpiration(n -> n.noncurrentDays(1)).expiration(e -> e.expiredObjectDeleteMarker(true)).build())));

        // the oldest of keep/a goes (the newest noncurrent one is kept); gone/b loses its version, then its lone marker
        await(() -> versions(bucket, "keep/a").size() == 2 && versions(bucket, "gone/b").isEmpty());
        assertThat(versions(bucket, "keep/a")).containsExactly(kept.get(0), kept.get(1));
        assertThat(alice.s3().getObjectAsBytes(b -> b.bucket(bucket).key("keep/a")).asUtf8String()).isEqualTo("a2");
        assertThat(versions(bucket, "other/c")).hasSize(2).contains(untouched);
        assertS3Error(() -> alice.s3().headObject(b -> b.bucket(bucket).key("gone/b")), 404, null);
    }

    private static String rule(String body)
    {
        return "<LifecycleConfiguration><Rule>" + body + "</Rule></LifecycleConfiguration>";
    }

    @Test
    void objectsExpireDaysAfterTheirCreationWhenTheirRuleMatches()
            throws Exception
    {
        String bucket = newBucket();
        for (String key : List.of("logs/old", "keep/this", "tmp/tagged", "tmp/untagged", "off/x")) {
            alice.s3().putObject(b -> b.bucket(bucket).key(key).tagging(key.equals("tmp/tagged") ? "expire=yes" : "expire=no"),
                    RequestBody.fromString(key));
        }
        alice.s3().putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(
                LifecycleRule.builder().status(ExpirationStatus.ENABLED).filter(f -> f.prefix("logs/")).expiration(e -> e.days(1)).build(),
                LifecycleRule.builder().status(ExpirationStatus.ENABLED)
                        .filter(f -> f.and(a -> a.prefix("tmp/").tags(Tag.builder().key("expire").value("yes").build())))
                        .expiration(e -> e.days(1)).build(),
                LifecycleRule.builder().status(ExpirationStatus.DISABLED).filter(f -> f.prefix("off/")).expiration(e -> e.days(1)).build())));

        await(() -> !exists(bucket, "logs/old") && !exists(bucket, "tmp/tagged"));

        assertThat(exists(bucket, "keep/this")).isTrue();
        assertThat(exists(bucket, "tmp/untagged")).isTrue();
        assertThat(exists(bucket, "off/x")).isTrue();
    }

    @Test
    void objectsExpireOnARulesDateOnceItHasPassed()
            throws Exception
    {
        String bucket = newBucket();
        alice.s3().putObject(b -> b.bucket(bucket).key("a"), RequestBody.fromString("a"));
        Instant yesterday = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);

        alice.s3().putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(
                LifecycleRule.builder().status(ExpirationStatus.ENABLED).filter(LifecycleRuleFilter.builder().build())
                        .expiration(e -> e.date(yesterday)).build())));

        await(() -> !exists(bucket, "a"));
        alice.s3().deleteBucketLifecycle(b -> b.bucket(bucket));
        alice.s3().putObject(b -> b.bucket(bucket).key("b"), RequestBody.fromString("b"));
        Thread.sleep(2500);
        assertThat(exists(bucket, "b")).isTrue();
    }

    @Test
    void incompleteMultipartUploadsAreAbortedDaysAfterTheirStart()
            throws Exception
    {
        String bucket = newBucket();
        String stale = alice.s3().createMultipartUpload(b -> b.bucket(bucket).key("uploads/big")).uploadId();
        alice.s3().uploadPart(b -> b.bucket(bucket).key("uploads/big").uploadId(stale).partNumber(1), RequestBody.fromString("part"));
        String elsewhere = alice.s3().createMultipartUpload(b -> b.bucket(bucket).key("other/big")).uploadId();

        alice.s3().putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(
                LifecycleRule.builder().status(ExpirationStatus.ENABLED).filter(f -> f.prefix("uploads/"))
                        .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(1)).build())));

        await(() -> alice.s3().listMultipartUploads(b -> b.bucket(bucket)).uploads().stream().noneMatch(u -> u.uploadId().equals(stale)));
        assertThat(alice.s3().listMultipartUploads(b -> b.bucket(bucket)).uploads()).extracting(u -> u.uploadId()).containsExactly(elsewhere);
        assertS3Error(() -> alice.s3().listParts(b -> b.bucket(bucket).key("uploads/big").uploadId(stale)), 404, "NoSuchUpload");
    }
}

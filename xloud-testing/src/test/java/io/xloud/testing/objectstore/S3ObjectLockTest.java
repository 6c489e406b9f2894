package io.xloud.testing.objectstore;

import io.xloud.testing.objectstore.S3Accounts.Account;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static io.xloud.testing.objectstore.S3Accounts.assertS3Error;
import static io.xloud.testing.objectstore.S3Accounts.bucketName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Object Lock is not supported: what a client that asks for it sees through the AWS SDK. Nothing is stored as if it were
 * locked; every answer is AWS's for a bucket without Object Lock, or NotImplemented where a lock would be made.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3ObjectLockTest
{
    private static final Instant NEXT_YEAR = Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    private S3Accounts accounts;
    private Account alice;
    private Account bob;

    @BeforeAll
    void start()
    {
        accounts = new S3Accounts(Map.of());
        alice = accounts.newProjectMember();
        bob = accounts.newProjectMember();
    }

    @AfterAll
    void stop()
    {
        alice.close();
        bob.close();
        accounts.close();
    }

    private String newBucketWithObject()
    {
        String bucket = bucketName();
        alice.s3().createBucket(b -> b.bucket(bucket));
        alice.s3().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("data"));
        return bucket;
    }

    @Test
    void aBucketWithObjectLockIsRefusedAndNotCreated()
    {
        String bucket = bucketName();
        assertS3Error(() -> alice.s3().createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(true)), 501, "NotImplemented");
        assertS3Error(() -> alice.s3().headBucket(b -> b.bucket(bucket)), 404, null);

        alice.s3().createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(false));
        alice.s3().headBucket(b -> b.bucket(bucket));
        assertS3Error(() -> alice.s3().getObjectLockConfiguration(b -> b.bucket(bucket)), 404, "ObjectLockConfigurationNotFoundError");
        assertS3Error(() -> alice.s3().putObjectLockConfiguration(b -> b.bucket(bucket)
                .objectLockConfiguration(c -> c.objectLockEnabled(ObjectLockEnabled.ENABLED))), 501, "NotImplemented");
        assertS3Error(() -> alice.s3().getObjectLockConfiguration(b -> b.bucket(bucket)), 404, "ObjectLockConfigurationNotFoundError");
    }

    @Test
    void writesThatAskForALockStoreNothing()
    {
        String bucket = newBucketWithObject();
        assertS3Error(() -> alice.s3().putObject(b -> b.bucket(bucket).key("locked").objectLockMode(ObjectLockMode.COMPLIANCE)
                .objectLockRetainUntilDate(NEXT_YEAR), RequestBody.fromString("x")), 400, "InvalidRequest");
        assertS3Error(() -> alice.s3().putObject(b -> b.bucket(bucket).key("held").objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON),
                RequestBody.fromString("x")), 400, "InvalidRequest");
        assertS3Error(() -> alice.s3().copyObject(b -> b.sourceBucket(bucket).sourceKey("k").destinationBucket(bucket).destinationKey("copy")
                .objectLockMode(ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(NEXT_YEAR)), 400, "InvalidRequest");
        assertS3Error(() -> alice.s3().createMultipartUpload(b -> b.bucket(bucket).key("parts")
                .objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON)), 400, "InvalidRequest");

        for (String key : new String[] {"locked", "held", "copy", "parts"}) {
            assertS3Error(() -> alice.s3().headObject(b -> b.bucket(bucket).key(key)), 404, null);
        }
        assertThat(alice.s3().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
        assertThat(alice.s3().listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(o -> o.key()).containsExactly("k");
    }

    @Test
    void retentionAndLegalHoldAreThoseOfABucketWithoutObjectLock()
    {
        String bucket = newBucketWithObject();
        assertS3Error(() -> alice.s3().getObjectRetention(b -> b.bucket(bucket).key("k")), 400, "InvalidRequest");
        assertS3Error(() -> alice.s3().getObjectLegalHold(b -> b.bucket(bucket).key("k")), 400, "InvalidRequest");
        assertS3Error(() -> alice.s3().putObjectRetention(b -> b.bucket(bucket).key("k")
                .retention(r -> r.mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(NEXT_YEAR))), 400, "InvalidRequest");
        assertS3Error(() -> alice.s3().putObjectLegalHold(b -> b.bucket(bucket).key("k")
                .legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON))), 400, "InvalidRequest");

        // the object is as it was, and can be deleted
        assertThat(alice.s3().getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("data");
        alice.s3().deleteObject(b -> b.bucket(bucket).key("k"));
        assertS3Error(() -> alice.s3().headObject(b -> b.bucket(bucket).key("k")), 404, null);
    }

    @Test
    void anotherProjectIsRefusedBeforeAnythingIsSaidOfTheLock()
    {
        String bucket = newBucketWithObject();
        assertS3Error(() -> bob.s3().getObjectLockConfiguration(b -> b.bucket(bucket)), 403, "AccessDenied");
        assertS3Error(() -> bob.s3().getObjectRetention(b -> b.bucket(bucket).key("k")), 403, "AccessDenied");
        assertS3Error(() -> bob.s3().putObjectLegalHold(b -> b.bucket(bucket).key("k")
                .legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON))), 403, "AccessDenied");
        assertS3Error(() -> bob.s3().putObject(b -> b.bucket(bucket).key("k").objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON),
                RequestBody.fromString("x")), 403, "AccessDenied");
        assertThat(alice.s3().getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("data");
    }
}

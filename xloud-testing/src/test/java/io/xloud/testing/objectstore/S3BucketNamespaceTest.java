package io.xloud.testing.objectstore;

import io.xloud.testing.objectstore.S3Accounts.Account;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.xloud.testing.objectstore.S3Accounts.assertS3Error;
import static io.xloud.testing.objectstore.S3Accounts.bucketName;
import static io.xloud.testing.objectstore.S3Accounts.expect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * S3 bucket names are one namespace across projects, while Swift containers stay per account: a bucket is the
 * container of its owner's account, and another account's container of the same name is never an S3 bucket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3BucketNamespaceTest
{
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

    @Test
    void aCallerThatNamesTheExpectedOwnerIsRefusedWhenAnotherAccountOwnsTheBucket()
    {
        String bucket = bucketName();
        alice.s3().createBucket(b -> b.bucket(bucket).acl(BucketCannedACL.PUBLIC_READ_WRITE));
        alice.s3().putObject(b -> b.bucket(bucket).key("k").acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromString("alice's"));

        // the owner, naming itself
        alice.s3().headBucket(b -> b.bucket(bucket).expectedBucketOwner(alice.projectId()));
        assertThat(alice.s3().getObjectAsBytes(b -> b.bucket(bucket).key("k").expectedBucketOwner(alice.projectId())).asUtf8String())
                .isEqualTo("alice's");
        assertS3Error(() -> alice.s3().headBucket(b -> b.bucket(bucket).expectedBucketOwner(bob.projectId())), 403, null);

        // bob may write there by the bucket's ACL, but not when he expects the bucket to be his own
        assertS3Error(() -> bob.s3().putObject(b -> b.bucket(bucket).key("mine").expectedBucketOwner(bob.projectId()),
                RequestBody.fromString("bob's")), 403, "AccessDenied");
        assertS3Error(() -> bob.s3().headObject(b -> b.bucket(bucket).key("mine")), 404, null);
        bob.s3().putObject(b -> b.bucket(bucket).key("mine").expectedBucketOwner(alice.projectId()), RequestBody.fromString("bob's"));

        // a copy checks its source bucket's owner too
        String own = bucketName();
        bob.s3().createBucket(b -> b.bucket(own));
        assertS3Error(() -> bob.s3().copyObject(b -> b.sourceBucket(bucket).sourceKey("k").destinationBucket(own).destinationKey("copy")
                .expectedSourceBucketOwner(bob.projectId())), 403, "AccessDenied");
        assertS3Error(() -> bob.s3().headObject(b -> b.bucket(own).key("copy")), 404, null);
        bob.s3().copyObject(b -> b.sourceBucket(bucket).sourceKey("k").destinationBucket(own).destinationKey("copy")
                .expectedSourceBucketOwner(alice.projectId()).expectedBucketOwner(bob.projectId()));
        assertThat(bob.s3().getObjectAsBytes(b -> b.bucket(own).key("copy")).asUtf8String()).isEqualTo("alice's");
    }

    @Test
    void aBucketsContainerQuotaHoldsForS3Writes()
    {
        String bucket = bucketName();
        alice.s3().createBucket(b -> b.bucket(bucket));
        alice.s3().putObject(b -> b.bucket(bucket).key("a"), RequestBody.fromString("12345"));
        // the bucket is its owner's container: a quota set through Swift counts what S3 wrote
        expect(alice.http().send("POST", alice.swiftPath(bucket), null,
                Map.of("X-Container-Meta-Quota-Bytes", "10", "X-Container-Meta-Quota-Count", "2")), 204);

        assertS3Error(() -> alice.s3().putObject(b -> b.bucket(bucket).key("b"), RequestBody.fromString("1234567")), 403, "QuotaExceeded");
        alice.s3().putObject(b -> b.bucket(bucket).key("b"), RequestBody.fromString("1"));
        assertS3Error(() -> alice.s3().putObject(b -> b.bucket(bucket).key("c"), RequestBody.fromString("")), 403, "QuotaExceeded");

        assertThat(alice.s3().listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(o -> o.key() + "=" + o.size())
                .containsExactly("a=5", "b=1");
        assertThat(alice.http().head(alice.swiftPath(bucket)).header("X-Container-Bytes-Used")).contains("6");
    }

    @Test
    void aNameAnotherAccountOwnsIsTakenAndOneYouOwnIsYours()
    {
        String bucket = bucketName();
        alice.s3().createBucket(b -> b.bucket(bucket));

        assertS3Error(() -> bob.s3().createBucket(b -> b.bucket(bucket)), 409, "BucketAlreadyExists");
        assertS3Error(() -> alice.s3().createBucket(b -> b.bucket(bucket)), 409, "BucketAlreadyOwnedByYou");
    }

    @Test
    void anotherAccountsBucketIsAccessDenied()
    {
        String bucket = bucketName();
        alice.s3().createBucket(b -> b.bucket(bucket));
        alice.s3().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("alice"));

        assertThat(bob.s3().listBuckets().buckets()).extracting(Bucket::name).doesNotContain(bucket);
        assertS3Error(() -> bob.s3().headBucket(b -> b.bucket(bucket)), 403, null);
        assertS3Error(() -> bob.s3().listObjectsV2(b -> b.bucket(bucket)), 403, "AccessDenied");
        assertS3Error(() -> bob.s3().getObject(b -> b.bucket(bucket).key("k")), 403, "AccessDenied");
        assertS3Error(() -> bob.s3().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("bob")), 403, "AccessDenied");
        assertS3Error(() -> bob.s3().deleteBucket(b -> b.bucket(bucket)), 403, "AccessDenied");
        assertThat(alice.s3().getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("alice");
    }

    @Test
    void copyingFromAnotherAccountsBucketIsAccessDenied()
    {
        String source = bucketName();
        alice.s3().createBucket(b -> b.bucket(source));
        alice.s3().putObject(b -> b.bucket(source).key("k"), RequestBody.fromString("alice"));
        String target = bucketName();
        bob.s3().createBucket(b -> b.bucket(target));

        assertS3Error(() -> bob.s3().copyObject(b -> b.sourceBucket(source).sourceKey("k").destinationBucket(target).destinationKey("k")),
                403, "AccessDenied");
    }

    @Test
    void aBucketIsAContainerOfItsOwnersAccount()
    {
        String bucket = bucketName();
        alice.s3().createBucket(b -> b.bucket(bucket));
        alice.s3().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("alice"));

        assertThat(alice.http().get(alice.swiftPath(bucket) + "/k").body()).isEqualTo("alice");
        expect(bob.http().get(bob.swiftPath(bucket)), 404);
    }

    @Test
    void aSwiftContainerOfAnotherAccountWithABucketsNameStaysOutOfS3()
    {
        String bucket = bucketName();
        alice.s3().createBucket(b -> b.bucket(bucket));

        // Swift containers are per account: bob may have one of that name, S3 does not see it as his
        expect(bob.http().put(bob.swiftPath(bucket), null), 201);
        expect(bob.http().put(bob.swiftPath(bucket) + "/k", "bob"), 201);
        assertThat(bob.s3().listBuckets().buckets()).extracting(Bucket::name).doesNotContain(bucket);
        assertS3Error(() -> bob.s3().getObject(b -> b.bucket(bucket).key("k")), 403, "AccessDenied");

        // once alice's bucket is gone, the name is free and bob's container becomes his bucket
        alice.s3().deleteBucket(b -> b.bucket(bucket));
        assertThat(bob.s3().getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("bob");
        assertThat(bob.s3().listBuckets().buckets()).extracting(Bucket::name).contains(bucket);
        assertS3Error(() -> alice.s3().createBucket(b -> b.bucket(bucket)), 409, "BucketAlreadyExists");
    }

    @Test
    void aContainerMadeThroughSwiftUnderAFreeNameIsItsOwnersBucket()
    {
        String bucket = bucketName();
        expect(bob.http().put(bob.swiftPath(bucket), null), 201);

        assertThat(bob.s3().listBuckets().buckets()).extracting(Bucket::name).contains(bucket);
        assertS3Error(() -> alice.s3().createBucket(b -> b.bucket(bucket)), 409, "BucketAlreadyExists");
        assertS3Error(() -> bob.s3().createBucket(b -> b.bucket(bucket)), 409, "BucketAlreadyOwnedByYou");
    }

    @Test
    void aDeletedBucketsNameIsFreeForAnyAccount()
    {
        String bucket = bucketName();
        alice.s3().createBucket(b -> b.bucket(bucket));
        alice.s3().deleteBucket(b -> b.bucket(bucket));

        bob.s3().createBucket(b -> b.bucket(bucket));

        assertThat(bob.s3().listBuckets().buckets()).extracting(Bucket::name).contains(bucket);
        assertS3Error(() -> alice.s3().headBucket(b -> b.bucket(bucket)), 403, null);
    }

    @Test
    void ofConcurrentCreatesOfOneNameExactlyOneWins()
            throws Exception
    {
        for (int round = 0; round < 3; round++) {
            String bucket = bucketName();
            List<Callable<Integer>> creates = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Account account = i % 2 == 0 ? alice : bob;
                creates.add(() -> {
                    try {
                        account.s3().createBucket(b -> b.bucket(bucket));
                        return 200;
                    }
                    catch (S3Exception e) {
                        assertThat(e.awsErrorDetails().errorCode()).isIn("BucketAlreadyExists", "BucketAlreadyOwnedByYou");
                        return e.statusCode();
                    }
                });
            }
            List<Integer> statuses = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                for (Future<Integer> result : pool.invokeAll(creates)) {
                    statuses.add(result.get());
                }
            }
            assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
            assertThat(statuses).filteredOn(status -> status == 409).hasSize(7);
            long owners = List.of(alice, bob).stream()
                    .filter(account -> account.s3().listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucket)))
                    .count();
            assertThat(owners).isEqualTo(1);
        }
    }
}

package io.xloud.objectstore.s3;

import org.junit.jupiter.api.Test;

import static io.xloud.objectstore.s3.SignatureV4VerifierTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

class BucketNamesTest
{
    @Test
    void acceptsWhatS3Accepts()
    {
        for (String name : new String[] {"abc", "my-bucket", "my.bucket.2", "a".repeat(63), "0bucket9"}) {
            assertThat(BucketNames.isValid(name)).as(name).isTrue();
        }
    }

    @Test
    void refusesWhatS3Refuses()
    {
        for (String name : new String[] {"ab", "a".repeat(64), "My-Bucket", "-bucket", "bucket-", "my..bucket", "my.-bucket", "192.168.5.4",
                "xn--bucket", "sthree-b", "b-s3alias", "b--ol-s3", "under_score", "b+segments", "with space", ""}) {
            assertThat(BucketNames.isValid(name)).as(name).isFalse();
        }
        assertCode(() -> BucketNames.requireValid("Bad"), S3ErrorCode.INVALID_BUCKET_NAME, "not valid");
    }

    @Test
    void hidesPartsContainers()
    {
        assertThat(BucketNames.isBucket("photos")).isTrue();
        assertThat(BucketNames.isBucket("Photos_From_Swift")).isTrue();
        assertThat(BucketNames.isBucket(BucketNames.segmentsContainer("photos"))).isFalse();
    }
}

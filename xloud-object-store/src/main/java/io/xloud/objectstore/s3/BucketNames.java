package io.xloud.objectstore.s3;

import java.util.regex.Pattern;

/**
 * S3's bucket naming rules. Buckets are the containers of the caller's project; a container made through
 * Swift under a name S3 would refuse stays reachable, only new buckets are held to the rules.
 */
public final class BucketNames
{
    /** Suffix of the container that holds a bucket's multipart upload parts; '+' cannot occur in a bucket name. */
    public static final String SEGMENTS_SUFFIX = "+segments";

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private BucketNames() {}

    public static boolean isValid(String name)
    {
        return VALID.matcher(name).matches()
                && !name.contains("..")
                && !name.contains(".-")
                && !name.contains("-.")
                && !IP_ADDRESS.matcher(name).matches()
                && !name.startsWith("xn--")
                && !name.startsWith("sthree-")
                && !name.endsWith("-s3alias")
                && !name.endsWith("--ol-s3");
    }

    /** InvalidBucketName unless the name may be given to a new bucket. */
    public static void requireValid(String name)
    {
        if (!isValid(name)) {
            throw S3ErrorCode.INVALID_BUCKET_NAME.exception("The specified bucket is not valid.");
        }
    }

    /** Whether a container name can be addressed as a bucket at all: S3 clients cannot send '/' in one, nor reach the parts containers. */
    public static boolean isBucket(String container)
    {
        return !container.isEmpty() && container.indexOf('/') < 0 && !container.endsWith(SEGMENTS_SUFFIX);
    }

    public static String segmentsContainer(String bucket)
    {
        return bucket + SEGMENTS_SUFFIX;
    }
}

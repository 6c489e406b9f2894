package io.xloud.objectstore.s3;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * How multipart uploads are kept: in the bucket's parts container ({@link BucketNames#SEGMENTS_SUFFIX}),
 * an upload is a marker object named by its id, and each part an object {@code <upload id>/<part number>}
 * with the number zero-padded so that parts list in order. Objects, not rows of their own: the engine's
 * durability, accounting and blob sweeping apply to parts as to any object.
 */
public final class MultipartUploads
{
    public static final int MAX_PART_NUMBER = 10_000;
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    public static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;

    private static final Pattern UPLOAD_ID = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private MultipartUploads() {}

    public static String newUploadId()
    {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return HEX.formatHex(random);
    }

    /** Whether an id is one this server could have issued; any other is NoSuchUpload without a lookup. */
    public static boolean isUploadId(String id)
    {
        return UPLOAD_ID.matcher(id).matches();
    }

    /** The marker object of an upload. */
    public static String markerName(String uploadId)
    {
        return uploadId;
    }

    /** The prefix of every part of an upload. */
    public static String partPrefix(String uploadId)
    {
        return uploadId + "/";
    }

    public static String partName(String uploadId, int partNumber)
    {
        return partPrefix(uploadId) + String.format(Locale.ROOT, "%05d", partNumber);
    }

    /** The part number of a part object's name, if it is one. */
    public static OptionalInt partNumber(String partName)
    {
        int slash = partName.lastIndexOf('/');
        String digits = partName.substring(slash + 1);
        if (slash != 32 || digits.length() != 5 || !digits.chars().allMatch(Character::isDigit)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(digits));
    }

    /** InvalidArgument unless a part number is 1 to 10000. */
    public static int requirePartNumber(String value)
    {
        try {
            int number = Integer.parseInt(value);
            if (number >= 1 && number <= MAX_PART_NUMBER) {
                return number;
            }
        }
        catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw S3ErrorCode.INVALID_ARGUMENT.exception("Part number must be an integer between 1 and 10000, inclusive");
    }

    /** Past this length the sizes of a completed upload's parts are not kept (thousands of parts of different sizes). */
    public static final int MAX_PART_SIZES_LENGTH = 8192;

    /**
     * The sizes of a completed upload's parts, run-length encoded ({@code 8388608*12,1024}: twelve parts of 8 MiB,
     * then one of 1 KiB), so that an upload of equal parts keeps its layout in a few characters.
     */
    public static String encodePartSizes(List<Long> sizes)
    {
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < sizes.size()) {
            long size = sizes.get(i);
            int run = 1;
            while (i + run < sizes.size() && sizes.get(i + run) == size) {
                run++;
            }
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(size);
            if (run > 1) {
                text.append('*').append(run);
            }
            i += run;
        }
        return text.toString();
    }

    /** The part sizes {@link #encodePartSizes} wrote; empty for text it could not have written. */
    public static Optional<long[]> decodePartSizes(String text)
    {
        List<Long> sizes = new ArrayList<>();
        try {
            for (String run : text.split(",", -1)) {
                int star = run.indexOf('*');
                long size = Long.parseLong(star < 0 ? run : run.substring(0, star));
                int count = star < 0 ? 1 : Integer.parseInt(run.substring(star + 1));
                if (size < 0 || count < 1 || sizes.size() + count > MAX_PART_NUMBER) {
                    return Optional.empty();
                }
                for (int i = 0; i < count; i++) {
                    sizes.add(size);
                }
            }
        }
        catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(sizes.stream().mapToLong(Long::longValue).toArray());
    }

    /** The ETag of a completed upload: the MD5 of the parts' binary MD5s, a dash and the number of parts. */
    public static String etag(List<String> partMd5s)
    {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            for (String part : partMd5s) {
                md5.update(HEX.parseHex(part));
            }
            return HEX.formatHex(md5.digest()) + "-" + partMd5s.size();
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from the JDK", e);
        }
    }
}

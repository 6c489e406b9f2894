package io.xloud.objectstore.s3;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/** The additional checksums S3 takes in {@code x-amz-checksum-*} headers and trailers, base64 on the wire. */
public enum ChecksumAlgorithm
{
    CRC32("CRC32", 4),
    CRC32C("CRC32C", 4),
    CRC64NVME("CRC64NVME", 8),
    SHA1("SHA1", 20),
    SHA256("SHA256", 32);

    private final String wireName;
    private final int length;

    ChecksumAlgorithm(String wireName, int length)
    {
        this.wireName = wireName;
        this.length = length;
    }

    /** As in {@code x-amz-sdk-checksum-algorithm} and {@code <ChecksumAlgorithm>}: {@code CRC32}, {@code SHA256}. */
    public String wireName()
    {
        return wireName;
    }

    /** The header or trailer that carries a value: {@code x-amz-checksum-crc32}. */
    public String headerName()
    {
        return "x-amz-checksum-" + wireName.toLowerCase(Locale.ROOT);
    }

    /** Bytes in a value before base64. */
    public int length()
    {
        return length;
    }

    public static Optional<ChecksumAlgorithm> fromWireName(String name)
    {
        for (ChecksumAlgorithm algorithm : values()) {
            if (algorithm.wireName.equalsIgnoreCase(name)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    public static Optional<ChecksumAlgorithm> fromHeaderName(String name)
    {
        for (ChecksumAlgorithm algorithm : values()) {
            if (algorithm.headerName().equalsIgnoreCase(name)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /** Whether a value is base64 of the right number of bytes for this algorithm. */
    public boolean isValidValue(String value)
    {
        try {
            return Base64.getDecoder().decode(value).length == length;
        }
        catch (IllegalArgumentException e) {
            return false;
        }
    }

    public Digest newDigest()
    {
        return switch (this) {
            case CRC32 -> new CrcDigest(new CRC32(), 4);
            case CRC32C -> new CrcDigest(new CRC32C(), 4);
            case CRC64NVME -> new CrcDigest(new Crc64Nvme(), 8);
            case SHA1 -> new MessageDigestDigest(messageDigest("SHA-1"));
            case SHA256 -> new MessageDigestDigest(messageDigest("SHA-256"));
        };
    }

    /** The base64 value of this checksum over some bytes. */
    public String compute(byte[] data)
    {
        Digest digest = newDigest();
        digest.update(data, 0, data.length);
        return digest.base64();
    }

    /** A running checksum of one algorithm. */
    public interface Digest
    {
        void update(byte[] bytes, int offset, int length);

        byte[] digest();

        default String base64()
        {
            return Base64.getEncoder().encodeToString(digest());
        }
    }

    private static MessageDigest messageDigest(String name)
    {
        try {
            return MessageDigest.getInstance(name);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is missing from the JDK", e);
        }
    }

    private record CrcDigest(Checksum checksum, int length)
            implements Digest
    {
        @Override
        public void update(byte[] bytes, int offset, int length)
        {
            checksum.update(bytes, offset, length);
        }

        /** Big-endian, as S3 encodes CRCs. */
        @Override
        public byte[] digest()
        {
            long value = checksum.getValue();
            byte[] bytes = new byte[length];
            for (int i = length - 1; i >= 0; i--) {
                bytes[i] = (byte) value;
                value >>>= 8;
            }
            return bytes;
        }
    }

    private record MessageDigestDigest(MessageDigest messageDigest)
            implements Digest
    {
        @Override
        public void update(byte[] bytes, int offset, int length)
        {
            messageDigest.update(bytes, offset, length);
        }

        @Override
        public byte[] digest()
        {
            return messageDigest.digest();
        }
    }
}

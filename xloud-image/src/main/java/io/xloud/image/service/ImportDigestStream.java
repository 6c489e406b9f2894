package io.xloud.image.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Counts the bytes read through it and computes Glance's digests of them: MD5 ({@code checksum}) and SHA-512 ({@code os_hash_value}). */
public final class ImportDigestStream
        extends FilterInputStream
{
    public static final String HASH_ALGO = "sha512";

    private final MessageDigest md5;
    private final MessageDigest sha512;
    private long count;

    public ImportDigestStream(InputStream in)
    {
        super(in);
        try {
            this.md5 = MessageDigest.getInstance("MD5");
            this.sha512 = MessageDigest.getInstance("SHA-512");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read()
            throws IOException
    {
        int b = super.read();
        if (b >= 0) {
            md5.update((byte) b);
            sha512.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length)
            throws IOException
    {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            md5.update(buffer, offset, n);
            sha512.update(buffer, offset, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n)
            throws IOException
    {
        // skipping would leave bytes out of the digests
        long skipped = 0;
        byte[] buffer = new byte[8192];
        while (skipped < n) {
            int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported()
    {
        return false;
    }

    public long count()
    {
        return count;
    }

    public String md5Hex()
    {
        return HexFormat.of().formatHex(md5.digest());
    }

    public String sha512Hex()
    {
        return HexFormat.of().formatHex(sha512.digest());
    }
}

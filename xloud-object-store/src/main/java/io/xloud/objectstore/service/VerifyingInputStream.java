package io.xloud.objectstore.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Passes an object's bytes through and, at their end, fails the read if their MD5 is not the stored one. */
final class VerifyingInputStream
        extends FilterInputStream
{
    private static final Logger LOG = LoggerFactory.getLogger(VerifyingInputStream.class);

    private final MessageDigest md5;
    private final String expected;
    private final String what;
    private boolean checked;

    VerifyingInputStream(InputStream in, String expectedMd5, String what)
    {
        super(in);
        this.expected = expectedMd5;
        this.what = what;
        try {
            this.md5 = MessageDigest.getInstance("MD5");
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
        if (b < 0) {
            verify();
        }
        else {
            md5.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length)
            throws IOException
    {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            verify();
        }
        else {
            md5.update(buffer, offset, n);
        }
        return n;
    }

    @Override
    public long skip(long n)
            throws IOException
    {
        // a skipped byte cannot be checked: read it instead
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }

    private void verify()
            throws IOException
    {
        if (checked) {
            return;
        }
        checked = true;
        String actual = HexFormat.of().formatHex(md5.digest());
        if (!actual.equalsIgnoreCase(expected)) {
            LOG.error("object {} is corrupt: its bytes have MD5 {} but {} was stored", what, actual, expected);
            throw new IOException("object content does not match its checksum");
        }
    }
}

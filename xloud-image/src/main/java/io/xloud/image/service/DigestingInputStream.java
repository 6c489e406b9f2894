package io.xloud.image.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Computes MD5 and SHA-512 of the bytes read through it, and remembers whether reading the source failed. */
public final class DigestingInputStream
        extends FilterInputStream
{
    private final MessageDigest md5;
    private final MessageDigest sha512;
    private boolean readFailed;

    public DigestingInputStream(InputStream in)
    {
        super(in);
        try {
            md5 = MessageDigest.getInstance("MD5");
            sha512 = MessageDigest.getInstance("SHA-512");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read()
            throws IOException
    {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length)
            throws IOException
    {
        int read;
        try {
            read = in.read(buffer, offset, length);
        }
        catch (IOException | RuntimeException e) {
            readFailed = true;
            throw e;
        }
        if (read > 0) {
            md5.update(buffer, offset, read);
            sha512.update(buffer, offset, read);
        }
        return read;
    }

    @Override
    public long skip(long n)
    {
        return 0;
    }

    @Override
    public boolean markSupported()
    {
        return false;
    }

    public boolean readFailed()
    {
        return readFailed;
    }

    /** The MD5 of what was read; once, after the end. */
    public byte[] md5()
    {
        return md5.digest();
    }

    /** The SHA-512 of what was read; once, after the end. */
    public byte[] sha512()
    {
        return sha512.digest();
    }
}

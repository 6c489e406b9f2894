package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.objectstore.service.ObjectErrorCode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A streaming reader of tar archives (ustar, GNU long names, pax path and size records); each entry's
 * content is read from the archive as it goes, never buffered.
 */
final class TarReader
{
    private static final int BLOCK = 512;
    private static final int MAX_NAME_RECORD = 64 * 1024;

    record Entry(String name, long size, boolean file) {}

    private final InputStream in;
    private long remaining;
    private long padding;

    TarReader(InputStream in)
    {
        this.in = in;
    }

    /** The next entry; what was left of the previous entry's content is skipped. */
    Optional<Entry> next()
            throws IOException
    {
        skipRest();
        String longName = null;
        Long paxSize = null;
        while (true) {
            byte[] header = new byte[BLOCK];
            if (!readFully(header)) {
                return Optional.empty();
            }
            if (allZero(header)) {
                return Optional.empty();
            }
            String name = text(header, 0, 100);
            long size = number(header, 124, 12);
            char type = (char) header[156];
            String magic = text(header, 257, 6);
            if (magic.startsWith("ustar")) {
                String prefix = text(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            if (type == 'L' || type == 'x' || type == 'g') {
                if (size > MAX_NAME_RECORD) {
                    throw invalid();
                }
                byte[] data = new byte[(int) size];
                if (!readFully(data)) {
                    throw invalid();
                }
                skip(pad(size));
                if (type == 'L') {
                    longName = new String(data, StandardCharsets.UTF_8).replaceAll("\0+$", "");
                }
                else if (type == 'x') {
                    String records = new String(data, StandardCharsets.UTF_8);
                    for (String record : records.split("\n")) {
                        int space = record.indexOf(' ');
                        int equals = record.indexOf('=');
                        if (space < 0 || equals < space) {
                            continue;
                        }
                        String key = record.substring(space + 1, equals);
                        String value = record.substring(equals + 1);
                        if (key.equals("path")) {
                            longName = value;
                        }
                        else if (key.equals("size")) {
                            paxSize = Long.parseLong(value);
                        }
                    }
                }
                continue;
            }
            if (longName != null) {
                name = longName;
            }
            if (paxSize != null) {
                size = paxSize;
            }
            boolean file = type == '0' || type == '\0' || type == '7';
            long dataSize = (type == '5' || type == '1' || type == '2') ? 0 : size;
            remaining = dataSize;
            padding = pad(dataSize);
            return Optional.of(new Entry(name, file ? size : 0, file && !name.endsWith("/")));
        }
    }

    /** The current entry's content. */
    InputStream content()
    {
        return new InputStream()
        {
            @Override
            public int read()
                    throws IOException
            {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length)
                    throws IOException
            {
                if (remaining <= 0) {
                    return -1;
                }
                int n = in.read(buffer, offset, (int) Math.min(length, remaining));
                if (n < 0) {
                    throw new IOException("archive ends inside an entry");
                }
                remaining -= n;
                return n;
            }
        };
    }

    private void skipRest()
            throws IOException
    {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
    }

    private void skip(long count)
            throws IOException
    {
        byte[] buffer = new byte[8192];
        while (count > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, count));
            if (n < 0) {
                throw invalid();
            }
            count -= n;
        }
    }

    private boolean readFully(byte[] buffer)
            throws IOException
    {
        int total = 0;
        while (total < buffer.length) {
            int n = in.read(buffer, total, buffer.length - total);
            if (n < 0) {
                if (total == 0) {
                    return false;
                }
                throw invalid();
            }
            total += n;
        }
        return true;
    }

    private static long pad(long size)
    {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static boolean allZero(byte[] block)
    {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] block, int offset, int length)
    {
        int end = offset;
        while (end < offset + length && block[end] != 0) {
            end++;
        }
        return new String(block, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long number(byte[] block, int offset, int length)
    {
        if ((block[offset] & 0x80) != 0) {
            // base-256, for sizes past 8 GiB
            long value = block[offset] & 0x7f;
            for (int i = 1; i < length; i++) {
                value = (value << 8) | (block[offset + i] & 0xff);
            }
            return value;
        }
        String octal = text(block, offset, length).strip();
        if (octal.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(octal, 8);
        }
        catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static ApiException invalid()
    {
        return new ApiException(ObjectErrorCode.BAD_REQUEST, "Invalid Tar File: not a valid tar archive");
    }
}

package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.objectstore.service.ObjectErrorCode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarUtils;
import org.apache.commons.io.input.BoundedInputStream;
import org.apache.commons.io.input.CloseShieldInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The entries of a tar archive (ustar, GNU long names, pax), read by Commons Compress as the request streams
 * in; each entry's content is read from the archive as it goes, never buffered. Any fault of the archive is
 * Swift's 400 "Invalid Tar File".
 */
final class TarReader
{
    // pax records and GNU long names are held in memory whole: a hostile archive must not make them huge
    static final int MAX_NAME_RECORD = 64 * 1024;

    record Entry(String name, long size, boolean file) {}

    private final TarArchiveInputStream in;

    TarReader(InputStream in)
    {
        try {
            this.in = new GuardedTarInputStream(BoundedInputStream.builder().setInputStream(in).get());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next entry; what was left of the previous entry's content is skipped. */
    Optional<Entry> next()
    {
        TarArchiveEntry entry;
        try {
            entry = in.getNextEntry();
        }
        catch (IOException | IllegalArgumentException e) {
            throw failure(e);
        }
        if (entry == null) {
            return Optional.empty();
        }
        String name = entry.getName();
        byte type = entry.getLinkFlag();
        boolean file = (type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM || type == TarConstants.LF_CONTIG) && !name.endsWith("/");
        return Optional.of(new Entry(name, file ? entry.getSize() : 0, file));
    }

    /** The current entry's content; closing it leaves the archive open. */
    InputStream content()
    {
        return CloseShieldInputStream.wrap(in);
    }

    private static ApiException failure(Exception e)
    {
        if (e.getCause() instanceof ApiException api) {
            // the request body's own limits and faults, as the exchange reported them
            return api;
        }
        return new ApiException(ObjectErrorCode.BAD_REQUEST, "Invalid Tar File: not a valid tar archive");
    }

    /**
     * Holds Commons Compress's lenient reader to what Swift's tarfile accepts: a header with a wrong checksum or
     * an archive cut inside a header is invalid, not the end; and refuses a pax or long-name record larger than
     * {@link #MAX_NAME_RECORD} before it is read into memory.
     */
    private static final class GuardedTarInputStream
            extends TarArchiveInputStream
    {
        private final BoundedInputStream counted;

        GuardedTarInputStream(BoundedInputStream counted)
        {
            super(counted);
            this.counted = counted;
        }

        @Override
        protected byte[] readRecord()
                throws IOException
        {
            byte[] record = super.readRecord();
            if (record == null) {
                if (counted.getCount() % TarConstants.DEFAULT_RCDSIZE != 0) {
                    throw new IOException("archive ends inside a header");
                }
                return null;
            }
            TarArchiveEntry current = getCurrentEntry();
            // an old GNU sparse entry's extension records carry no checksum
            boolean sparseExtension = current != null && current.isOldGNUSparse();
            if (!sparseExtension && !isEOFRecord(record) && !TarUtils.verifyCheckSum(record)) {
                throw new IOException("tar header checksum mismatch");
            }
            if (record.length >= TarConstants.DEFAULT_RCDSIZE) {
                byte type = record[TarConstants.NAMELEN + TarConstants.MODELEN + TarConstants.UIDLEN + TarConstants.GIDLEN
                        + TarConstants.SIZELEN + TarConstants.MODTIMELEN + TarConstants.CHKSUMLEN];
                if (type == TarConstants.LF_PAX_EXTENDED_HEADER_LC || type == TarConstants.LF_PAX_EXTENDED_HEADER_UC
                        || type == TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER
                        || type == TarConstants.LF_GNUTYPE_LONGNAME || type == TarConstants.LF_GNUTYPE_LONGLINK) {
                    long size;
                    try {
                        size = TarUtils.parseOctalOrBinary(record, TarConstants.NAMELEN + TarConstants.MODELEN + TarConstants.UIDLEN + TarConstants.GIDLEN,
                                TarConstants.SIZELEN);
                    }
                    catch (IllegalArgumentException e) {
                        throw new IOException("malformed size in a tar header", e);
                    }
                    if (size > MAX_NAME_RECORD) {
                        throw new IOException("tar name record of " + size + " bytes");
                    }
                }
            }
            return record;
        }
    }
}

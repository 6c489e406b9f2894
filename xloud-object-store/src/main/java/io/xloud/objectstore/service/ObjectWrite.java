package io.xloud.objectstore.service;

import io.xloud.objectstore.driver.BlobStore.BlobWrite;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * What a write stores besides the bytes, and what it checks. Build with {@link #builder(String)}.
 *
 * @param expectedMd5 the MD5 (hex) the client announced; a mismatch fails with CHECKSUM_MISMATCH and stores nothing
 * @param expectedSize the length the client announced; fewer bytes fail with INCOMPLETE_BODY
 * @param etag the ETag to store instead of the content's MD5 (an SLO's, an S3 multipart upload's)
 * @param maxSize the largest object accepted; larger fails with ENTITY_TOO_LARGE
 * @param check runs once the bytes are durable and before the object is committed; it may throw to refuse
 *        the write (e.g. S3's trailing checksums), and then nothing is stored
 * @param lateSysmeta system metadata known only once the bytes have been read (S3's checksums sent in a trailer):
 *        asked for after {@code check}, just before the commit, and added to {@code sysmeta}
 * @param version the write's timestamp (epoch microseconds) when it replicates a write made elsewhere (container
 *        sync); by default the time the write arrives
 * @param ifCurrent a condition on the name's current object (If-None-Match, If-Match), checked in the commit's
 *        transaction so that it holds against concurrent writes; it may throw to refuse the write, and then nothing
 *        is stored
 */
public record ObjectWrite(
        String contentType,
        Map<String, String> metadata,
        Map<String, String> headers,
        Map<String, String> sysmeta,
        Optional<String> expectedMd5,
        OptionalLong expectedSize,
        OptionalLong deleteAt,
        Optional<String> manifestKind,
        Optional<String> manifest,
        Optional<String> etag,
        long maxSize,
        Optional<ContentCheck> check,
        Optional<Supplier<Map<String, String>>> lateSysmeta,
        OptionalLong version,
        Optional<CurrentCheck> ifCurrent)
{
    /** A check of the stored bytes before they are committed; throws an {@code ApiException} to refuse them. */
    @FunctionalInterface
    public interface ContentCheck
    {
        void check(BlobWrite written);
    }

    /** A condition on the current object of the name written: its ETag, empty when there is none; throws to refuse. */
    @FunctionalInterface
    public interface CurrentCheck
    {
        void check(Optional<String> currentEtag);
    }

    public ObjectWrite
    {
        requireNonNull(contentType, "contentType is null");
        metadata = Map.copyOf(metadata);
        headers = Map.copyOf(headers);
        sysmeta = Map.copyOf(sysmeta);
        requireNonNull(expectedMd5, "expectedMd5 is null");
        requireNonNull(expectedSize, "expectedSize is null");
        requireNonNull(deleteAt, "deleteAt is null");
        requireNonNull(manifestKind, "manifestKind is null");
        requireNonNull(manifest, "manifest is null");
        requireNonNull(etag, "etag is null");
        requireNonNull(check, "check is null");
        requireNonNull(lateSysmeta, "lateSysmeta is null");
        requireNonNull(version, "version is null");
        requireNonNull(ifCurrent, "ifCurrent is null");
    }

    public static Builder builder(String contentType)
    {
        return new Builder(contentType);
    }

    public Builder toBuilder()
    {
        Builder builder = new Builder(contentType);
        builder.metadata = metadata;
        builder.headers = headers;
        builder.sysmeta = sysmeta;
        builder.expectedMd5 = expectedMd5;
        builder.expectedSize = expectedSize;
        builder.deleteAt = deleteAt;
        builder.manifestKind = manifestKind;
        builder.manifest = manifest;
        builder.etag = etag;
        builder.maxSize = maxSize;
        builder.check = check;
        builder.lateSysmeta = lateSysmeta;
        builder.version = version;
        builder.ifCurrent = ifCurrent;
        return builder;
    }

    public static final class Builder
    {
        private String contentType;
        private Map<String, String> metadata = Map.of();
        private Map<String, String> headers = Map.of();
        private Map<String, String> sysmeta = Map.of();
        private Optional<String> expectedMd5 = Optional.empty();
        private OptionalLong expectedSize = OptionalLong.empty();
        private OptionalLong deleteAt = OptionalLong.empty();
        private Optional<String> manifestKind = Optional.empty();
        private Optional<String> manifest = Optional.empty();
        private Optional<String> etag = Optional.empty();
        private long maxSize = ObjectService.MAX_OBJECT_SIZE;
        private Optional<ContentCheck> check = Optional.empty();
        private Optional<Supplier<Map<String, String>>> lateSysmeta = Optional.empty();
        private OptionalLong version = OptionalLong.empty();
        private Optional<CurrentCheck> ifCurrent = Optional.empty();

        private Builder(String contentType)
        {
            this.contentType = requireNonNull(contentType, "contentType is null");
        }

        public Builder contentType(String contentType)
        {
            this.contentType = requireNonNull(contentType, "contentType is null");
            return this;
        }

        public Builder metadata(Map<String, String> metadata)
        {
            this.metadata = metadata;
            return this;
        }

        public Builder headers(Map<String, String> headers)
        {
            this.headers = headers;
            return this;
        }

        public Builder sysmeta(Map<String, String> sysmeta)
        {
            this.sysmeta = sysmeta;
            return this;
        }

        public Builder expectedMd5(String md5)
        {
            this.expectedMd5 = Optional.of(md5);
            return this;
        }

        public Builder expectedSize(long size)
        {
            this.expectedSize = OptionalLong.of(size);
            return this;
        }

        public Builder deleteAt(OptionalLong epochSeconds)
        {
            this.deleteAt = epochSeconds;
            return this;
        }

        public Builder manifest(String kind, Optional<String> value)
        {
            this.manifestKind = Optional.of(kind);
            this.manifest = value;
            return this;
        }

        public Builder noManifest()
        {
            this.manifestKind = Optional.empty();
            this.manifest = Optional.empty();
            return this;
        }

        public Builder etag(String etag)
        {
            this.etag = Optional.of(etag);
            return this;
        }

        public Builder maxSize(long maxSize)
        {
            this.maxSize = maxSize;
            return this;
        }

        public Builder check(ContentCheck check)
        {
            this.check = Optional.of(check);
            return this;
        }

        /** System metadata to add at commit, once the bytes have been read and checked. */
        public Builder lateSysmeta(Supplier<Map<String, String>> lateSysmeta)
        {
            this.lateSysmeta = Optional.of(lateSysmeta);
            return this;
        }

        /** Replicates a write made at {@code version} (epoch microseconds) instead of stamping it on arrival. */
        public Builder version(long version)
        {
            this.version = OptionalLong.of(version);
            return this;
        }

        /** Refuses the write, at its commit, unless the name's current object passes {@code check}. */
        public Builder ifCurrent(CurrentCheck check)
        {
            this.ifCurrent = Optional.of(check);
            return this;
        }

        public ObjectWrite build()
        {
            return new ObjectWrite(contentType, metadata, headers, sysmeta, expectedMd5, expectedSize, deleteAt, manifestKind, manifest,
                    etag, maxSize, check, lateSysmeta, version, ifCurrent);
        }
    }
}

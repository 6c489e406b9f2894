package io.xloud.image.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * One image as Glance keeps it: the core attributes, the free-form extra properties and the tags, and where its bytes are
 * ({@code dataProject}, the storage partition they were written to). {@code version}
 * counts changes, so a write made from a stale read is refused instead of lost.
 */
public record Image(
        String id,
        Optional<String> name,
        String owner,
        String status,
        String visibility,
        boolean isProtected,
        boolean hidden,
        Optional<String> diskFormat,
        Optional<String> containerFormat,
        long minDisk,
        long minRam,
        OptionalLong size,
        OptionalLong virtualSize,
        Optional<String> checksum,
        Optional<String> hashAlgo,
        Optional<String> hashValue,
        Optional<String> dataProject,
        Instant createdAt,
        Instant updatedAt,
        Map<String, String> properties,
        List<String> tags,
        long version)
{
    public static final String QUEUED = "queued";
    public static final String SAVING = "saving";
    public static final String ACTIVE = "active";
    public static final String KILLED = "killed";
    public static final String DELETED = "deleted";
    public static final String PENDING_DELETE = "pending_delete";
    public static final String DEACTIVATED = "deactivated";
    public static final String UPLOADING = "uploading";
    public static final String IMPORTING = "importing";

    public static final String PUBLIC = "public";
    public static final String PRIVATE = "private";
    public static final String SHARED = "shared";
    public static final String COMMUNITY = "community";

    public Image
    {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(status, "status is null");
        requireNonNull(visibility, "visibility is null");
        requireNonNull(diskFormat, "diskFormat is null");
        requireNonNull(containerFormat, "containerFormat is null");
        requireNonNull(size, "size is null");
        requireNonNull(virtualSize, "virtualSize is null");
        requireNonNull(checksum, "checksum is null");
        requireNonNull(hashAlgo, "hashAlgo is null");
        requireNonNull(hashValue, "hashValue is null");
        requireNonNull(dataProject, "dataProject is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
        properties = Map.copyOf(properties);
        tags = List.copyOf(tags);
    }

    public Builder toBuilder()
    {
        return new Builder(this);
    }

    /** A changed copy; {@link #build()} checks nothing beyond the record's own checks. */
    public static final class Builder
    {
        private final Image base;
        private Optional<String> name;
        private String owner;
        private String status;
        private String visibility;
        private boolean isProtected;
        private boolean hidden;
        private Optional<String> diskFormat;
        private Optional<String> containerFormat;
        private long minDisk;
        private long minRam;
        private OptionalLong size;
        private OptionalLong virtualSize;
        private Optional<String> checksum;
        private Optional<String> hashAlgo;
        private Optional<String> hashValue;
        private Optional<String> dataProject;
        private Instant updatedAt;
        private Map<String, String> properties;
        private List<String> tags;

        private Builder(Image image)
        {
            base = image;
            name = image.name;
            owner = image.owner;
            status = image.status;
            visibility = image.visibility;
            isProtected = image.isProtected;
            hidden = image.hidden;
            diskFormat = image.diskFormat;
            containerFormat = image.containerFormat;
            minDisk = image.minDisk;
            minRam = image.minRam;
            size = image.size;
            virtualSize = image.virtualSize;
            checksum = image.checksum;
            hashAlgo = image.hashAlgo;
            hashValue = image.hashValue;
            dataProject = image.dataProject;
            updatedAt = image.updatedAt;
            properties = image.properties;
            tags = image.tags;
        }

        public Builder name(Optional<String> value)
        {
            name = value;
            return this;
        }

        public Builder owner(String value)
        {
            owner = value;
            return this;
        }

        public Builder status(String value)
        {
            status = value;
            return this;
        }

        public Builder visibility(String value)
        {
            visibility = value;
            return this;
        }

        public Builder isProtected(boolean value)
        {
            isProtected = value;
            return this;
        }

        public Builder hidden(boolean value)
        {
            hidden = value;
            return this;
        }

        public Builder diskFormat(Optional<String> value)
        {
            diskFormat = value;
            return this;
        }

        public Builder containerFormat(Optional<String> value)
        {
            containerFormat = value;
            return this;
        }

        public Builder minDisk(long value)
        {
            minDisk = value;
            return this;
        }

        public Builder minRam(long value)
        {
            minRam = value;
            return this;
        }

        public Builder size(OptionalLong value)
        {
            size = value;
            return this;
        }

        public Builder virtualSize(OptionalLong value)
        {
            virtualSize = value;
            return this;
        }

        public Builder checksum(Optional<String> value)
        {
            checksum = value;
            return this;
        }

        public Builder hash(Optional<String> algo, Optional<String> value)
        {
            hashAlgo = algo;
            hashValue = value;
            return this;
        }

        /** The project whose storage holds the bytes: the owner when they were uploaded, whoever owns the image since. */
        public Builder dataProject(Optional<String> value)
        {
            dataProject = value;
            return this;
        }

        public Builder updatedAt(Instant value)
        {
            updatedAt = value;
            return this;
        }

        public Builder properties(Map<String, String> value)
        {
            properties = value;
            return this;
        }

        public Builder tags(List<String> value)
        {
            tags = value;
            return this;
        }

        public Image build()
        {
            return new Image(base.id, name, owner, status, visibility, isProtected, hidden, diskFormat, containerFormat, minDisk, minRam, size,
                    virtualSize, checksum, hashAlgo, hashValue, dataProject, base.createdAt, updatedAt, properties, tags, base.version);
        }
    }
}

package io.xloud.image.service;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** What import needs to know of an image: who owns it, its status and formats, and its data's digests once it has data. */
public record ImportImageState(
        String id,
        String owner,
        String status,
        String visibility,
        Optional<String> diskFormat,
        Optional<String> containerFormat,
        Optional<Long> size,
        Optional<String> checksum,
        Optional<String> osHashValue)
{
    public ImportImageState
    {
        requireNonNull(id, "id is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(status, "status is null");
        requireNonNull(visibility, "visibility is null");
        requireNonNull(diskFormat, "diskFormat is null");
        requireNonNull(containerFormat, "containerFormat is null");
        requireNonNull(size, "size is null");
        requireNonNull(checksum, "checksum is null");
        requireNonNull(osHashValue, "osHashValue is null");
    }
}

package io.xloud.objectstore.service;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * A change to an object's metadata without touching its bytes (Swift's POST). Each part left empty keeps
 * what the object has; a present map replaces the whole map.
 *
 * @param deleteAt a new expiry: present with a value sets it, present and empty ({@code Optional.of(OptionalLong.empty())}) clears it
 */
public record ObjectUpdate(
        Optional<Map<String, String>> metadata,
        Optional<Map<String, String>> headers,
        Optional<Map<String, String>> sysmeta,
        Optional<String> contentType,
        Optional<OptionalLong> deleteAt,
        Optional<Optional<String>> dloManifest)
{
    public ObjectUpdate
    {
        requireNonNull(metadata, "metadata is null");
        requireNonNull(headers, "headers is null");
        requireNonNull(sysmeta, "sysmeta is null");
        requireNonNull(contentType, "contentType is null");
        requireNonNull(deleteAt, "deleteAt is null");
        requireNonNull(dloManifest, "dloManifest is null");
        metadata = metadata.map(Map::copyOf);
        headers = headers.map(Map::copyOf);
        sysmeta = sysmeta.map(Map::copyOf);
    }

    public static ObjectUpdate metadata(Map<String, String> metadata)
    {
        return new ObjectUpdate(Optional.of(metadata), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}

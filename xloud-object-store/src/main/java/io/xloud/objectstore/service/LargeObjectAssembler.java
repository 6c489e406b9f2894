package io.xloud.objectstore.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.json.Json;
import io.xloud.objectstore.service.ObjectContent.Piece;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Reads large objects made of segments, whichever face serves them. A DLO (manifest kind {@code dlo}, value
 * {@code container/prefix}) is every object under the prefix, in name order, at the time of the read; its ETag
 * is the MD5 of its segments' ETags. An SLO (kind {@code slo}) keeps its manifest, in Swift's stored form, as
 * its bytes; its ETag and size were fixed when it was stored. Who may read which segment is the face's to say.
 */
public final class LargeObjectAssembler
{
    /** Sysmeta of an SLO: its total size and its ETag. */
    public static final String SLO_SIZE = "swift.slo-size";
    public static final String SLO_ETAG = "swift.slo-etag";
    public static final int MAX_MANIFEST_SIZE = 8 * 1024 * 1024;
    public static final int MAX_DLO_SEGMENTS = 10_000;
    private static final int MAX_DEPTH = 10;

    /** Decides whether the reader may read segments of a container; throws to refuse. */
    @FunctionalInterface
    public interface SegmentAccess
    {
        SegmentAccess ANY = (container, info) -> { };

        void check(String container, Optional<ContainerInfo> info);
    }

    /** The segments and ETag of a large object, as a read serves it. */
    public record Assembly(ObjectContent content, String etag) {}

    /** One range of a segment, {@code first} and {@code length} bytes. */
    public record SegmentRange(long first, long length) {}

    private final ObjectService objects;

    public LargeObjectAssembler(ObjectService objects)
    {
        this.objects = requireNonNull(objects, "objects is null");
    }

    public static boolean isDlo(ObjectInfo object)
    {
        return object.manifestKind().equals(Optional.of("dlo"));
    }

    public static boolean isSlo(ObjectInfo object)
    {
        return object.manifestKind().equals(Optional.of("slo"));
    }

    public static boolean isManifest(ObjectInfo object)
    {
        return isDlo(object) || isSlo(object);
    }

    /** The bytes and ETag of a DLO or an SLO, segments read with {@code access}. */
    public Assembly assemble(ObjectInfo manifest, SegmentAccess access)
    {
        if (isDlo(manifest)) {
            return dlo(manifest, access);
        }
        List<Piece> pieces = new ArrayList<>();
        slo(manifest, access, pieces, 0);
        return new Assembly(ObjectContent.of(pieces), manifest.sysmeta().getOrDefault(SLO_ETAG, manifest.etag()));
    }

    private Assembly dlo(ObjectInfo manifest, SegmentAccess access)
    {
        String value = manifest.manifest().orElse("");
        int slash = value.indexOf('/');
        String container = slash < 0 ? value : value.substring(0, slash);
        String prefix = slash < 0 ? "" : value.substring(slash + 1);
        Optional<ContainerInfo> segmentContainer = objects.container(manifest.account(), container);
        access.check(container, segmentContainer);
        List<Piece> pieces = new ArrayList<>();
        MessageDigest etags = md5();
        if (segmentContainer.isPresent()) {
            ListQuery query = ListQuery.prefix(prefix, ObjectService.MAX_LISTING_LIMIT);
            while (true) {
                Listing<ObjectInfo> page = objects.listObjects(manifest.account(), container, query);
                for (ListEntry<ObjectInfo> entry : page.entries()) {
                    if (entry instanceof ListEntry.Item<ObjectInfo> item) {
                        ObjectInfo segment = item.value();
                        if (segment.container().equals(manifest.container()) && segment.name().equals(manifest.name())) {
                            continue;
                        }
                        if (pieces.size() >= MAX_DLO_SEGMENTS) {
                            throw new ApiException(ObjectErrorCode.CONFLICT, "Too many segments in the manifest's container.");
                        }
                        etags.update(segment.etag().getBytes(StandardCharsets.UTF_8));
                        if (segment.size() > 0) {
                            pieces.add(new Piece(segment, 0, segment.size()));
                        }
                    }
                }
                if (!page.truncated() || page.entries().isEmpty()) {
                    break;
                }
                query = query.withMarker(page.entries().getLast().name());
            }
        }
        return new Assembly(ObjectContent.of(pieces), HexFormat.of().formatHex(etags.digest()));
    }

    private void slo(ObjectInfo manifest, SegmentAccess access, List<Piece> pieces, int depth)
    {
        if (depth >= MAX_DEPTH) {
            throw new ApiException(ObjectErrorCode.CONFLICT, "Max recursion depth exceeded on the manifest's segments.");
        }
        for (JsonNode segment : readManifest(manifest)) {
            String name = segment.path("name").asText();
            ObjectPath segmentPath = segmentPath(manifest.account(), name);
            Optional<ContainerInfo> container = objects.container(segmentPath.account(), segmentPath.container());
            access.check(segmentPath.container(), container);
            ObjectInfo object = objects.object(segmentPath)
                    .orElseThrow(() -> new ApiException(ObjectErrorCode.CONFLICT, "Segment " + name + " of the manifest is missing."));
            String hash = segment.path("hash").asText("");
            if (!hash.isEmpty() && !hash.equals(object.etag()) && !hash.equals(object.sysmeta().getOrDefault(SLO_ETAG, ""))) {
                throw new ApiException(ObjectErrorCode.CONFLICT, "Segment " + name + " of the manifest has changed.");
            }
            List<Piece> inner = new ArrayList<>();
            if (isSlo(object)) {
                slo(object, access, inner, depth + 1);
            }
            else if (object.size() > 0) {
                inner.add(new Piece(object, 0, object.size()));
            }
            ObjectContent content = ObjectContent.of(inner);
            String range = segment.path("range").asText(null);
            if (range != null && !range.isBlank()) {
                SegmentRange parsed = segmentRange(range, content.size())
                        .orElseThrow(() -> new ApiException(ObjectErrorCode.CONFLICT, "Invalid segment range " + range));
                content = content.slice(parsed.first(), parsed.length());
            }
            pieces.addAll(content.pieces());
        }
    }

    /**
     * A segment's range ({@code first-last}, {@code first-} or {@code -suffix}) over {@code size} bytes; empty when it
     * is not one satisfiable range.
     */
    public static Optional<SegmentRange> segmentRange(String range, long size)
    {
        String spec = range.strip();
        int dash = spec.indexOf('-');
        if (size == 0 || dash < 0 || spec.indexOf(',') >= 0) {
            return Optional.empty();
        }
        String from = spec.substring(0, dash).strip();
        String to = spec.substring(dash + 1).strip();
        try {
            if (from.isEmpty()) {
                long suffix = to.isEmpty() ? 0 : Long.parseLong(to);
                if (suffix <= 0) {
                    return Optional.empty();
                }
                long first = Math.max(0, size - suffix);
                return Optional.of(new SegmentRange(first, size - first));
            }
            long first = Long.parseLong(from);
            long last = to.isEmpty() ? size - 1 : Long.parseLong(to);
            if (first < 0 || last < first || first >= size) {
                return Optional.empty();
            }
            return Optional.of(new SegmentRange(first, Math.min(last, size - 1) - first + 1));
        }
        catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The stored manifest of an SLO: [{"name": "/c/o", "hash", "bytes", "content_type", "last_modified", "range"?}, ...]. */
    public ArrayNode readManifest(ObjectInfo manifest)
    {
        if (manifest.size() > MAX_MANIFEST_SIZE) {
            throw new ApiException(ObjectErrorCode.INTERNAL_ERROR, "The manifest is too large.");
        }
        try (InputStream in = objects.open(manifest, 0, manifest.size())) {
            JsonNode node = Json.mapper().readTree(in);
            if (node instanceof ArrayNode array) {
                return array;
            }
            throw new ApiException(ObjectErrorCode.INTERNAL_ERROR, "The manifest is not a list.");
        }
        catch (IOException e) {
            throw new ApiException(ObjectErrorCode.INTERNAL_ERROR, "The manifest could not be read.");
        }
    }

    /** A segment name, {@code /container/object} or {@code container/object}, in the manifest's account. */
    public static ObjectPath segmentPath(String account, String name)
    {
        String value = name.startsWith("/") ? name.substring(1) : name;
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            throw new ApiException(ObjectErrorCode.BAD_REQUEST, "segment path must be container/object: " + name);
        }
        return new ObjectPath(account, value.substring(0, slash), value.substring(slash + 1));
    }

    private static MessageDigest md5()
    {
        try {
            return MessageDigest.getInstance("MD5");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

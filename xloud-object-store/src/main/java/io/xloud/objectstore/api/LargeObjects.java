package io.xloud.objectstore.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.json.Json;
import io.xloud.objectstore.api.ObjectDownloads.Content;
import io.xloud.objectstore.api.ObjectDownloads.Piece;
import io.xloud.objectstore.service.ContainerInfo;
import io.xloud.objectstore.service.ListEntry;
import io.xloud.objectstore.service.ListQuery;
import io.xloud.objectstore.service.Listing;
import io.xloud.objectstore.service.ObjectErrorCode;
import io.xloud.objectstore.service.ObjectInfo;
import io.xloud.objectstore.service.ObjectPath;
import io.xloud.objectstore.service.ObjectService;
import io.xloud.objectstore.service.ObjectWrite;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Large objects made of segments. A DLO ({@code X-Object-Manifest: container/prefix}) is every object under
 * the prefix, in name order, at the time of the read. An SLO ({@code ?multipart-manifest=put}) is a fixed
 * list of segments checked when the manifest is stored; its manifest is kept as the object's bytes, in
 * Swift's stored form. Segments are read with the caller's rights, unless the manifest itself was reached as
 * the owner or through a signed URL (then any segment of the same account).
 */
final class LargeObjects
{
    static final int MAX_MANIFEST_SEGMENTS = 1000;
    static final int MAX_MANIFEST_SIZE = 8 * 1024 * 1024;
    static final int MAX_DLO_SEGMENTS = 10_000;
    private static final int MAX_DEPTH = 10;

    private final SwiftApi api;

    LargeObjects(SwiftApi api)
    {
        this.api = api;
    }

    static boolean isDlo(ObjectInfo object)
    {
        return object.manifestKind().equals(Optional.of("dlo"));
    }

    static boolean isSlo(ObjectInfo object)
    {
        return object.manifestKind().equals(Optional.of("slo"));
    }

    /** The segments and ETag of a large object, as a read serves it. */
    record Assembly(Content content, String etag) {}

    Assembly assemble(Exchange exchange, SwiftPath path, ObjectInfo manifest, boolean trusted)
    {
        if (isDlo(manifest)) {
            return dlo(exchange, path, manifest, trusted);
        }
        List<Piece> pieces = new ArrayList<>();
        slo(exchange, path, manifest, trusted, pieces, 0);
        return new Assembly(Content.of(pieces), manifest.sysmeta().getOrDefault(SwiftApi.SLO_ETAG, manifest.etag()));
    }

    // ---- DLO

    /** Validates an X-Object-Manifest value: container/prefix. */
    static String dloManifest(String header)
    {
        String value = SwiftPath.decode(header.strip());
        if (value.startsWith("/")) {
            value = value.substring(1);
        }
        int slash = value.indexOf('/');
        if (slash <= 0) {
            throw SwiftApi.badRequest("X-Object-Manifest must be in the format container/prefix");
        }
        return value;
    }

    private Assembly dlo(Exchange exchange, SwiftPath path, ObjectInfo manifest, boolean trusted)
    {
        String value = manifest.manifest().orElse("");
        int slash = value.indexOf('/');
        String container = slash < 0 ? value : value.substring(0, slash);
        String prefix = slash < 0 ? "" : value.substring(slash + 1);
        ObjectService objects = api.objects();
        Optional<ContainerInfo> segmentContainer = objects.container(path.project(), container);
        checkSegmentAccess(exchange, path, container, segmentContainer, trusted);
        List<Piece> pieces = new ArrayList<>();
        MessageDigest etags = md5();
        if (segmentContainer.isPresent()) {
            ListQuery query = ListQuery.prefix(prefix, ObjectService.MAX_LISTING_LIMIT);
            while (true) {
                Listing<ObjectInfo> page = objects.listObjects(path.project(), container, query);
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
        return new Assembly(Content.of(pieces), HexFormat.of().formatHex(etags.digest()));
    }

    // ---- SLO

    private void slo(Exchange exchange, SwiftPath path, ObjectInfo manifest, boolean trusted, List<Piece> pieces, int depth)
    {
        if (depth >= MAX_DEPTH) {
            throw new ApiException(ObjectErrorCode.CONFLICT, "Max recursion depth exceeded on the manifest's segments.");
        }
        for (JsonNode segment : readManifest(manifest)) {
            String name = segment.path("name").asText();
            ObjectPath segmentPath = segmentPath(path.project(), name);
            ObjectService objects = api.objects();
            Optional<ContainerInfo> container = objects.container(segmentPath.account(), segmentPath.container());
            checkSegmentAccess(exchange, path, segmentPath.container(), container, trusted);
            ObjectInfo object = objects.object(segmentPath)
                    .orElseThrow(() -> new ApiException(ObjectErrorCode.CONFLICT, "Segment " + name + " of the manifest is missing."));
            String hash = segment.path("hash").asText("");
            if (!hash.isEmpty() && !hash.equals(object.etag()) && !hash.equals(object.sysmeta().getOrDefault(SwiftApi.SLO_ETAG, ""))) {
                throw new ApiException(ObjectErrorCode.CONFLICT, "Segment " + name + " of the manifest has changed.");
            }
            List<Piece> inner = new ArrayList<>();
            if (isSlo(object)) {
                slo(exchange, path, object, trusted, inner, depth + 1);
            }
            else if (object.size() > 0) {
                inner.add(new Piece(object, 0, object.size()));
            }
            Content content = Content.of(inner);
            Optional<ObjectDownloads.Range> range = segmentRange(segment.path("range").asText(null), content.size());
            if (range.isPresent()) {
                content = content.slice(range.get().first(), range.get().length());
            }
            pieces.addAll(content.pieces());
        }
    }

    private static Optional<ObjectDownloads.Range> segmentRange(String range, long size)
    {
        if (range == null || range.isBlank()) {
            return Optional.empty();
        }
        List<ObjectDownloads.Range> ranges = ObjectDownloads.ranges(Optional.of("bytes=" + range), size)
                .orElseThrow(() -> new ApiException(ObjectErrorCode.CONFLICT, "Invalid segment range " + range));
        if (ranges.size() != 1) {
            throw new ApiException(ObjectErrorCode.CONFLICT, "Invalid segment range " + range);
        }
        return Optional.of(ranges.getFirst());
    }

    /** The stored manifest: [{"name": "/c/o", "hash", "bytes", "content_type", "last_modified", "range"?}, ...]. */
    ArrayNode readManifest(ObjectInfo manifest)
    {
        if (manifest.size() > MAX_MANIFEST_SIZE) {
            throw new ApiException(ObjectErrorCode.INTERNAL_ERROR, "The manifest is too large.");
        }
        try (InputStream in = api.objects().open(manifest, 0, manifest.size())) {
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

    /**
     * Stores an SLO manifest from the body of a {@code ?multipart-manifest=put}: every segment must exist and
     * match the ETag and size given for it.
     */
    ObjectInfo putSlo(Exchange exchange, SwiftPath path, ObjectWrite.Builder write)
    {
        JsonNode body;
        try (InputStream in = exchange.bodyStream(MAX_MANIFEST_SIZE)) {
            body = Json.mapper().readTree(in);
        }
        catch (IOException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw SwiftApi.badRequest("Manifest must be valid JSON.\n");
        }
        if (!(body instanceof ArrayNode segments) || segments.isEmpty()) {
            throw SwiftApi.badRequest("Manifest must be a list of at least one segment.\n");
        }
        if (segments.size() > MAX_MANIFEST_SEGMENTS) {
            throw SwiftApi.badRequest("Too many segments; max " + MAX_MANIFEST_SEGMENTS + ".\n");
        }
        ObjectService objects = api.objects();
        ArrayNode stored = Json.mapper().createArrayNode();
        List<String> errors = new ArrayList<>();
        MessageDigest etag = md5();
        long total = 0;
        for (JsonNode segment : segments) {
            String segmentName = segment.path("path").asText("");
            if (!segment.isObject() || segmentName.isEmpty()) {
                throw SwiftApi.badRequest("Index " + stored.size() + ": \"path\" must be a string of the form container/object.\n");
            }
            ObjectPath segmentPath;
            try {
                segmentPath = segmentPath(path.project(), segmentName);
            }
            catch (ApiException e) {
                errors.add(segmentName + ", " + e.getMessage());
                continue;
            }
            Optional<ContainerInfo> container = objects.container(segmentPath.account(), segmentPath.container());
            if (!SwiftApi.owner(exchange, path, SwiftPolicies.GET_OBJECT) && !SwiftApi.aclAllows(exchange, SwiftApi.Access.READ, container, false)) {
                errors.add(segmentName + ", 403 Forbidden");
                continue;
            }
            Optional<ObjectInfo> object = objects.object(segmentPath);
            if (object.isEmpty()) {
                errors.add(segmentName + ", 404 Not Found");
                continue;
            }
            ObjectInfo info = object.get();
            String infoEtag = isSlo(info) ? info.sysmeta().getOrDefault(SwiftApi.SLO_ETAG, info.etag()) : info.etag();
            long infoSize = isSlo(info) ? Long.parseLong(info.sysmeta().getOrDefault(SwiftApi.SLO_SIZE, "0")) : info.size();
            JsonNode givenEtag = segment.get("etag");
            if (givenEtag != null && !givenEtag.isNull() && !ObjectDownloads.unquote(givenEtag.asText()).equalsIgnoreCase(infoEtag)) {
                errors.add(segmentName + ", Etag Mismatch");
                continue;
            }
            JsonNode givenSize = segment.get("size_bytes");
            if (givenSize != null && !givenSize.isNull() && givenSize.asLong(-1) != infoSize) {
                errors.add(segmentName + ", Size Mismatch");
                continue;
            }
            String range = segment.path("range").asText(null);
            long length = infoSize;
            if (range != null) {
                Optional<ObjectDownloads.Range> parsed;
                try {
                    parsed = segmentRange(range, infoSize);
                }
                catch (ApiException e) {
                    errors.add(segmentName + ", Invalid Range");
                    continue;
                }
                length = parsed.map(ObjectDownloads.Range::length).orElse(infoSize);
            }
            if (length < 1 && segments.size() > 1) {
                errors.add(segmentName + ", Too small; each segment must be at least 1 byte.");
                continue;
            }
            ObjectNode entry = stored.addObject();
            entry.put("name", "/" + segmentPath.container() + "/" + segmentPath.object());
            entry.put("hash", infoEtag);
            entry.put("bytes", infoSize);
            entry.put("content_type", info.contentType());
            entry.put("last_modified", SwiftHeaders.listingDate(info.lastModified()));
            if (isSlo(info)) {
                entry.put("sub_slo", true);
            }
            if (range != null) {
                entry.put("range", range);
                etag.update((infoEtag + ":" + range + ";").getBytes(StandardCharsets.UTF_8));
            }
            else {
                etag.update(infoEtag.getBytes(StandardCharsets.UTF_8));
            }
            total += length;
        }
        if (!errors.isEmpty()) {
            throw SwiftApi.badRequest("Errors:\n" + String.join("\n", errors));
        }
        String sloEtag = HexFormat.of().formatHex(etag.digest());
        exchange.header("ETag").ifPresent(given -> {
            if (!ObjectDownloads.unquote(given).equalsIgnoreCase(sloEtag)) {
                throw new ApiException(ObjectErrorCode.CHECKSUM_MISMATCH, SwiftErrorDialect.explanation(422));
            }
        });
        byte[] manifest = Json.bytes(stored);
        Map<String, String> sysmeta = new HashMap<>();
        sysmeta.put(SwiftApi.SLO_SIZE, Long.toString(total));
        sysmeta.put(SwiftApi.SLO_ETAG, sloEtag);
        ObjectWrite request = write.sysmeta(sysmeta).manifest("slo", Optional.empty()).etag(sloEtag).build();
        return objects.putObject(path.objectPath(), new ByteArrayInputStream(manifest), request).object();
    }

    /** The manifest as a client sees it with ?multipart-manifest=get: stored form, or put form with format=raw. */
    byte[] manifestBody(ObjectInfo manifest, boolean raw)
    {
        ArrayNode stored = readManifest(manifest);
        if (!raw) {
            return Json.bytes(stored);
        }
        ArrayNode put = Json.mapper().createArrayNode();
        for (JsonNode segment : stored) {
            ObjectNode entry = put.addObject();
            entry.put("path", segment.path("name").asText());
            entry.put("etag", segment.path("hash").asText());
            entry.put("size_bytes", segment.path("bytes").asLong());
            if (segment.has("range")) {
                entry.put("range", segment.path("range").asText());
            }
        }
        return Json.bytes(put);
    }

    /** The segments of an SLO, for ?multipart-manifest=delete. */
    List<ObjectPath> segments(String project, ObjectInfo manifest)
    {
        List<ObjectPath> paths = new ArrayList<>();
        for (JsonNode segment : readManifest(manifest)) {
            paths.add(segmentPath(project, segment.path("name").asText()));
        }
        return paths;
    }

    /** A segment name, {@code /container/object} or {@code container/object}, in the manifest's account. */
    static ObjectPath segmentPath(String project, String name)
    {
        String value = name.startsWith("/") ? name.substring(1) : name;
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            throw SwiftApi.badRequest("segment path must be container/object: " + name);
        }
        return new ObjectPath(project, value.substring(0, slash), value.substring(slash + 1));
    }

    private void checkSegmentAccess(Exchange exchange, SwiftPath path, String container, Optional<ContainerInfo> info, boolean trusted)
    {
        if (trusted || container.equals(path.containerName())) {
            return;
        }
        if (!SwiftApi.aclAllows(exchange, SwiftApi.Access.READ, info, false)) {
            throw SwiftApi.denied(exchange);
        }
    }

    static MessageDigest md5()
    {
        try {
            return MessageDigest.getInstance("MD5");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

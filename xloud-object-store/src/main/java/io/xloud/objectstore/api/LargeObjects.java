package io.xloud.objectstore.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.json.Json;
import io.xloud.objectstore.service.ContainerInfo;
import io.xloud.objectstore.service.LargeObjectAssembler;
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
 * the owner or through a signed URL (then any segment of the same account). Reads are the engine's
 * ({@link LargeObjectAssembler}), shared with S3; storing manifests is Swift's.
 */
final class LargeObjects
{
    static final int MAX_MANIFEST_SEGMENTS = 1000;
    static final int MAX_MANIFEST_SIZE = LargeObjectAssembler.MAX_MANIFEST_SIZE;
    static final int MAX_DLO_SEGMENTS = LargeObjectAssembler.MAX_DLO_SEGMENTS;

    private final SwiftApi api;
    private final LargeObjectAssembler assembler;

    LargeObjects(SwiftApi api)
    {
        this.api = api;
        this.assembler = new LargeObjectAssembler(api.objects());
    }

    static boolean isDlo(ObjectInfo object)
    {
        return LargeObjectAssembler.isDlo(object);
    }

    static boolean isSlo(ObjectInfo object)
    {
        return LargeObjectAssembler.isSlo(object);
    }

    /** The segments and ETag of a large object, as a read serves it, its segments read with the caller's rights. */
    LargeObjectAssembler.Assembly assemble(Exchange exchange, SwiftPath path, ObjectInfo manifest, boolean trusted)
    {
        return assembler.assemble(manifest, (container, info) -> checkSegmentAccess(exchange, path, container, info, trusted));
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

    // ---- SLO

    private static Optional<LargeObjectAssembler.SegmentRange> segmentRange(String range, long size)
    {
        if (range == null || range.isBlank()) {
            return Optional.empty();
        }
        return LargeObjectAssembler.segmentRange(range, size).map(Optional::of)
                .orElseThrow(() -> new ApiException(ObjectErrorCode.CONFLICT, "Invalid segment range " + range));
    }

    ArrayNode readManifest(ObjectInfo manifest)
    {
        return assembler.readManifest(manifest);
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
                Optional<LargeObjectAssembler.SegmentRange> parsed;
                try {
                    parsed = segmentRange(range, infoSize);
                }
                catch (ApiException e) {
                    errors.add(segmentName + ", Invalid Range");
                    continue;
                }
                length = parsed.map(LargeObjectAssembler.SegmentRange::length).orElse(infoSize);
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
        return LargeObjectAssembler.segmentPath(project, name);
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

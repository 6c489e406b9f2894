package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.objectstore.s3.BucketNames;
import io.xloud.objectstore.s3.ByteRange;
import io.xloud.objectstore.s3.ChecksumAlgorithm;
import io.xloud.objectstore.s3.CompleteMultipartUploadRequest;
import io.xloud.objectstore.s3.ListingTokens;
import io.xloud.objectstore.s3.MultipartUploads;
import io.xloud.objectstore.s3.Preconditions;
import io.xloud.objectstore.s3.RequestPayload;
import io.xloud.objectstore.s3.S3Dates;
import io.xloud.objectstore.s3.S3ErrorBody;
import io.xloud.objectstore.s3.S3ErrorCode;
import io.xloud.objectstore.s3.XmlWriter;
import io.xloud.objectstore.service.ListEntry;
import io.xloud.objectstore.service.ListQuery;
import io.xloud.objectstore.service.Listing;
import io.xloud.objectstore.service.MetadataUpdate;
import io.xloud.objectstore.service.ObjectErrorCode;
import io.xloud.objectstore.service.ObjectInfo;
import io.xloud.objectstore.service.ObjectPath;
import io.xloud.objectstore.service.ObjectService;
import io.xloud.objectstore.service.ObjectWrite;
import io.xloud.objectstore.service.PutResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import static io.xloud.objectstore.api.S3Api.quoted;
import static io.xloud.objectstore.api.S3Api.xml;

/**
 * Multipart uploads, kept as objects of the bucket's parts container ({@link MultipartUploads}): create,
 * upload part (and part copy), list parts, complete, abort, list uploads. Completing joins the parts into
 * one new object (ETag {@code md5-of-md5s-N}) and then removes them.
 */
final class S3MultipartResource
{
    private static final Logger LOG = LoggerFactory.getLogger(S3MultipartResource.class);

    static final String UPLOAD_KEY = "s3.upload-key";
    /** On an object a multipart upload made: the upload's id, so that a retried completion answers as the first did. */
    static final String COMPLETED_UPLOAD = "s3.completed-upload";
    /** On an object a multipart upload made: its parts' sizes ({@link MultipartUploads#encodePartSizes}), for GET ?partNumber. */
    static final String PART_SIZES = "s3.part-sizes";
    /** Largest object a completed upload may make: S3's 5 TiB. */
    static final long MAX_OBJECT_SIZE = 5L * 1024 * 1024 * 1024 * 1024;
    /** Past this many bytes, completing answers at once and keeps the connection alive with spaces while it joins the parts. */
    private static final long KEEP_ALIVE_THRESHOLD = 128L * 1024 * 1024;
    private static final long KEEP_ALIVE_INTERVAL_NANOS = 10_000_000_000L;
    private static final int MAX_LISTED = 1000;

    private final ObjectService service;

    S3MultipartResource(ObjectService service)
    {
        this.service = service;
    }

    // ---- create

    void createUpload(S3Request request)
            throws IOException
    {
        String key = request.key();
        S3Api.requireBucket(service, request);
        Map<String, String> acl = S3Api.newObjectAcl(service, request);
        String segments = segments(request);
        if (service.container(request.account(), segments).isEmpty()) {
            service.createContainer(request.account(), segments, MetadataUpdate.none(), MetadataUpdate.none());
        }
        String uploadId = MultipartUploads.newUploadId();
        Map<String, String> sysmeta = new HashMap<>(S3TaggingResource.fromHeader(request));
        sysmeta.putAll(acl);
        sysmeta.put(UPLOAD_KEY, key);
        ObjectWrite marker = S3ObjectResource.newObject(request).sysmeta(sysmeta).build();
        service.putObject(new ObjectPath(request.account(), segments, MultipartUploads.markerName(uploadId)), InputStream.nullInputStream(), marker);
        xml(request.exchange(), 200, xml -> {
            xml.root("InitiateMultipartUploadResult");
            xml.element("Bucket", request.bucket()).element("Key", key).element("UploadId", uploadId);
        });
    }

    // ---- parts

    void uploadPart(S3Request request)
            throws IOException
    {
        int partNumber = MultipartUploads.requirePartNumber(request.query("partNumber").orElse(""));
        String uploadId = requireUpload(request).name();
        ObjectWrite.Builder write = ObjectWrite.builder("application/octet-stream");
        try (RequestPayload body = S3ObjectResource.openBody(request, MultipartUploads.MAX_PART_SIZE, write)) {
            PutResult result = service.putObject(partPath(request, uploadId, partNumber), body, write.build());
            request.exchange().header("ETag", quoted(result.object().etag()));
            S3ObjectResource.echoChecksums(request, body);
        }
        request.exchange().respond(200, null, null);
    }

    void uploadPartCopy(S3Request request)
            throws IOException
    {
        int partNumber = MultipartUploads.requirePartNumber(request.query("partNumber").orElse(""));
        String uploadId = requireUpload(request).name();
        ObjectInfo source = S3ObjectResource.copySource(service, request);
        Preconditions.checkCopySource(request.headers(), source.etag(), S3Dates.ofMicros(source.lastModified()));
        ObjectPath part = partPath(request, uploadId, partNumber);
        Optional<ByteRange> range = request.header("x-amz-copy-source-range").map(value -> copyRange(value, source.size()));
        long length = range.map(ByteRange::length).orElse(source.size());
        if (length > MultipartUploads.MAX_PART_SIZE) {
            throw S3ErrorCode.ENTITY_TOO_LARGE.exception("Your proposed upload exceeds the maximum allowed size");
        }
        ObjectWrite.Builder write = ObjectWrite.builder("application/octet-stream").maxSize(MultipartUploads.MAX_PART_SIZE);
        PutResult result;
        if (range.isEmpty()) {
            // a part's ETag is the MD5 of its bytes, even when the source is itself a multipart object
            String md5 = source.sysmeta().getOrDefault(ObjectService.CONTENT_MD5, source.etag());
            result = service.copyObject(source, part, write.etag(md5).build());
        }
        else {
            try (InputStream content = service.open(source, range.get().first(), length)) {
                result = service.putObject(part, content, write.expectedSize(length).build());
            }
        }
        xml(request.exchange(), 200, xml -> {
            xml.root("CopyPartResult");
            xml.element("LastModified", S3Dates.iso(S3Dates.ofMicros(result.object().lastModified())));
            xml.element("ETag", quoted(result.object().etag()));
        });
    }

    private static ByteRange copyRange(String value, long size)
    {
        String spec = value.strip();
        try {
            if (spec.startsWith("bytes=")) {
                String[] ends = spec.substring("bytes=".length()).split("-", -1);
                if (ends.length == 2) {
                    long first = Long.parseLong(ends[0].strip());
                    long last = Long.parseLong(ends[1].strip());
                    if (first >= 0 && first <= last) {
                        if (last >= size) {
                            throw S3ErrorCode.INVALID_RANGE.exception("The requested range is not satisfiable");
                        }
                        return new ByteRange(first, last);
                    }
                }
            }
        }
        catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw S3ErrorCode.INVALID_ARGUMENT.exception("The x-amz-copy-source-range value must be of the form bytes=first-last where first "
                + "and last are the zero-based offsets of the first and last bytes to copy");
    }

    void listParts(S3Request request)
            throws IOException
    {
        String uploadId = requireUpload(request).name();
        int maxParts = bounded(request.query("max-parts"), "max-parts");
        int partNumberMarker = request.query("part-number-marker").filter(value -> !value.isBlank())
                .map(value -> value.equals("0") ? 0 : MultipartUploads.requirePartNumber(value)).orElse(0);
        Optional<String> marker = partNumberMarker == 0 ? Optional.empty() : Optional.of(MultipartUploads.partName(uploadId, partNumberMarker));
        Listing<ObjectInfo> listing = maxParts == 0 ? new Listing<>(List.of(), false) : service.listObjects(request.account(), segments(request),
                new ListQuery(Optional.of(MultipartUploads.partPrefix(uploadId)), Optional.empty(), marker, Optional.empty(), maxParts, false));
        List<ObjectInfo> parts = items(listing);
        String account = request.account();
        xml(request.exchange(), 200, xml -> {
            xml.root("ListPartsResult");
            xml.element("Bucket", request.bucket()).element("Key", request.key()).element("UploadId", uploadId);
            S3Api.owner(xml, "Initiator", account);
            S3Api.owner(xml, "Owner", account);
            xml.element("StorageClass", "STANDARD");
            xml.element("PartNumberMarker", partNumberMarker);
            if (!parts.isEmpty()) {
                xml.element("NextPartNumberMarker", partNumber(parts.getLast()));
            }
            xml.element("MaxParts", maxParts);
            xml.element("IsTruncated", listing.truncated());
            for (ObjectInfo part : parts) {
                xml.start("Part");
                xml.element("PartNumber", partNumber(part));
                xml.element("LastModified", S3Dates.iso(S3Dates.ofMicros(part.lastModified())));
                xml.element("ETag", quoted(part.etag()));
                xml.element("Size", part.size());
                part.sysmeta().forEach((name, value) -> {
                    if (name.startsWith(S3ObjectResource.CHECKSUM_SYSMETA)) {
                        xml.element("Checksum" + name.substring(S3ObjectResource.CHECKSUM_SYSMETA.length()).toUpperCase(java.util.Locale.ROOT), value);
                    }
                });
                xml.end();
            }
        });
    }

    // ---- complete and abort

    void completeUpload(S3Request request)
            throws IOException
    {
        Optional<ObjectInfo> pending = findUpload(request);
        if (pending.isEmpty()) {
            if (!completedBefore(request)) {
                throw noSuchUpload();
            }
            return;
        }
        ObjectInfo marker = pending.get();
        String uploadId = marker.name();
        CompleteMultipartUploadRequest complete;
        try (RequestPayload body = S3Api.document(request)) {
            complete = CompleteMultipartUploadRequest.parse(body);
        }
        List<ObjectInfo> parts;
        try {
            parts = chosenParts(request, uploadId, complete);
        }
        catch (ApiException e) {
            if (e.code() == S3ErrorCode.INVALID_PART) {
                // a completion running at the same time took the parts away (its marker goes last): its answer, or NoSuchUpload
                Optional<String> joined = completedAs(request, uploadId, requestedEtag(complete).orElse(""));
                if (joined.isPresent()) {
                    xml(request.exchange(), 200, xml -> completed(xml, request, joined.get()));
                    return;
                }
                if (findUpload(request).isEmpty()) {
                    throw noSuchUpload();
                }
            }
            throw e;
        }
        List<String> md5s = parts.stream().map(part -> part.sysmeta().getOrDefault(ObjectService.CONTENT_MD5, part.etag())).toList();
        String etag = MultipartUploads.etag(md5s);
        long size = parts.stream().mapToLong(ObjectInfo::size).sum();
        if (size > MAX_OBJECT_SIZE) {
            throw S3ErrorCode.ENTITY_TOO_LARGE.exception("Your proposed upload exceeds the maximum allowed size");
        }
        ObjectPath target = request.objectPath();
        Map<String, String> sysmeta = new HashMap<>(S3TaggingResource.kept(marker.sysmeta()));
        Optional.ofNullable(marker.sysmeta().get(S3Api.ACL_SYSMETA)).ifPresent(acl -> sysmeta.put(S3Api.ACL_SYSMETA, acl));
        sysmeta.put(COMPLETED_UPLOAD, uploadId);
        String partSizes = MultipartUploads.encodePartSizes(parts.stream().map(ObjectInfo::size).toList());
        if (partSizes.length() <= MultipartUploads.MAX_PART_SIZES_LENGTH) {
            sysmeta.put(PART_SIZES, partSizes);
        }
        ObjectWrite.Builder builder = ObjectWrite.builder(marker.contentType()).metadata(marker.metadata()).headers(marker.headers())
                .sysmeta(sysmeta).etag(etag).expectedSize(size).maxSize(MAX_OBJECT_SIZE);
        // a failed condition joins nothing, and the upload stays for another try
        S3ObjectResource.conditionalWrite(service, request, target, builder);
        ObjectWrite write = builder.build();
        Exchange exchange = request.exchange();
        if (size <= KEEP_ALIVE_THRESHOLD) {
            PutResult result;
            try {
                result = service.putObject(target, new PartsInputStream(parts, () -> { }), write);
            }
            catch (ApiException e) {
                if (partGone(e)) {
                    // a completion running at the same time joined the parts first and removed them
                    Optional<String> done = completedAs(request, uploadId, etag);
                    if (done.isPresent()) {
                        xml(exchange, 200, xml -> completed(xml, request, done.get()));
                        return;
                    }
                    throw noSuchUpload();
                }
                throw e;
            }
            removeUpload(request.account(), segments(request), uploadId);
            S3ObjectResource.versionHeader(exchange, result.object(), false);
            xml(exchange, 200, xml -> completed(xml, request, result.object().etag()));
            return;
        }
        // S3's way with long joins: 200 at once, spaces while working, then the result, or an error document
        exchange.stream(200, "application/xml", -1, out -> {
            out.write(XmlWriter.DECLARATION.getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                PutResult result = service.putObject(target, new PartsInputStream(parts, () -> keepAlive(out)), write);
                removeUpload(request.account(), segments(request), uploadId);
                try (XmlWriter xml = new XmlWriter(out, false)) {
                    completed(xml, request, result.object().etag());
                }
            }
            catch (ApiException e) {
                Optional<String> done = partGone(e) ? completedAs(request, uploadId, etag) : Optional.empty();
                if (done.isPresent()) {
                    try (XmlWriter xml = new XmlWriter(out, false)) {
                        completed(xml, request, done.get());
                    }
                    return;
                }
                ApiException s3 = partGone(e) ? noSuchUpload() : S3ErrorDialect.toS3(e);
                out.write(errorDocument(s3, request));
            }
            catch (RuntimeException e) {
                LOG.error("completing multipart upload {} failed", uploadId, e);
                out.write(errorDocument(S3ErrorCode.INTERNAL_ERROR.exception("We encountered an internal error. Please try again."), request));
            }
        });
    }

    /**
     * A completion sent again after it succeeded (a client that lost the first answer retries): when the key holds
     * the object this upload made and the parts named are the ones it was made of, the same answer as the first time.
     */
    private boolean completedBefore(S3Request request)
            throws IOException
    {
        String uploadId = request.query("uploadId").orElse("");
        Optional<ObjectInfo> object = MultipartUploads.isUploadId(uploadId) ? service.object(request.objectPath()) : Optional.empty();
        if (object.isEmpty() || !uploadId.equals(object.get().sysmeta().get(COMPLETED_UPLOAD))) {
            return false;
        }
        CompleteMultipartUploadRequest complete;
        try (RequestPayload body = S3Api.document(request)) {
            complete = CompleteMultipartUploadRequest.parse(body);
        }
        if (!requestedEtag(complete).map(etag -> etag.equalsIgnoreCase(object.get().etag())).orElse(false)) {
            return false;
        }
        xml(request.exchange(), 200, xml -> completed(xml, request, object.get().etag()));
        return true;
    }

    /** The ETag an upload of the parts a completion names has; empty when a part's ETag is not an MD5. */
    private static Optional<String> requestedEtag(CompleteMultipartUploadRequest complete)
    {
        try {
            return Optional.of(MultipartUploads.etag(complete.parts().stream().map(CompleteMultipartUploadRequest.Part::etag).toList()));
        }
        catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean partGone(ApiException e)
    {
        return e.code() == ObjectErrorCode.NO_SUCH_OBJECT || e.code() == S3ErrorCode.NO_SUCH_KEY;
    }

    /** The ETag of the object this upload made with these parts, when the key holds it now. */
    private Optional<String> completedAs(S3Request request, String uploadId, String etag)
    {
        return service.object(request.objectPath())
                .filter(object -> uploadId.equals(object.sysmeta().get(COMPLETED_UPLOAD)) && etag.equalsIgnoreCase(object.etag()))
                .map(ObjectInfo::etag);
    }

    private static byte[] errorDocument(ApiException e, S3Request request)
    {
        byte[] document = S3ErrorBody.render(S3ErrorCode.of(e.code()), e.getMessage(), "/" + request.bucket() + "/" + request.key(),
                request.requestId(), Map.of());
        String text = new String(document, StandardCharsets.UTF_8);
        return text.substring(XmlWriter.DECLARATION.length()).getBytes(StandardCharsets.UTF_8);
    }

    private static void keepAlive(OutputStream out)
    {
        try {
            out.write(' ');
            out.flush();
        }
        catch (IOException e) {
            throw S3ErrorCode.INCOMPLETE_BODY.exception("The client went away while the upload was completed.");
        }
    }

    private static void completed(XmlWriter xml, S3Request request, String etag)
    {
        xml.root("CompleteMultipartUploadResult");
        xml.element("Location", "/" + request.bucket() + "/" + request.key());
        xml.element("Bucket", request.bucket()).element("Key", request.key()).element("ETag", quoted(etag));
    }

    /** The parts the client chose, in order, each as uploaded; every check of S3 before a byte is joined. */
    private List<ObjectInfo> chosenParts(S3Request request, String uploadId, CompleteMultipartUploadRequest complete)
    {
        Map<Integer, ObjectInfo> uploaded = new HashMap<>();
        for (ObjectInfo part : allParts(request.account(), segments(request), uploadId)) {
            uploaded.put(partNumber(part), part);
        }
        List<ObjectInfo> parts = new ArrayList<>();
        int previous = 0;
        for (CompleteMultipartUploadRequest.Part chosen : complete.parts()) {
            if (chosen.partNumber() <= previous) {
                throw S3ErrorCode.INVALID_PART_ORDER.exception("The list of parts was not in ascending order. The parts list must be specified in order by part number.");
            }
            previous = chosen.partNumber();
            ObjectInfo part = uploaded.get(chosen.partNumber());
            if (part == null || !part.etag().equalsIgnoreCase(chosen.etag()) || !checksumsMatch(part, chosen)) {
                throw S3ErrorCode.INVALID_PART.exception("One or more of the specified parts could not be found. The part may not have been "
                        + "uploaded, or the specified entity tag may not have matched the part's entity tag.");
            }
            parts.add(part);
        }
        for (int i = 0; i < parts.size() - 1; i++) {
            if (parts.get(i).size() < MultipartUploads.MIN_PART_SIZE) {
                throw S3ErrorCode.ENTITY_TOO_SMALL.exception("Your proposed upload is smaller than the minimum allowed object size.");
            }
        }
        return parts;
    }

    private static boolean checksumsMatch(ObjectInfo part, CompleteMultipartUploadRequest.Part chosen)
    {
        for (Map.Entry<ChecksumAlgorithm, String> checksum : chosen.checksums().entrySet()) {
            String stored = part.sysmeta().get(S3ObjectResource.checksumKey(checksum.getKey()));
            if (stored != null && !stored.equals(checksum.getValue())) {
                return false;
            }
        }
        return true;
    }

    void abortUpload(S3Request request)
    {
        String uploadId = requireUpload(request).name();
        removeUpload(request.account(), segments(request), uploadId);
        request.exchange().noContent();
    }

    /** Removes an upload's parts, then its marker; what another request removed first is not an error. */
    private void removeUpload(String account, String segments, String uploadId)
    {
        for (ObjectInfo part : allParts(account, segments, uploadId)) {
            deleteQuietly(part.path());
        }
        deleteQuietly(new ObjectPath(account, segments, MultipartUploads.markerName(uploadId)));
    }

    /** Aborts the uploads of a bucket whose key starts with {@code prefix} and whose start {@code due} judges old enough (lifecycle); how many. */
    int abortBegunBefore(String account, String bucket, String prefix, java.util.function.Predicate<java.time.Instant> due)
    {
        String segments = BucketNames.segmentsContainer(bucket);
        if (service.container(account, segments).isEmpty()) {
            return 0;
        }
        List<String> expired = new ArrayList<>();
        ListQuery query = new ListQuery(Optional.empty(), Optional.of("/"), Optional.empty(), Optional.empty(), ObjectService.MAX_LISTING_LIMIT, false);
        while (true) {
            Listing<ObjectInfo> page = service.listObjects(account, segments, query);
            for (ObjectInfo marker : items(page)) {
                String key = marker.sysmeta().get(UPLOAD_KEY);
                if (key != null && MultipartUploads.isUploadId(marker.name()) && key.startsWith(prefix)
                        && due.test(io.xloud.objectstore.s3.S3Dates.ofMicros(marker.lastModified()))) {
                    expired.add(marker.name());
                }
            }
            if (!page.truncated() || page.entries().isEmpty()) {
                break;
            }
            query = query.withMarker(page.entries().getLast().name());
        }
        expired.forEach(uploadId -> removeUpload(account, segments, uploadId));
        return expired.size();
    }

    /** With a bucket deleted, its uploads go too. */
    void abortAll(String account, String bucket)
    {
        String segments = BucketNames.segmentsContainer(bucket);
        if (service.container(account, segments).isEmpty()) {
            return;
        }
        ListQuery query = ListQuery.all(ObjectService.MAX_LISTING_LIMIT);
        while (true) {
            Listing<ObjectInfo> page = service.listObjects(account, segments, query);
            items(page).forEach(object -> deleteQuietly(object.path()));
            if (!page.truncated() || page.entries().isEmpty()) {
                break;
            }
            query = query.withMarker(page.entries().getLast().name());
        }
        try {
            service.deleteContainer(account, segments);
        }
        catch (ApiException e) {
            LOG.warn("could not remove the parts container of deleted bucket {}: {}", bucket, e.getMessage());
        }
    }

    private void deleteQuietly(ObjectPath path)
    {
        try {
            service.deleteObject(path);
        }
        catch (ApiException e) {
            LOG.debug("{} was already gone: {}", path, e.getMessage());
        }
    }

    // ---- list uploads

    private record Upload(String key, String uploadId, long initiated) {}

    void listUploads(S3Request request)
            throws IOException
    {
        S3Api.requireBucket(service, request);
        String prefix = request.query("prefix").orElse("");
        Optional<String> delimiter = request.query("delimiter").filter(value -> !value.isEmpty());
        String keyMarker = request.query("key-marker").orElse("");
        String uploadIdMarker = request.query("upload-id-marker").orElse("");
        int maxUploads = bounded(request.query("max-uploads"), "max-uploads");
        boolean urlEncoding = S3BucketResource.encodingType(request.query("encoding-type"));
        UnaryOperator<String> encode = urlEncoding ? ListingTokens::urlEncode
                : UnaryOperator.identity();

        List<Upload> uploads = new ArrayList<>();
        String segments = segments(request);
        if (service.container(request.account(), segments).isPresent()) {
            ListQuery query = new ListQuery(Optional.empty(), Optional.of("/"), Optional.empty(), Optional.empty(), ObjectService.MAX_LISTING_LIMIT, false);
            while (true) {
                Listing<ObjectInfo> page = service.listObjects(request.account(), segments, query);
                for (ObjectInfo marker : items(page)) {
                    String key = marker.sysmeta().get(UPLOAD_KEY);
                    if (key != null && MultipartUploads.isUploadId(marker.name()) && key.startsWith(prefix)) {
                        uploads.add(new Upload(key, marker.name(), marker.lastModified()));
                    }
                }
                if (!page.truncated() || page.entries().isEmpty()) {
                    break;
                }
                query = query.withMarker(page.entries().getLast().name());
            }
        }
        uploads.sort(Comparator.comparing(Upload::key).thenComparingLong(Upload::initiated).thenComparing(Upload::uploadId));

        List<Upload> listed = new ArrayList<>();
        TreeSet<String> commonPrefixes = new TreeSet<>();
        boolean truncated = false;
        for (Upload upload : uploads) {
            if (!keyMarker.isEmpty()) {
                int order = upload.key().compareTo(keyMarker);
                if (order < 0 || (order == 0 && (uploadIdMarker.isEmpty() || upload.uploadId().compareTo(uploadIdMarker) <= 0))) {
                    continue;
                }
            }
            Optional<String> rolledUp = delimiter.flatMap(d -> {
                int cut = upload.key().indexOf(d, prefix.length());
                return cut < 0 ? Optional.empty() : Optional.of(upload.key().substring(0, cut + d.length()));
            });
            if (rolledUp.isPresent() && commonPrefixes.contains(rolledUp.get())) {
                continue;
            }
            if (listed.size() + commonPrefixes.size() >= maxUploads) {
                truncated = true;
                break;
            }
            if (rolledUp.isPresent()) {
                commonPrefixes.add(rolledUp.get());
            }
            else {
                listed.add(upload);
            }
        }
        String account = request.account();
        boolean isTruncated = truncated;
        xml(request.exchange(), 200, xml -> {
            xml.root("ListMultipartUploadsResult");
            xml.element("Bucket", request.bucket());
            xml.element("KeyMarker", encode.apply(keyMarker)).element("UploadIdMarker", uploadIdMarker);
            if (isTruncated && !listed.isEmpty()) {
                xml.element("NextKeyMarker", encode.apply(listed.getLast().key())).element("NextUploadIdMarker", listed.getLast().uploadId());
            }
            delimiter.ifPresent(value -> xml.element("Delimiter", encode.apply(value)));
            xml.element("Prefix", encode.apply(prefix));
            if (urlEncoding) {
                xml.element("EncodingType", "url");
            }
            xml.element("MaxUploads", maxUploads);
            xml.element("IsTruncated", isTruncated);
            for (Upload upload : listed) {
                xml.start("Upload");
                xml.element("Key", encode.apply(upload.key())).element("UploadId", upload.uploadId());
                S3Api.owner(xml, "Initiator", account);
                S3Api.owner(xml, "Owner", account);
                xml.element("StorageClass", "STANDARD");
                xml.element("Initiated", S3Dates.iso(S3Dates.ofMicros(upload.initiated())));
                xml.end();
            }
            for (String commonPrefix : commonPrefixes) {
                xml.start("CommonPrefixes").element("Prefix", encode.apply(commonPrefix)).end();
            }
        });
    }

    // ---- shared

    /** The upload named by {@code uploadId} for this request's key; NoSuchUpload otherwise (aborted, completed, another key). */
    private ObjectInfo requireUpload(S3Request request)
    {
        return findUpload(request).orElseThrow(S3MultipartResource::noSuchUpload);
    }

    private Optional<ObjectInfo> findUpload(S3Request request)
    {
        String key = request.key();
        String uploadId = request.query("uploadId").orElse("");
        Optional<ObjectInfo> marker = MultipartUploads.isUploadId(uploadId)
                ? service.object(new ObjectPath(request.account(), segments(request), MultipartUploads.markerName(uploadId)))
                : Optional.empty();
        return marker.filter(upload -> key.equals(upload.sysmeta().get(UPLOAD_KEY)));
    }

    private static ApiException noSuchUpload()
    {
        return S3ErrorCode.NO_SUCH_UPLOAD.exception(
                "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.");
    }

    private List<ObjectInfo> allParts(String account, String segments, String uploadId)
    {
        Listing<ObjectInfo> listing = service.listObjects(account, segments,
                ListQuery.prefix(MultipartUploads.partPrefix(uploadId), MultipartUploads.MAX_PART_NUMBER));
        return items(listing).stream().filter(part -> MultipartUploads.partNumber(part.name()).isPresent()).toList();
    }

    static List<ObjectInfo> items(Listing<ObjectInfo> listing)
    {
        List<ObjectInfo> items = new ArrayList<>();
        for (ListEntry<ObjectInfo> entry : listing.entries()) {
            if (entry instanceof ListEntry.Item<ObjectInfo> item) {
                items.add(item.value());
            }
        }
        return items;
    }

    private static int partNumber(ObjectInfo part)
    {
        OptionalInt number = MultipartUploads.partNumber(part.name());
        return number.orElseThrow();
    }

    private static String segments(S3Request request)
    {
        return BucketNames.segmentsContainer(request.bucket());
    }

    private static ObjectPath partPath(S3Request request, String uploadId, int partNumber)
    {
        return new ObjectPath(request.account(), segments(request), MultipartUploads.partName(uploadId, partNumber));
    }

    private static int bounded(Optional<String> value, String name)
    {
        if (value.isEmpty() || value.get().isBlank()) {
            return MAX_LISTED;
        }
        try {
            int number = Integer.parseInt(value.get().strip());
            if (number >= 0) {
                return Math.min(number, MAX_LISTED);
            }
        }
        catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw S3ErrorCode.INVALID_ARGUMENT.exception("Provided " + name + " not an integer or within integer range");
    }

    /** The parts one after the other, each opened when the one before is done; {@code tick} runs every few seconds of reading. */
    private final class PartsInputStream
            extends InputStream
    {
        private final Iterator<ObjectInfo> parts;
        private final Runnable tick;
        private InputStream current;
        private long lastTick = System.nanoTime();

        PartsInputStream(List<ObjectInfo> parts, Runnable tick)
        {
            this.parts = parts.iterator();
            this.tick = tick;
        }

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
            while (true) {
                if (current == null) {
                    if (!parts.hasNext()) {
                        return -1;
                    }
                    ObjectInfo part = parts.next();
                    current = service.open(part, 0, part.size());
                }
                int n = current.read(buffer, offset, length);
                if (n >= 0) {
                    long now = System.nanoTime();
                    if (now - lastTick > KEEP_ALIVE_INTERVAL_NANOS) {
                        lastTick = now;
                        tick.run();
                    }
                    return n;
                }
                current.close();
                current = null;
            }
        }

        @Override
        public void close()
                throws IOException
        {
            if (current != null) {
                current.close();
            }
        }
    }
}

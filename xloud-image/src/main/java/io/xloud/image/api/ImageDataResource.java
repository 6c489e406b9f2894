package io.xloud.image.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.image.service.Image;
import io.xloud.image.service.ImageErrorCode;

import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static io.xloud.image.api.ImageModule.V2;
import static java.util.Objects.requireNonNull;

/**
 * /v2/images/{image_id}/file: the upload streams the request body to storage (never held whole); the download
 * streams it back with Content-MD5, one byte range when asked (206, or 416 outside the data), 204 for an image
 * without data.
 */
public final class ImageDataResource
{
    private static final String OCTET_STREAM = "application/octet-stream";

    private final ImageApi api;

    public ImageDataResource(ImageApi api)
    {
        this.api = requireNonNull(api, "api is null");
    }

    public void routes(Router.Builder r)
    {
        r.route("PUT", V2 + "/images/{image_id}/file", ImagePolicies.UPLOAD_IMAGE, api.imageTarget(), this::upload);
        r.route("GET", V2 + "/images/{image_id}/file", ImagePolicies.DOWNLOAD_IMAGE, api.imageTarget(), this::download);
    }

    private void upload(Exchange exchange)
    {
        Optional<String> contentType = exchange.header("Content-Type").map(value -> value.split(";")[0].strip().toLowerCase(Locale.ROOT));
        if (contentType.isPresent() && !contentType.get().isEmpty() && !contentType.get().equals(OCTET_STREAM)) {
            throw new ApiException(ImageErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content type '" + contentType.get() + "' is not supported;"
                    + " image data is sent as " + OCTET_STREAM + ".");
        }
        OptionalLong declared = OptionalLong.empty();
        Optional<String> length = exchange.header("Content-Length");
        if (length.isPresent() && length.get().strip().matches("[0-9]{1,18}")) {
            declared = OptionalLong.of(Long.parseLong(length.get().strip()));
        }
        try (InputStream body = exchange.bodyStream(Long.MAX_VALUE)) {
            api.images().upload(exchange.auth(), exchange.path("image_id"), body, declared);
        }
        catch (java.io.IOException e) {
            // closing a body the client already stopped sending: the outcome is decided
        }
        exchange.noContent();
    }

    private void download(Exchange exchange)
            throws java.io.IOException
    {
        Optional<Image> found = api.images().dataOf(exchange.auth(), exchange.path("image_id"));
        if (found.isEmpty()) {
            exchange.noContent();
            return;
        }
        Image image = found.get();
        long size = image.size().orElseThrow();
        Optional<long[]> range = range(exchange, size);
        image.checksum().ifPresent(checksum -> exchange.header("Content-MD5", checksum));
        if (range.isEmpty()) {
            InputStream in = api.images().open(image, 0, size);
            exchange.stream(200, OCTET_STREAM, size, out -> {
                try (in) {
                    in.transferTo(out);
                }
            });
            return;
        }
        long start = range.get()[0];
        long length = range.get()[1] - start + 1;
        InputStream in = api.images().open(image, start, length);
        exchange.header("Content-Range", "bytes " + start + "-" + range.get()[1] + "/" + size);
        exchange.stream(206, OCTET_STREAM, length, out -> {
            try (in) {
                in.transferTo(out);
            }
        });
    }

    /**
     * The one byte range asked for by {@code Range: bytes=a-b}, {@code bytes=a-}, {@code bytes=-n} (or Glance's
     * {@code Content-Range: bytes a-b/*}), inclusive; 416 when it lies outside the data.
     */
    static Optional<long[]> range(Exchange exchange, long size)
    {
        Optional<String> header = exchange.header("Range");
        String spec;
        if (header.isPresent()) {
            String value = header.get().strip();
            if (!value.toLowerCase(Locale.ROOT).startsWith("bytes=")) {
                throw unsatisfiable(size);
            }
            spec = value.substring(6).strip();
        }
        else {
            Optional<String> contentRange = exchange.header("Content-Range");
            if (contentRange.isEmpty()) {
                return Optional.empty();
            }
            String value = contentRange.get().strip();
            if (!value.toLowerCase(Locale.ROOT).startsWith("bytes ")) {
                throw unsatisfiable(size);
            }
            spec = value.substring(6).strip();
            int slash = spec.indexOf('/');
            spec = slash < 0 ? spec : spec.substring(0, slash);
        }
        if (spec.contains(",")) {
            throw unsatisfiable(size);
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            throw unsatisfiable(size);
        }
        try {
            String first = spec.substring(0, dash).strip();
            String last = spec.substring(dash + 1).strip();
            long start;
            long end;
            if (first.isEmpty()) {
                long suffix = Long.parseLong(last);
                if (suffix <= 0) {
                    throw unsatisfiable(size);
                }
                start = Math.max(0, size - suffix);
                end = size - 1;
            }
            else {
                start = Long.parseLong(first);
                end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
            }
            if (start < 0 || start >= size || end < start) {
                throw unsatisfiable(size);
            }
            return Optional.of(new long[] {start, end});
        }
        catch (NumberFormatException e) {
            throw unsatisfiable(size);
        }
    }

    private static ApiException unsatisfiable(long size)
    {
        return new ApiException(ImageErrorCode.RANGE_NOT_SATISFIABLE, "Requested range not satisfiable",
                Map.of("Content-Range", "bytes */" + size));
    }
}

package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.objectstore.service.AccountInfo;
import io.xloud.objectstore.service.ContainerInfo;
import io.xloud.objectstore.service.ObjectErrorCode;
import io.xloud.objectstore.service.ObjectService;
import io.xloud.objectstore.service.ObjectWrite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Swift's FormPost: a browser form POSTed to {@code /v1/AUTH_x/container/prefix} uploads its files as
 * {@code prefix<filename>}, without a token, when its signature, an HMAC of
 * {@code path\nredirect\nmax_file_size\nmax_file_count\nexpires} under a Temp-URL-Key, is valid.
 */
final class FormPost
{
    private static final int MAX_FIELD = 8192;

    private final SwiftApi api;

    FormPost(SwiftApi api)
    {
        this.api = api;
    }

    static boolean applies(Exchange exchange)
    {
        return exchange.method().equals("POST")
                && exchange.header("Content-Type").orElse("").toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    void handle(Exchange exchange, SwiftPath path)
    {
        try {
            handleParts(exchange, path);
        }
        catch (IOException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            // a body the multipart parser refuses is the client's fault, never a 500
            throw SwiftApi.badRequest("FormPost: invalid multipart body");
        }
    }

    private void handleParts(Exchange exchange, SwiftPath path)
            throws IOException
    {
        String boundary = MultipartReader.boundary(exchange.header("Content-Type").orElse(""))
                .orElseThrow(() -> SwiftApi.badRequest("FormPost: invalid starting boundary"));
        MultipartReader reader = new MultipartReader(exchange.bodyStream(Long.MAX_VALUE), boundary);
        Map<String, String> fields = new HashMap<>();
        boolean checked = false;
        int files = 0;
        String status = "201 Created";
        String message = "";
        Optional<MultipartReader.Part> part;
        while ((part = reader.next()).isPresent()) {
            if (part.get().filename().isEmpty()) {
                String name = part.get().name().orElse("");
                fields.put(name, readField(reader.content()));
                continue;
            }
            if (!checked) {
                check(exchange, path, fields);
                checked = true;
            }
            String filename = part.get().filename().get();
            if (filename.isEmpty()) {
                reader.content().transferTo(OutputStreamHolder.NULL);
                continue;
            }
            long maxFileCount = number(fields.get("max_file_count"));
            long maxFileSize = number(fields.get("max_file_size"));
            files++;
            if (files > maxFileCount) {
                status = "400 Bad Request";
                message = "max_file_count exceeded";
                break;
            }
            String object = path.object().orElse("") + filename;
            Map<String, String> partHeaders = part.get().headers();
            String contentType = Optional.ofNullable(fields.get("content-type")).filter(value -> !value.isEmpty())
                    .or(() -> Optional.ofNullable(partHeaders.get("content-type")))
                    .orElse("application/octet-stream");
            ObjectWrite.Builder write = ObjectWrite.builder(contentType).maxSize(maxFileSize);
            OptionalLong deleteAt = deleteAt(fields);
            write.deleteAt(deleteAt);
            try {
                api.objects().putObject(path.withObject(path.containerName(), object).objectPath(), reader.content(), write.build());
            }
            catch (ApiException e) {
                if (e.code() == ObjectErrorCode.ENTITY_TOO_LARGE) {
                    status = "400 Bad Request";
                    message = "max_file_size exceeded";
                    break;
                }
                throw e;
            }
        }
        if (!checked) {
            check(exchange, path, fields);
        }
        String redirect = fields.getOrDefault("redirect", "");
        if (!redirect.isEmpty()) {
            String location = redirect + (redirect.contains("?") ? "&" : "?") + "status=" + status.substring(0, 3) + "&message=" + SwiftPath.quote(message);
            exchange.header("Location", location);
            exchange.respond(303, "text/html; charset=UTF-8", ("<html><body><p><a href=\"" + SwiftListings.xmlEscape(location)
                    + "\">Click to continue...</a></p></body></html>").getBytes(StandardCharsets.UTF_8));
            return;
        }
        String body = "<html><body><h1>" + status + "</h1><p>" + (message.isEmpty() ? "" : "FormPost: " + message) + "</p></body></html>";
        exchange.respond(Integer.parseInt(status.substring(0, 3)), "text/html; charset=UTF-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private void check(Exchange exchange, SwiftPath path, Map<String, String> fields)
    {
        long expires;
        try {
            expires = Long.parseLong(fields.getOrDefault("expires", "").strip());
        }
        catch (NumberFormatException e) {
            throw unauthorized("FormPost: expired not an integer");
        }
        if (expires < api.objects().timestamps().nowSeconds()) {
            throw unauthorized("FormPost: Form Expired");
        }
        String signature = fields.getOrDefault("signature", "");
        List<String> keys = new ArrayList<>();
        AccountInfo account = api.objects().account(path.project());
        Optional<ContainerInfo> container = api.objects().container(path.project(), path.containerName());
        for (String key : List.of("temp-url-key", "temp-url-key-2")) {
            Optional.ofNullable(account.metadata().get(key)).ifPresent(keys::add);
            container.map(c -> c.metadata().get(key)).ifPresent(keys::add);
        }
        String suffix = "\n" + fields.getOrDefault("redirect", "") + "\n" + fields.getOrDefault("max_file_size", "") + "\n"
                + fields.getOrDefault("max_file_count", "") + "\n" + fields.getOrDefault("expires", "");
        String v1 = "/v1/" + path.account() + "/" + path.containerName() + "/" + path.object().orElse("");
        for (String signedPath : List.of("/object-store" + v1, v1)) {
            for (String key : keys) {
                if (TempUrl.signatureMatches(signature, key, signedPath + suffix)) {
                    if (container.isEmpty()) {
                        throw new ApiException(ObjectErrorCode.NO_SUCH_CONTAINER, SwiftErrorDialect.explanation(404));
                    }
                    return;
                }
            }
        }
        throw unauthorized("FormPost: Invalid Signature");
    }

    private static OptionalLong deleteAt(Map<String, String> fields)
    {
        try {
            if (fields.containsKey("x_delete_at")) {
                return OptionalLong.of(Long.parseLong(fields.get("x_delete_at").strip()));
            }
            if (fields.containsKey("x_delete_after")) {
                return OptionalLong.of(System.currentTimeMillis() / 1000 + Long.parseLong(fields.get("x_delete_after").strip()));
            }
        }
        catch (NumberFormatException e) {
            throw SwiftApi.badRequest("FormPost: x_delete_at and x_delete_after must be integers");
        }
        return OptionalLong.empty();
    }

    private static long number(String value)
    {
        try {
            return value == null ? 0 : Math.max(0, Long.parseLong(value.strip()));
        }
        catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String readField(InputStream in)
            throws IOException
    {
        byte[] value = in.readNBytes(MAX_FIELD + 1);
        if (value.length > MAX_FIELD) {
            throw SwiftApi.badRequest("FormPost: max_value_size exceeded");
        }
        in.transferTo(OutputStreamHolder.NULL);
        return new String(value, StandardCharsets.UTF_8).strip();
    }

    private static ApiException unauthorized(String message)
    {
        return new ApiException(ObjectErrorCode.UNAUTHORIZED, message);
    }

    private static final class OutputStreamHolder
    {
        static final java.io.OutputStream NULL = java.io.OutputStream.nullOutputStream();
    }

    static long maxObjectSize()
    {
        return ObjectService.MAX_OBJECT_SIZE;
    }
}

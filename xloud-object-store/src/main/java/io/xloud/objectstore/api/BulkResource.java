package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.json.Json;
import io.xloud.objectstore.service.ContainerInfo;
import io.xloud.objectstore.service.MetadataUpdate;
import io.xloud.objectstore.service.ObjectErrorCode;
import io.xloud.objectstore.service.ObjectService;
import io.xloud.objectstore.service.ObjectWrite;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Swift's bulk middleware: {@code ?bulk-delete} (a newline-separated list of {@code container/object} and
 * {@code container} paths, deleted in order) and {@code ?extract-archive=tar|tar.gz|tar.bz2} (each file of the archive
 * becomes an object; under an account, its first directory names the container). Both answer 200 with a
 * report of what was done, as plain text or JSON.
 */
final class BulkResource
{
    static final int MAX_DELETES = 10_000;
    static final int MAX_FAILED = 1000;
    private static final long MAX_DELETE_BODY = MAX_DELETES * 1100L;

    private final SwiftApi api;

    BulkResource(SwiftApi api)
    {
        this.api = api;
    }

    /** The report of a bulk request. */
    static final class Result
    {
        int deleted;
        int notFound;
        int created;
        final List<String[]> errors = new ArrayList<>();

        void error(String name, String status)
        {
            errors.add(new String[] {name, status});
        }

        void respond(Exchange exchange)
        {
            respond(exchange, false);
        }

        void respond(Exchange exchange, boolean extract)
        {
            String status = errors.isEmpty() ? (extract ? "201 Created" : "200 OK") : "400 Bad Request";
            boolean json = exchange.header("Accept").orElse("").toLowerCase(Locale.ROOT).contains("application/json");
            if (json) {
                Map<String, Object> body = new LinkedHashMap<>();
                if (extract) {
                    body.put("Number Files Created", created);
                }
                else {
                    body.put("Number Deleted", deleted);
                    body.put("Number Not Found", notFound);
                }
                body.put("Response Body", "");
                body.put("Response Status", status);
                body.put("Errors", errors.stream().map(List::of).toList());
                exchange.respond(200, "application/json; charset=utf-8", Json.bytes(body));
                return;
            }
            StringBuilder text = new StringBuilder();
            if (extract) {
                text.append("Number Files Created: ").append(created).append('\n');
            }
            else {
                text.append("Number Deleted: ").append(deleted).append('\n');
                text.append("Number Not Found: ").append(notFound).append('\n');
            }
            text.append("Response Body: \n");
            text.append("Response Status: ").append(status).append('\n');
            text.append("Errors: \n");
            for (String[] error : errors) {
                text.append(error[0]).append(", ").append(error[1]).append('\n');
            }
            exchange.respond(200, "text/plain; charset=utf-8", text.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    void delete(Exchange exchange)
    {
        SwiftPath account = SwiftPath.parse(exchange.rawPath());
        Result result = new Result();
        List<String> names = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(exchange.bodyStream(MAX_DELETE_BODY), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String name = line.strip();
                if (!name.isEmpty()) {
                    names.add(name);
                }
                if (names.size() > MAX_DELETES) {
                    throw new ApiException(ObjectErrorCode.ENTITY_TOO_LARGE, "Maximum Bulk Deletes: " + MAX_DELETES + " per request");
                }
            }
        }
        catch (IOException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw SwiftApi.badRequest("Invalid bulk delete.");
        }
        for (String raw : names) {
            if (result.errors.size() >= MAX_FAILED) {
                break;
            }
            String name;
            try {
                name = SwiftPath.decode(raw);
            }
            catch (ApiException e) {
                result.error(raw, "412 Precondition Failed");
                continue;
            }
            deleteOne(exchange, account, name.startsWith("/") ? name.substring(1) : name, result);
        }
        result.respond(exchange);
    }

    private void deleteOne(Exchange exchange, SwiftPath account, String name, Result result)
    {
        int slash = name.indexOf('/');
        String container = slash < 0 ? name : name.substring(0, slash);
        String object = slash < 0 ? "" : name.substring(slash + 1);
        try {
            if (object.isEmpty()) {
                if (!SwiftApi.owner(exchange, account, SwiftPolicies.DELETE_CONTAINER)) {
                    throw SwiftApi.denied(exchange);
                }
                api.objects().deleteContainer(account.project(), container);
            }
            else {
                SwiftPath path = account.withObject(container, object);
                if (!SwiftApi.owner(exchange, path, SwiftPolicies.DELETE_OBJECT)) {
                    SwiftApi.authorize(exchange, path, SwiftPolicies.DELETE_OBJECT, SwiftApi.Access.WRITE,
                            api.objects().container(account.project(), container), false);
                }
                api.objects().deleteObject(path.objectPath());
            }
            result.deleted++;
        }
        catch (ApiException e) {
            if (e.status() == 404) {
                result.notFound++;
            }
            else {
                result.error(SwiftPath.quote(name), e.status() + " " + e.code().title());
            }
        }
    }

    void extract(Exchange exchange)
            throws IOException
    {
        SwiftPath target = SwiftPath.parse(exchange.rawPath());
        String format = exchange.query("extract-archive").orElse("").toLowerCase(Locale.ROOT);
        if (!SwiftApi.owner(exchange, target, SwiftPolicies.EXTRACT_ARCHIVE)) {
            throw SwiftApi.denied(exchange);
        }
        InputStream body = exchange.bodyStream(Long.MAX_VALUE);
        InputStream archive;
        try {
            archive = switch (format) {
                case "tar", "" -> body;
                case "tar.gz", "tgz" -> new GzipCompressorInputStream(body, true);
                case "tar.bz2" -> new BZip2CompressorInputStream(body, true);
                default -> throw SwiftApi.badRequest("Unsupported archive format");
            };
        }
        catch (IOException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw new ApiException(ObjectErrorCode.BAD_REQUEST, "Invalid Tar File: not a valid tar archive");
        }
        Result result = new Result();
        TarReader tar = new TarReader(archive);
        Optional<TarReader.Entry> entry;
        while ((entry = tar.next()).isPresent()) {
            if (!entry.get().file()) {
                continue;
            }
            String name = entry.get().name();
            while (name.startsWith("./") || name.startsWith("/")) {
                name = name.substring(name.startsWith("./") ? 2 : 1);
            }
            if (name.isEmpty()) {
                continue;
            }
            String container;
            String object;
            if (target.isAccount()) {
                int slash = name.indexOf('/');
                if (slash <= 0 || slash == name.length() - 1) {
                    result.error(SwiftPath.quote(name), "400 Bad Request");
                    continue;
                }
                container = name.substring(0, slash);
                object = name.substring(slash + 1);
            }
            else {
                container = target.containerName();
                object = target.object().map(prefix -> prefix.endsWith("/") ? prefix : prefix + "/").orElse("") + name;
            }
            try {
                ObjectService objects = api.objects();
                Optional<ContainerInfo> existing = objects.container(target.project(), container);
                if (existing.isEmpty()) {
                    objects.createContainer(target.project(), container, MetadataUpdate.none(), MetadataUpdate.none());
                }
                ObjectWrite write = ObjectWrite.builder(ObjectResource.guessContentType(object)).expectedSize(entry.get().size()).build();
                objects.putObject(target.withObject(container, object).objectPath(), tar.content(), write);
                result.created++;
            }
            catch (ApiException e) {
                result.error(SwiftPath.quote(container + "/" + object), e.status() + " " + e.code().title());
            }
            if (result.errors.size() >= MAX_FAILED) {
                break;
            }
        }
        result.respond(exchange, true);
    }
}

package io.xloud.objectstore.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.objectstore.service.ContainerInfo;
import io.xloud.objectstore.service.ObjectErrorCode;
import io.xloud.objectstore.service.ObjectInfo;
import io.xloud.objectstore.service.ObjectService;
import io.xloud.objectstore.service.ObjectWrite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Swift's symlink middleware: a zero-byte object with {@code X-Symlink-Target: <container>/<object>} (and
 * optionally {@code X-Symlink-Target-Account}) that GET and HEAD follow, up to {@link #SYMLOOP_MAX} links, answering
 * with {@code Content-Location}; {@code ?symlink=get} reads the link itself. A static link also names the target's
 * ETag ({@code X-Symlink-Target-Etag}), checked when it is made and on every read. Each hop is a read of its own,
 * authorized as the caller: a target in another container or account obeys that container's and account's ACLs.
 */
final class Symlinks
{
    /** Swift's default symloop_max. */
    static final int SYMLOOP_MAX = 2;
    static final String TARGET = "swift.symlink-target";
    static final String TARGET_ACCOUNT = "swift.symlink-target-account";
    static final String TARGET_ETAG = "swift.symlink-target-etag";
    static final String TARGET_BYTES = "swift.symlink-target-bytes";
    static final String MD5_OF_EMPTY = "d41d8cd98f00b204e9800998ecf8427e";
    private static final String TARGET_FORM = "X-Symlink-Target header must be of the form <container name>/<object name>";

    private final SwiftApi api;

    Symlinks(SwiftApi api)
    {
        this.api = api;
    }

    static boolean isSymlink(ObjectInfo object)
    {
        return object.sysmeta().containsKey(TARGET);
    }

    static boolean wantsLinkItself(Exchange exchange)
    {
        return exchange.query("symlink").filter("get"::equals).isPresent();
    }

    /** A hop's answer: the object at the end of the links, where it is, and the path clients see for it. */
    record Resolved(SwiftPath path, ObjectInfo object, Optional<String> contentLocation) {}

    /** Authorizes a read of one hop's target; throws 401 or 403 as a direct read of it would. */
    @FunctionalInterface
    interface HopAuthorizer
    {
        void authorize(SwiftPath target, Optional<ContainerInfo> container);
    }

    /**
     * Follows the links from {@code object} at {@code path}: dynamic links always, static ones too, and only static
     * ones when {@code followDynamic} is false (as when a static link is made). {@code expectedEtag} is the ETag the
     * first target must have, if any.
     */
    Resolved resolve(SwiftPath path, ObjectInfo object, boolean followDynamic, Optional<String> expectedEtag, HopAuthorizer authorizer)
    {
        int loops = 0;
        Optional<String> location = Optional.empty();
        Optional<String> targetEtag = expectedEtag;
        SwiftPath current = path;
        ObjectInfo found = object;
        while (isSymlink(found) && (followDynamic || found.sysmeta().containsKey(TARGET_ETAG))) {
            String foundEtag = found.sysmeta().getOrDefault(TARGET_ETAG, found.etag());
            if (targetEtag.isPresent() && !targetEtag.get().equals(foundEtag)) {
                throw conflict("X-Symlink-Target-Etag headers do not match", location);
            }
            if (loops >= SYMLOOP_MAX) {
                throw new ApiException(ObjectErrorCode.CONFLICT, "Too many levels of symbolic links, maximum allowed is " + SYMLOOP_MAX);
            }
            String account = Optional.ofNullable(found.sysmeta().get(TARGET_ACCOUNT)).orElse(SwiftPath.quote(current.account()));
            String target = found.sysmeta().get(TARGET);
            location = Optional.of("/v1/" + account + "/" + target);
            targetEtag = Optional.ofNullable(found.sysmeta().get(TARGET_ETAG));
            loops++;
            try {
                current = SwiftPath.parseRelative(account + "/" + target);
                if (!current.isObject()) {
                    throw SwiftApi.notFound();
                }
                Optional<ContainerInfo> container = api.objects().container(current.project(), current.containerName());
                authorizer.authorize(current, container);
                found = api.objects().object(current.objectPath()).orElseThrow(SwiftApi::notFound);
            }
            catch (ApiException e) {
                throw withLocation(e, location.get());
            }
        }
        if (targetEtag.isPresent()) {
            String finalEtag = manifestEtag(found);
            if (!finalEtag.equals(targetEtag.get())) {
                throw conflict("Object Etag " + pythonRepr(finalEtag) + " does not match X-Symlink-Target-Etag header " + pythonRepr(targetEtag.get()),
                        location);
            }
        }
        return new Resolved(current, found, location);
    }

    /** The ETag a static link names for an object: a large object's is its manifest's, as X-Manifest-Etag shows it. */
    static String manifestEtag(ObjectInfo object)
    {
        if (LargeObjects.isSlo(object)) {
            return object.sysmeta().getOrDefault(ObjectService.CONTENT_MD5, object.etag());
        }
        return object.etag();
    }

    private static ApiException conflict(String message, Optional<String> location)
    {
        return new ApiException(ObjectErrorCode.CONFLICT, message, location.map(value -> Map.of("Content-Location", value)).orElse(Map.of()));
    }

    private static ApiException withLocation(ApiException e, String location)
    {
        Map<String, String> headers = new HashMap<>(e.headers());
        headers.put("Content-Location", location);
        return new ApiException(e.code(), e.getMessage(), headers);
    }

    /** What a symlink PUT stores: the validated target in system metadata, and the link's content type. */
    record Link(Map<String, String> sysmeta, Optional<String> contentType) {}

    /**
     * Checks a symlink PUT as Swift does (zero-byte body, target of the form container/object, not the link itself, a
     * clean ETag) and, for a static link, that the target exists with that ETag.
     */
    Link prepare(Exchange exchange, SwiftPath path, HopAuthorizer authorizer)
            throws IOException
    {
        requireEmptyBody(exchange);
        String rawTarget = exchange.header("X-Symlink-Target").orElseThrow().strip();
        String decoded = SwiftPath.decode(rawTarget);
        if (decoded.startsWith("/")) {
            throw SwiftApi.preconditionFailed(TARGET_FORM);
        }
        int slash = decoded.indexOf('/');
        if (slash <= 0 || slash == decoded.length() - 1) {
            throw SwiftApi.preconditionFailed(TARGET_FORM);
        }
        String container = decoded.substring(0, slash);
        String object = decoded.substring(slash + 1);
        Optional<String> account = exchange.header("X-Symlink-Target-Account").map(value -> SwiftPath.decode(value.strip()));
        if (account.isPresent()) {
            if (account.get().isEmpty()) {
                throw SwiftApi.preconditionFailed("Account name is required");
            }
            if (account.get().indexOf('/') >= 0) {
                throw SwiftApi.preconditionFailed("Account name cannot contain slashes");
            }
        }
        String targetAccount = account.orElse(path.account());
        if (targetAccount.equals(path.account()) && container.equals(path.containerName()) && object.equals(path.object().orElseThrow())) {
            throw SwiftApi.badRequest("Symlink cannot target itself");
        }
        Optional<String> etag = exchange.header("X-Symlink-Target-Etag").map(Symlinks::normalizeEtag).filter(value -> !value.isEmpty());
        if (etag.isPresent() && (etag.get().indexOf(';') >= 0 || etag.get().indexOf('"') >= 0 || etag.get().indexOf('\\') >= 0)) {
            throw SwiftApi.badRequest("Bad X-Symlink-Target-Etag format");
        }
        Map<String, String> sysmeta = new LinkedHashMap<>();
        String quotedTarget = SwiftPath.quote(container + "/" + object);
        sysmeta.put(TARGET, quotedTarget);
        account.ifPresent(value -> sysmeta.put(TARGET_ACCOUNT, SwiftPath.quote(value)));
        Optional<String> contentType = exchange.header("Content-Type").map(String::strip).filter(value -> !value.isEmpty());
        if (etag.isEmpty()) {
            return new Link(sysmeta, Optional.of(contentType.orElse("application/symlink")));
        }
        String location = "/v1/" + SwiftPath.quote(targetAccount) + "/" + quotedTarget;
        SwiftPath target;
        ObjectInfo found;
        try {
            target = SwiftPath.parseRelative(SwiftPath.quote(targetAccount) + "/" + quotedTarget);
            authorizer.authorize(target, api.objects().container(target.project(), target.containerName()));
            Optional<ObjectInfo> head = api.objects().object(target.objectPath());
            if (head.isEmpty()) {
                throw conflict("X-Symlink-Target does not exist", Optional.of(location));
            }
            found = head.get();
        }
        catch (ApiException e) {
            if (e.status() == 404) {
                throw conflict("X-Symlink-Target does not exist", Optional.of(location));
            }
            throw withLocation(e, location);
        }
        Resolved resolved;
        try {
            resolved = resolve(target, found, false, etag, authorizer);
        }
        catch (ApiException e) {
            if (e.status() == 404) {
                throw conflict("X-Symlink-Target does not exist", Optional.of(location));
            }
            throw e;
        }
        ObjectInfo end = resolved.object();
        sysmeta.put(TARGET_ETAG, etag.get());
        sysmeta.put(TARGET_BYTES, Long.toString(Optional.ofNullable(end.sysmeta().get(SwiftApi.SLO_SIZE)).map(Long::parseLong).orElse(end.size())));
        return new Link(sysmeta, Optional.of(contentType.orElse(end.contentType())));
    }

    /** Swift's normalize_etag: surrounding quotes go. */
    private static String normalizeEtag(String value)
    {
        String stripped = value.strip();
        if (stripped.length() >= 2 && stripped.startsWith("\"") && stripped.endsWith("\"")) {
            return stripped.substring(1, stripped.length() - 1);
        }
        return stripped;
    }

    private static void requireEmptyBody(Exchange exchange)
            throws IOException
    {
        Optional<String> length = exchange.header("Content-Length").map(String::strip);
        boolean chunked = exchange.header("Transfer-Encoding").map(value -> value.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false);
        if (length.isPresent() && !chunked) {
            if (!length.get().equals("0")) {
                throw SwiftApi.badRequest("Symlink requests require a zero byte body");
            }
            return;
        }
        try (InputStream body = exchange.bodyStream(1)) {
            if (body.read() >= 0) {
                throw SwiftApi.badRequest("Symlink requests require a zero byte body");
            }
        }
        catch (ApiException e) {
            if (e.status() == 413) {
                throw SwiftApi.badRequest("Symlink requests require a zero byte body");
            }
            throw e;
        }
    }

    /** A symlink read with {@code ?symlink=get}: its own headers, and its target as X-Symlink-* headers. */
    static void linkHeaders(Exchange exchange, ObjectInfo object)
    {
        Map<String, String> sysmeta = object.sysmeta();
        Optional.ofNullable(sysmeta.get(TARGET)).ifPresent(value -> exchange.header("X-Symlink-Target", value));
        Optional.ofNullable(sysmeta.get(TARGET_ACCOUNT)).ifPresent(value -> exchange.header("X-Symlink-Target-Account", value));
        Optional.ofNullable(sysmeta.get(TARGET_ETAG)).ifPresent(value -> exchange.header("X-Symlink-Target-Etag", value));
        Optional.ofNullable(sysmeta.get(TARGET_BYTES)).ifPresent(value -> exchange.header("X-Symlink-Target-Bytes", value));
    }

    /** A POST to a symlink changed the link's metadata; Swift then points the client at the target with a 307. */
    static void redirectPost(Exchange exchange, SwiftPath path, ObjectInfo link)
    {
        String account = Optional.ofNullable(link.sysmeta().get(TARGET_ACCOUNT)).orElse(SwiftPath.quote(path.account()));
        exchange.header("Location", "/v1/" + account + "/" + link.sysmeta().get(TARGET));
        Optional.ofNullable(link.sysmeta().get(TARGET_ETAG)).ifPresent(value -> exchange.header("X-Symlink-Target-Etag", value));
        exchange.respond(307, SwiftApi.TEXT_HTML, ("The requested POST was applied to a symlink. POST directly to the target to apply requested "
                + "metadata.").getBytes(StandardCharsets.UTF_8));
    }

    /** A symlink in a JSON container listing: its symlink_path, and for a static link its symlink_etag and symlink_bytes. */
    static void listingFields(ObjectNode node, String account, ObjectInfo object)
    {
        String target = object.sysmeta().get(TARGET);
        if (target == null) {
            return;
        }
        String targetAccount = Optional.ofNullable(object.sysmeta().get(TARGET_ACCOUNT)).orElse(SwiftPath.quote(account));
        Optional.ofNullable(object.sysmeta().get(TARGET_ETAG)).ifPresent(value -> node.put("symlink_etag", value));
        Optional.ofNullable(object.sysmeta().get(TARGET_BYTES)).ifPresent(value -> {
            try {
                node.put("symlink_bytes", Long.parseLong(value));
            }
            catch (NumberFormatException ignored) {
                // only this engine writes the value
            }
        });
        node.put("symlink_path", "/v1/" + targetAccount + "/" + target);
    }

    /** A copy of the link itself ({@code ?symlink=get}) keeps its target. */
    static void copyLink(ObjectInfo link, ObjectWrite.Builder write)
    {
        Map<String, String> sysmeta = new HashMap<>();
        for (String key : new String[] {TARGET, TARGET_ACCOUNT, TARGET_ETAG, TARGET_BYTES}) {
            Optional.ofNullable(link.sysmeta().get(key)).ifPresent(value -> sysmeta.put(key, value));
        }
        write.sysmeta(sysmeta);
    }

    /** Python's repr() of a string, as Swift's messages quote values. */
    static String pythonRepr(String value)
    {
        boolean single = value.indexOf('\'') >= 0 && value.indexOf('"') < 0;
        char quote = single ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == quote) {
                out.append('\\').append(c);
            }
            else if (c == '\n') {
                out.append("\\n");
            }
            else if (c == '\r') {
                out.append("\\r");
            }
            else if (c == '\t') {
                out.append("\\t");
            }
            else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            }
            else {
                out.append(c);
            }
        }
        return out.append(quote).toString();
    }
}

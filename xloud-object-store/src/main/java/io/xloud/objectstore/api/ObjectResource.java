package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.objectstore.service.AccountInfo;
import io.xloud.objectstore.service.ContainerInfo;
import io.xloud.objectstore.service.LargeObjectAssembler;
import io.xloud.objectstore.service.ObjectContent;
import io.xloud.objectstore.service.ObjectErrorCode;
import io.xloud.objectstore.service.ObjectInfo;
import io.xloud.objectstore.service.ObjectPath;
import io.xloud.objectstore.service.ObjectService;
import io.xloud.objectstore.service.ObjectUpdate;
import io.xloud.objectstore.service.ObjectWrite;
import io.xloud.objectstore.service.PutResult;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import static io.xloud.objectstore.api.SwiftApi.authorize;

/**
 * /v1/AUTH_{project}/{container}/{object}: GET and HEAD (ranges, conditions, large objects), PUT (ETag
 * check, chunked bodies, X-Copy-From, X-Delete-At/After, manifests), POST (replaces the metadata), DELETE
 * and COPY. TempURL signatures stand in for a token; FormPost uploads arrive as POSTs.
 */
final class ObjectResource
{
    static final String OBJECT = SwiftModule.V1 + "/{account}/{container}/{object+}";

    private final SwiftApi api;
    private final LargeObjects large;
    private final Versioning versioning;
    private final StaticWeb staticWeb;
    private final FormPost formPost;
    private final Symlinks symlinks;

    ObjectResource(SwiftApi api, LargeObjects large, Versioning versioning, StaticWeb staticWeb, FormPost formPost)
    {
        this.api = api;
        this.symlinks = new Symlinks(api);
        this.large = large;
        this.versioning = versioning;
        this.staticWeb = staticWeb;
        this.formPost = formPost;
    }

    void routes(Router.Builder r, Cors cors)
    {
        r.optionalTokenRoute("GET", OBJECT, SwiftPolicies.GET_OBJECT, SwiftApi::target, cors.actual(this::get));
        r.optionalTokenRoute("HEAD", OBJECT, SwiftPolicies.HEAD_OBJECT, SwiftApi::target, cors.actual(this::get));
        r.optionalTokenRoute("PUT", OBJECT, SwiftPolicies.PUT_OBJECT, SwiftApi::target, cors.actual(this::put));
        r.optionalTokenRoute("POST", OBJECT, SwiftPolicies.POST_OBJECT, SwiftApi::target, cors.actual(this::post));
        r.optionalTokenRoute("DELETE", OBJECT, SwiftPolicies.DELETE_OBJECT, SwiftApi::target, cors.actual(this::delete));
        r.optionalTokenRoute("COPY", OBJECT, SwiftPolicies.COPY_OBJECT, SwiftApi::target, this::copy);
    }

    private static SwiftPath objectPath(Exchange exchange)
    {
        SwiftPath path = SwiftPath.parse(exchange.rawPath());
        if (!path.isObject()) {
            throw SwiftApi.notFound();
        }
        return path;
    }

    /** The container, looked up once and only when needed; its figures only where a quota needs them. */
    private Supplier<Optional<ContainerInfo>> container(SwiftPath path)
    {
        Optional<ContainerInfo>[] memo = new Optional[1];
        return () -> {
            if (memo[0] == null) {
                memo[0] = api.objects().containerForObject(path.project(), path.containerName());
            }
            return memo[0];
        };
    }

    /** TempURL, owner, or ACL; true when the caller is trusted with the whole account (owner or signed URL). */
    private boolean authorizeObject(Exchange exchange, SwiftPath path, String rule, SwiftApi.Access access,
            Supplier<Optional<ContainerInfo>> container)
    {
        if (TempUrl.present(exchange)) {
            TempUrl.authorize(exchange, path, tempUrlKeys(path, container), api.objects().timestamps().nowSeconds());
            if (!exchange.method().equals("GET") && !exchange.method().equals("HEAD")) {
                // a signed URL never makes links or manifests, which would reach beyond the object it signs
                for (String header : List.of("X-Symlink-Target", "X-Object-Manifest")) {
                    if (exchange.header(header).isPresent()) {
                        throw SwiftApi.badRequest("The header '" + header + "' is not allowed in this tempurl");
                    }
                }
            }
            return true;
        }
        if (SwiftApi.owner(exchange, path, rule)) {
            return true;
        }
        authorize(exchange, path, rule, access, container.get(), false);
        return false;
    }

    private List<String> tempUrlKeys(SwiftPath path, Supplier<Optional<ContainerInfo>> container)
    {
        List<String> keys = new ArrayList<>();
        AccountInfo account = api.objects().account(path.project());
        for (String key : List.of("temp-url-key", "temp-url-key-2")) {
            Optional.ofNullable(account.metadata().get(key)).ifPresent(keys::add);
            container.get().map(c -> c.metadata().get(key)).ifPresent(keys::add);
        }
        return keys;
    }

    // ---- GET, HEAD

    void get(Exchange exchange)
            throws IOException
    {
        ObjectDownloads.readCurrent(exchange, () -> getOnce(exchange));
    }

    private void getOnce(Exchange exchange)
            throws IOException
    {
        SwiftPath path = objectPath(exchange);
        boolean head = exchange.method().equals("HEAD");
        Supplier<Optional<ContainerInfo>> container = container(path);
        boolean tempUrl = TempUrl.present(exchange);
        boolean trusted = authorizeObject(exchange, path, head ? SwiftPolicies.HEAD_OBJECT : SwiftPolicies.GET_OBJECT, SwiftApi.Access.READ, container);
        Optional<String> versionId = exchange.query("version-id");
        if (versionId.isPresent()) {
            serve(exchange, path, requireVersion(path, versionId.get()), head, tempUrl, trusted);
            return;
        }
        Optional<ObjectInfo> object = api.objects().object(path.objectPath());
        if (object.isEmpty()) {
            if (!head && container.get().isPresent() && staticWeb.applies(exchange, container.get())) {
                staticWeb.missingObject(exchange, path, container.get().get());
                return;
            }
            throw SwiftApi.notFound();
        }
        if (Symlinks.isSymlink(object.get())) {
            if (Symlinks.wantsLinkItself(exchange)) {
                Symlinks.linkHeaders(exchange, object.get());
            }
            else {
                String rule = head ? SwiftPolicies.HEAD_OBJECT : SwiftPolicies.GET_OBJECT;
                Symlinks.Resolved resolved = symlinks.resolve(path, object.get(), true, Optional.empty(), hopAuthorizer(exchange, path, rule, tempUrl));
                resolved.contentLocation().ifPresent(location -> exchange.header("Content-Location", location));
                boolean targetTrusted = tempUrl || SwiftApi.owner(exchange, resolved.path(), rule);
                serve(exchange, resolved.path(), resolved.object(), head, tempUrl, targetTrusted);
                return;
            }
        }
        serve(exchange, path, object.get(), head, tempUrl, trusted);
    }

    /** The version {@code ?version-id=} names; a delete marker is not found, as in Swift, but says its id. */
    private ObjectInfo requireVersion(SwiftPath path, String versionId)
    {
        ObjectInfo version = api.objects().objectVersion(path.objectPath(), ObjectService.parseVersionId(versionId));
        if (version.deleteMarker()) {
            throw new ApiException(ObjectErrorCode.NO_SUCH_OBJECT, SwiftErrorDialect.explanation(404),
                    Map.of("X-Object-Version-Id", version.versionIdText(), "Content-Type", SwiftListings.DELETE_MARKER_TYPE));
        }
        return version;
    }

    /**
     * A symlink hop is a read of its own: the owner, or an ACL of the target's container or account, lets it in. A
     * TempURL reaches targets in its own account only.
     */
    private static Symlinks.HopAuthorizer hopAuthorizer(Exchange exchange, SwiftPath origin, String rule, boolean tempUrl)
    {
        return (target, container) -> {
            if (tempUrl) {
                if (!target.account().equals(origin.account())) {
                    throw new ApiException(ObjectErrorCode.UNAUTHORIZED, SwiftErrorDialect.explanation(401));
                }
                return;
            }
            if (!SwiftApi.owner(exchange, target, rule)) {
                authorize(exchange, target, rule, SwiftApi.Access.READ, container, false);
            }
        };
    }

    void serve(Exchange exchange, SwiftPath path, ObjectInfo object, boolean head, boolean tempUrl, boolean trusted)
            throws IOException
    {
        String manifestQuery = exchange.query("multipart-manifest").orElse("");
        boolean manifest = LargeObjects.isDlo(object) || LargeObjects.isSlo(object);
        objectHeaders(exchange, object, tempUrl);
        if (tempUrl) {
            exchange.header("Content-Disposition", TempUrl.disposition(exchange, object.name()));
        }
        if (manifest && manifestQuery.equals("get")) {
            if (LargeObjects.isSlo(object)) {
                byte[] body = large.manifestBody(object, exchange.query("format").filter("raw"::equals).isPresent());
                exchange.header("ETag", md5Hex(body));
                exchange.header("X-Static-Large-Object", "True");
                if (head) {
                    exchange.stream(200, "application/json; charset=utf-8", body.length, out -> { });
                }
                else {
                    exchange.respond(200, "application/json; charset=utf-8", body);
                }
                return;
            }
            exchange.header("ETag", object.etag());
            conditional(exchange, object.etag(), object, ObjectContent.of(object), head);
            return;
        }
        if (manifest) {
            LargeObjectAssembler.Assembly assembly = large.assemble(exchange, path, object, trusted);
            exchange.header("ETag", "\"" + assembly.etag() + "\"");
            conditional(exchange, assembly.etag(), object, assembly.content(), head);
            return;
        }
        exchange.header("ETag", object.etag());
        conditional(exchange, object.etag(), object, ObjectContent.of(object), head);
    }

    private void conditional(Exchange exchange, String etag, ObjectInfo object, ObjectContent content, boolean head)
            throws IOException
    {
        if (ObjectDownloads.evaluate(exchange, etag, object.lastModified()) == ObjectDownloads.Condition.NOT_MODIFIED) {
            exchange.header("Content-Type", object.contentType());
            exchange.respond(304, null, null);
            return;
        }
        ObjectDownloads.send(exchange, api.objects(), content, object.contentType(), head);
    }

    static void objectHeaders(Exchange exchange, ObjectInfo object, boolean tempUrl)
    {
        exchange.header("Last-Modified", SwiftHeaders.httpDate(object.lastModified()));
        if (object.versionId().isPresent() || exchange.query("version-id").isPresent()) {
            exchange.header("X-Object-Version-Id", object.versionIdText());
        }
        exchange.header("X-Timestamp", SwiftHeaders.timestamp(object.lastModified()));
        Map<String, String> metadata = new LinkedHashMap<>(object.metadata());
        if (tempUrl) {
            metadata.keySet().removeIf(key -> TempUrl.KEPT_META_PREFIXES.stream().noneMatch(key::startsWith));
        }
        SwiftHeaders.putMetadata(exchange, SwiftHeaders.OBJECT_META, metadata);
        object.headers().forEach((name, value) -> exchange.header(SwiftHeaders.titleCase(name), value));
        object.deleteAt().ifPresent(at -> exchange.header("X-Delete-At", Long.toString(at)));
        if (LargeObjects.isDlo(object)) {
            exchange.header("X-Object-Manifest", SwiftPath.quote(object.manifest().orElse("")));
        }
        if (LargeObjects.isSlo(object)) {
            exchange.header("X-Static-Large-Object", "True");
            exchange.header("X-Manifest-Etag", Symlinks.manifestEtag(object));
        }
    }

    // ---- PUT

    /**
     * {@code If-None-Match: *} on a PUT or a copy: refused before the body when the name is taken, and checked again at
     * the commit, so that of concurrent creates one gets the name.
     */
    private Optional<ObjectWrite.CurrentCheck> onlyIfAbsent(Exchange exchange, SwiftPath path)
    {
        if (exchange.header("If-None-Match").isEmpty()) {
            return Optional.empty();
        }
        if (!exchange.header("If-None-Match").get().strip().equals("*")) {
            throw SwiftApi.badRequest("If-None-Match only supports *");
        }
        ObjectWrite.CurrentCheck absent = current -> {
            if (current.isPresent()) {
                throw SwiftApi.preconditionFailed(SwiftErrorDialect.explanation(412));
            }
        };
        absent.check(api.objects().object(path.objectPath()).map(ObjectInfo::etag));
        return Optional.of(absent);
    }

    void put(Exchange exchange)
            throws IOException
    {
        SwiftPath path = objectPath(exchange);
        Supplier<Optional<ContainerInfo>> container = container(path);
        authorizeObject(exchange, path, SwiftPolicies.PUT_OBJECT, SwiftApi.Access.WRITE, container);
        ObjectService.validateObjectName(path.objectPath());
        ContainerInfo containerInfo = container.get()
                .orElseThrow(() -> new ApiException(ObjectErrorCode.NO_SUCH_CONTAINER, SwiftErrorDialect.explanation(404)));
        Optional<String> copyFrom = exchange.header("X-Copy-From");
        if (copyFrom.isPresent()) {
            SwiftPath source = sourcePath(path, copyFrom.get(), exchange.header("X-Copy-From-Account"), "X-Copy-From");
            copyObject(exchange, source, Optional.empty(), path, containerInfo);
            return;
        }
        SwiftHeaders.checkMetadata(exchange, SwiftHeaders.OBJECT_META);
        if (exchange.header("X-Symlink-Target").isPresent()) {
            putSymlink(exchange, path, containerInfo);
            return;
        }
        OptionalLong length = contentLength(exchange);
        Optional<ObjectWrite.CurrentCheck> onlyIfAbsent = onlyIfAbsent(exchange, path);
        ObjectWrite.Builder write = ObjectWrite.builder(contentType(exchange, path.objectPath().object()))
                .metadata(SwiftHeaders.metadata(exchange, SwiftHeaders.OBJECT_META))
                .headers(storedHeaders(exchange))
                .deleteAt(deleteAt(exchange));
        onlyIfAbsent.ifPresent(write::ifCurrent);
        if (exchange.query("multipart-manifest").filter("put"::equals).isPresent()) {
            versioning.beforeOverwrite(exchange, path, containerInfo);
            ObjectInfo stored = large.putSlo(exchange, path, write);
            created(exchange, stored, false, "\"" + stored.etag() + "\"");
            return;
        }
        length.ifPresent(write::expectedSize);
        exchange.header("ETag").map(ObjectDownloads::unquote).map(value -> value.toLowerCase(Locale.ROOT)).ifPresent(write::expectedMd5);
        exchange.header("X-Object-Manifest").ifPresent(value -> write.manifest("dlo", Optional.of(LargeObjects.dloManifest(value))));
        if (exchange.header("X-Static-Large-Object").isPresent()) {
            throw SwiftApi.badRequest("X-Static-Large-Object is a reserved header. To create a static large object add query param "
                    + "multipart-manifest=put.");
        }
        versioning.beforeOverwrite(exchange, path, containerInfo);
        PutResult result;
        try (InputStream body = exchange.bodyStream(ObjectService.MAX_OBJECT_SIZE)) {
            result = api.objects().putObject(containerInfo, path.objectPath(), body, write.build());
        }
        created(exchange, result.object(), result.superseded(), result.object().etag());
    }

    private void putSymlink(Exchange exchange, SwiftPath path, ContainerInfo containerInfo)
            throws IOException
    {
        Symlinks.Link link = symlinks.prepare(exchange, path, hopAuthorizer(exchange, path, SwiftPolicies.HEAD_OBJECT, false));
        ObjectWrite.Builder write = ObjectWrite.builder(link.contentType().orElse("application/symlink"))
                .metadata(SwiftHeaders.metadata(exchange, SwiftHeaders.OBJECT_META))
                .headers(storedHeaders(exchange))
                .deleteAt(deleteAt(exchange))
                .sysmeta(link.sysmeta())
                .expectedSize(0);
        versioning.beforeOverwrite(exchange, path, containerInfo);
        PutResult result = api.objects().putObject(path.objectPath(), InputStream.nullInputStream(), write.build());
        created(exchange, result.object(), result.superseded(), result.object().etag());
    }

    private static void created(Exchange exchange, ObjectInfo object, boolean superseded, String etag)
    {
        exchange.header("ETag", etag);
        exchange.header("Last-Modified", SwiftHeaders.httpDate(object.lastModified()));
        object.versionId().ifPresent(id -> exchange.header("X-Object-Version-Id", id));
        SwiftApi.empty(exchange, superseded ? 202 : 201);
    }

    /** Content-Length, or chunked transfer encoding; else 411 as Swift answers. */
    private static OptionalLong contentLength(Exchange exchange)
    {
        Optional<String> transferEncoding = exchange.header("Transfer-Encoding");
        if (transferEncoding.isPresent() && transferEncoding.get().toLowerCase(Locale.ROOT).contains("chunked")) {
            return OptionalLong.empty();
        }
        Optional<String> length = exchange.header("Content-Length");
        if (length.isEmpty()) {
            throw new ApiException(ObjectErrorCode.LENGTH_REQUIRED, SwiftErrorDialect.explanation(411));
        }
        try {
            long value = Long.parseLong(length.get().strip());
            if (value < 0) {
                throw SwiftApi.badRequest("Invalid Content-Length");
            }
            if (value > ObjectService.MAX_OBJECT_SIZE) {
                throw new ApiException(ObjectErrorCode.ENTITY_TOO_LARGE, "Your request is too large.");
            }
            return OptionalLong.of(value);
        }
        catch (NumberFormatException e) {
            throw SwiftApi.badRequest("Invalid Content-Length");
        }
    }

    private static String contentType(Exchange exchange, String name)
    {
        Optional<String> given = exchange.header("Content-Type").map(String::strip).filter(value -> !value.isEmpty());
        if (given.isPresent() && !SwiftHeaders.isTrue(exchange.header("X-Detect-Content-Type"))) {
            return given.get();
        }
        return guessContentType(name);
    }

    static String guessContentType(String name)
    {
        String guessed = URLConnection.guessContentTypeFromName(name.toLowerCase(Locale.ROOT));
        return guessed == null ? "application/octet-stream" : guessed;
    }

    private static Map<String, String> storedHeaders(Exchange exchange)
    {
        Map<String, String> headers = new HashMap<>();
        for (String name : SwiftHeaders.STORED_OBJECT_HEADERS) {
            exchange.header(name).ifPresent(value -> headers.put(name, value));
        }
        return headers;
    }

    /** X-Delete-At (epoch seconds) or X-Delete-After (seconds from now), as Swift checks them. */
    private OptionalLong deleteAt(Exchange exchange)
    {
        return SwiftHeaders.deleteAt(exchange, api.objects().timestamps().nowSeconds());
    }

    // ---- copies

    /** The source of a copy, {@code container/object}, in the request's account unless another is named. */
    private static SwiftPath sourcePath(SwiftPath request, String header, Optional<String> account, String headerName)
    {
        String value = SwiftPath.decode(header.strip());
        if (value.startsWith("/")) {
            value = value.substring(1);
        }
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            throw SwiftApi.preconditionFailed(headerName + " header must be of the form <container name>/<object name>");
        }
        String accountName = account.map(String::strip).filter(name -> !name.isEmpty()).orElse(request.account());
        SwiftPath base = SwiftPath.parseRelative(SwiftPath.quote(accountName));
        return base.withObject(value.substring(0, slash), value.substring(slash + 1));
    }

    void copy(Exchange exchange)
            throws IOException
    {
        SwiftPath source = objectPath(exchange);
        String destination = exchange.header("Destination")
                .orElseThrow(() -> SwiftApi.preconditionFailed("Destination header required"));
        SwiftPath target = sourcePath(source, destination, exchange.header("Destination-Account"), "Destination");
        Supplier<Optional<ContainerInfo>> targetContainer = container(target);
        if (!SwiftApi.owner(exchange, target, SwiftPolicies.PUT_OBJECT)) {
            authorize(exchange, target, SwiftPolicies.PUT_OBJECT, SwiftApi.Access.WRITE, targetContainer.get(), false);
        }
        ObjectService.validateObjectName(target.objectPath());
        ContainerInfo containerInfo = targetContainer.get()
                .orElseThrow(() -> new ApiException(ObjectErrorCode.NO_SUCH_CONTAINER, SwiftErrorDialect.explanation(404)));
        // ?version-id= on a COPY names the version of the source to copy (restoring an older version, say)
        copyObject(exchange, source, exchange.query("version-id"), target, containerInfo);
    }

    /**
     * Copies the source to the target: its metadata plus the request's (only the request's with X-Fresh-Metadata),
     * the request's Content-Type if any. A large object is copied as the bytes it serves, unless
     * {@code ?multipart-manifest=get} asks for the manifest itself. With {@code sourceVersion}, that version of the source.
     */
    private void copyObject(Exchange exchange, SwiftPath source, Optional<String> sourceVersion, SwiftPath target, ContainerInfo targetContainer)
            throws IOException
    {
        Supplier<Optional<ContainerInfo>> sourceContainer = container(source);
        boolean trusted = SwiftApi.owner(exchange, source, SwiftPolicies.GET_OBJECT);
        if (!trusted) {
            authorize(exchange, source, SwiftPolicies.GET_OBJECT, SwiftApi.Access.READ, sourceContainer.get(), false);
        }
        if (contentLengthOrZero(exchange) > 0) {
            throw SwiftApi.badRequest("Copy requests require a zero byte body");
        }
        SwiftHeaders.checkMetadata(exchange, SwiftHeaders.OBJECT_META);
        ObjectInfo original = sourceVersion.isPresent()
                ? requireVersion(source, sourceVersion.get())
                : api.objects().object(source.objectPath()).orElseThrow(SwiftApi::notFound);
        boolean copyLink = Symlinks.isSymlink(original) && Symlinks.wantsLinkItself(exchange);
        SwiftPath contentSource = source;
        if (Symlinks.isSymlink(original) && !copyLink) {
            // a copy of a symlink copies what it points at
            Symlinks.Resolved resolved = symlinks.resolve(source, original, true, Optional.empty(),
                    hopAuthorizer(exchange, source, SwiftPolicies.GET_OBJECT, false));
            original = resolved.object();
            contentSource = resolved.path();
            trusted = SwiftApi.owner(exchange, contentSource, SwiftPolicies.GET_OBJECT);
        }
        boolean fresh = SwiftHeaders.isTrue(exchange.header("X-Fresh-Metadata"));
        Map<String, String> metadata = new HashMap<>(fresh ? Map.of() : original.metadata());
        metadata.putAll(SwiftHeaders.metadata(exchange, SwiftHeaders.OBJECT_META));
        SwiftHeaders.removals(exchange, SwiftHeaders.OBJECT_META).forEach(metadata::remove);
        Map<String, String> headers = new HashMap<>(fresh ? Map.of() : original.headers());
        headers.putAll(storedHeaders(exchange));
        String contentType = exchange.header("Content-Type").map(String::strip).filter(value -> !value.isEmpty()).orElse(original.contentType());
        OptionalLong deleteAt = deleteAt(exchange);
        ObjectWrite.Builder write = ObjectWrite.builder(contentType).metadata(metadata).headers(headers).deleteAt(deleteAt);
        onlyIfAbsent(exchange, target).ifPresent(write::ifCurrent);
        versioning.beforeOverwrite(exchange, target, targetContainer);
        boolean manifest = LargeObjects.isDlo(original) || LargeObjects.isSlo(original);
        boolean copyManifest = exchange.query("multipart-manifest").filter("get"::equals).isPresent();
        PutResult result;
        if (manifest && !copyManifest) {
            LargeObjectAssembler.Assembly assembly = large.assemble(exchange, contentSource, original, trusted);
            result = api.objects().putObject(target.objectPath(), new SegmentInputStream(api.objects(), assembly.content()),
                    write.expectedSize(assembly.content().size()).build());
        }
        else {
            if (manifest) {
                write.sysmeta(original.sysmeta()).manifest(original.manifestKind().orElseThrow(), original.manifest());
            }
            if (copyLink) {
                Symlinks.copyLink(original, write);
            }
            result = api.objects().copyObject(original, target.objectPath(), write.build());
        }
        ObjectInfo copy = result.object();
        exchange.header("X-Copied-From", SwiftPath.quote(source.containerName() + "/" + source.object().orElseThrow()));
        exchange.header("X-Copied-From-Last-Modified", SwiftHeaders.httpDate(original.lastModified()));
        if (!source.account().equals(target.account())) {
            exchange.header("X-Copied-From-Account", source.account());
        }
        SwiftHeaders.putMetadata(exchange, SwiftHeaders.OBJECT_META, copy.metadata());
        created(exchange, copy, result.superseded(), LargeObjects.isSlo(copy) ? "\"" + copy.etag() + "\"" : copy.etag());
    }

    private static long contentLengthOrZero(Exchange exchange)
    {
        try {
            return exchange.header("Content-Length").map(String::strip).map(Long::parseLong).orElse(0L);
        }
        catch (NumberFormatException e) {
            throw SwiftApi.badRequest("Invalid Content-Length");
        }
    }

    // ---- POST

    void post(Exchange exchange)
            throws IOException
    {
        SwiftPath path = objectPath(exchange);
        if (FormPost.applies(exchange)) {
            formPost.handle(exchange, path);
            return;
        }
        Supplier<Optional<ContainerInfo>> container = container(path);
        authorizeObject(exchange, path, SwiftPolicies.POST_OBJECT, SwiftApi.Access.WRITE, container);
        SwiftHeaders.checkMetadata(exchange, SwiftHeaders.OBJECT_META);
        if (exchange.header("X-Symlink-Target").isPresent()) {
            throw SwiftApi.badRequest("A PUT request is required to set a symlink target");
        }
        Optional<String> contentType = exchange.header("Content-Type").map(String::strip).filter(value -> !value.isEmpty());
        Optional<Optional<String>> manifest = exchange.header("X-Object-Manifest")
                .map(value -> value.isBlank() ? Optional.<String>empty() : Optional.of(LargeObjects.dloManifest(value)));
        ObjectUpdate update = new ObjectUpdate(
                Optional.of(SwiftHeaders.metadata(exchange, SwiftHeaders.OBJECT_META)),
                Optional.of(storedHeaders(exchange)),
                Optional.empty(),
                contentType,
                Optional.of(deleteAt(exchange)),
                manifest);
        ObjectInfo updated = api.objects().updateObject(path.objectPath(), update);
        if (Symlinks.isSymlink(updated)) {
            Symlinks.redirectPost(exchange, path, updated);
            return;
        }
        exchange.header("Content-Type", SwiftApi.TEXT_HTML);
        exchange.respond(202, SwiftApi.TEXT_HTML, "<html><h1>Accepted</h1><p>The request is accepted for processing.</p></html>"
                .getBytes(StandardCharsets.UTF_8));
    }

    // ---- DELETE

    void delete(Exchange exchange)
    {
        SwiftPath path = objectPath(exchange);
        Supplier<Optional<ContainerInfo>> container = container(path);
        boolean trusted = authorizeObject(exchange, path, SwiftPolicies.DELETE_OBJECT, SwiftApi.Access.WRITE, container);
        Optional<String> versionId = exchange.query("version-id");
        if (versionId.isPresent()) {
            ObjectInfo removed = api.objects().deleteVersion(path.objectPath(), ObjectService.parseVersionId(versionId.get()));
            exchange.header("X-Object-Version-Id", removed.versionIdText());
            SwiftApi.empty(exchange, 204);
            return;
        }
        if (exchange.query("multipart-manifest").filter("delete"::equals).isPresent()) {
            ObjectInfo object = api.objects().object(path.objectPath()).orElseThrow(SwiftApi::notFound);
            if (LargeObjects.isSlo(object)) {
                deleteSlo(exchange, path, object, trusted);
                return;
            }
        }
        Optional<ContainerInfo> containerInfo = container.get();
        if (containerInfo.isPresent() && versioning.delete(exchange, path, containerInfo.get())) {
            SwiftApi.empty(exchange, 204);
            return;
        }
        ObjectInfo deleted = api.objects().deleteObject(path.objectPath());
        if (deleted.deleteMarker()) {
            exchange.header("X-Object-Version-Id", deleted.versionIdText());
        }
        SwiftApi.empty(exchange, 204);
    }

    private void deleteSlo(Exchange exchange, SwiftPath path, ObjectInfo manifest, boolean trusted)
    {
        BulkResource.Result result = new BulkResource.Result();
        for (ObjectPath segment : large.segments(path.project(), manifest)) {
            SwiftPath segmentPath = path.withObject(segment.container(), segment.object());
            if (!trusted && !SwiftApi.aclAllows(exchange, SwiftApi.Access.WRITE, api.objects().container(path.project(), segment.container()), false)) {
                result.error(segment.container() + "/" + segment.object(), "403 Forbidden");
                continue;
            }
            try {
                api.objects().deleteObject(segmentPath.objectPath());
                result.deleted++;
            }
            catch (ApiException e) {
                if (e.status() == 404) {
                    result.notFound++;
                }
                else {
                    result.error(segment.container() + "/" + segment.object(), e.status() + " " + e.code().title());
                }
            }
        }
        api.objects().deleteObject(path.objectPath());
        result.deleted++;
        result.respond(exchange);
    }

    static String md5Hex(byte[] bytes)
    {
        return java.util.HexFormat.of().formatHex(LargeObjects.md5().digest(bytes));
    }
}

package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.objectstore.service.ContainerInfo;
import io.xloud.objectstore.service.ListEntry;
import io.xloud.objectstore.service.ListQuery;
import io.xloud.objectstore.service.Listing;
import io.xloud.objectstore.service.MetadataUpdate;
import io.xloud.objectstore.service.ObjectErrorCode;
import io.xloud.objectstore.service.ObjectInfo;
import io.xloud.objectstore.service.ObjectService;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.objectstore.api.SwiftApi.authorize;
import static io.xloud.objectstore.api.SwiftApi.authorizeAccount;

/**
 * /v1/AUTH_{project}/{container}: GET (list objects), HEAD, PUT (201 created, 202 exists), POST, DELETE
 * (409 while not empty). ACLs, versioning, quotas and static web settings ride on the metadata headers.
 */
final class ContainerResource
{
    static final String CONTAINER = SwiftModule.V1 + "/{account}/{container}";

    private final SwiftApi api;
    private final ObjectResource objects;
    private final StaticWeb staticWeb;
    private final BulkResource bulk;
    private final ContainerSync sync;

    ContainerResource(SwiftApi api, ObjectResource objects, StaticWeb staticWeb, BulkResource bulk, ContainerSync sync)
    {
        this.api = api;
        this.objects = objects;
        this.staticWeb = staticWeb;
        this.bulk = bulk;
        this.sync = sync;
    }

    void routes(Router.Builder r, Cors cors)
    {
        r.optionalTokenRoute("GET", CONTAINER, SwiftPolicies.GET_CONTAINER, SwiftApi::target, cors.actual(this::get));
        r.optionalTokenRoute("HEAD", CONTAINER, SwiftPolicies.HEAD_CONTAINER, SwiftApi::target, cors.actual(this::get));
        r.optionalTokenRoute("PUT", CONTAINER, SwiftPolicies.PUT_CONTAINER, SwiftApi::target, cors.actual(this::put));
        r.optionalTokenRoute("POST", CONTAINER, SwiftPolicies.POST_CONTAINER, SwiftApi::target, cors.actual(this::post));
        r.optionalTokenRoute("DELETE", CONTAINER, SwiftPolicies.DELETE_CONTAINER, SwiftApi::target, cors.actual(this::delete));
        r.optionalTokenRoute("COPY", CONTAINER, SwiftPolicies.COPY_OBJECT, SwiftApi::target, this::copy);
    }

    /** A container segment may decode to a path with an object in it ({@code %2F}); then it is an object request. */
    private static SwiftPath path(Exchange exchange)
    {
        return SwiftPath.parse(exchange.rawPath());
    }

    private void get(Exchange exchange)
            throws Exception
    {
        SwiftPath path = path(exchange);
        if (path.isObject()) {
            objects.get(exchange);
            return;
        }
        boolean head = exchange.method().equals("HEAD");
        String rule = head ? SwiftPolicies.HEAD_CONTAINER : SwiftPolicies.GET_CONTAINER;
        Optional<ContainerInfo> container = api.objects().container(path.project(), path.containerName());
        if (!head && staticWeb.applies(exchange, container)) {
            authorize(exchange, path, rule, SwiftApi.Access.READ, container, false);
            staticWeb.container(exchange, path, container.orElseThrow());
            return;
        }
        authorize(exchange, path, rule, SwiftApi.Access.READ, container, true);
        ContainerInfo info = container.orElseThrow(() -> new ApiException(ObjectErrorCode.NO_SUCH_CONTAINER, SwiftErrorDialect.explanation(404)));
        headers(exchange, info, SwiftApi.owner(exchange, path, rule));
        if (head) {
            exchange.header("Content-Type", "text/plain; charset=utf-8");
            exchange.noContent();
            return;
        }
        SwiftListings.Format format = SwiftListings.format(exchange);
        if (exchange.hasQuery("versions")) {
            listVersions(exchange, path, format);
            return;
        }
        Listing<ObjectInfo> listing = SwiftListings.applyPath(exchange,
                api.objects().listObjects(path.project(), path.containerName(), SwiftListings.query(exchange, true)));
        if (listing.entries().isEmpty() && format == SwiftListings.Format.PLAIN) {
            exchange.header("Content-Type", format.contentType);
            exchange.noContent();
            return;
        }
        exchange.respond(200, format.contentType, SwiftListings.containerBody(path.containerName(), listing, format));
    }

    private void put(Exchange exchange)
            throws Exception
    {
        SwiftPath path = path(exchange);
        if (path.isObject()) {
            objects.put(exchange);
            return;
        }
        if (exchange.hasQuery("extract-archive")) {
            bulk.extract(exchange);
            return;
        }
        authorizeAccount(exchange, path, SwiftPolicies.PUT_CONTAINER);
        boolean owner = SwiftApi.owner(exchange, path, SwiftPolicies.PUT_CONTAINER);
        SwiftHeaders.checkAccountName(path.account());
        String name = path.containerName();
        int length = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (length > ObjectService.MAX_CONTAINER_NAME_LENGTH) {
            throw new ApiException(ObjectErrorCode.INVALID_CONTAINER_NAME,
                    "Container name length of " + length + " longer than " + ObjectService.MAX_CONTAINER_NAME_LENGTH);
        }
        exchange.header("X-Storage-Policy").ifPresent(policy -> {
            if (!policy.strip().equalsIgnoreCase(SwiftApi.DEFAULT_POLICY)) {
                throw SwiftApi.badRequest("Invalid X-Storage-Policy '" + policy + "'");
            }
        });
        Updates updates = updates(exchange, owner);
        Optional<Boolean> versionsEnabled = versionsEnabled(exchange, updates, api.objects().container(path.project(), name));
        ObjectService.ContainerCreation creation = api.objects().createContainer(path.project(), name, updates.metadata(), updates.sysmeta());
        setVersioning(path, creation.container(), versionsEnabled);
        SwiftApi.empty(exchange, creation.created() ? 201 : 202);
    }

    private void post(Exchange exchange)
            throws Exception
    {
        SwiftPath path = path(exchange);
        if (path.isObject()) {
            objects.post(exchange);
            return;
        }
        authorizeAccount(exchange, path, SwiftPolicies.POST_CONTAINER);
        boolean owner = SwiftApi.owner(exchange, path, SwiftPolicies.POST_CONTAINER);
        if (FormPost.applies(exchange)) {
            throw SwiftApi.badRequest("FormPost needs an object prefix");
        }
        Updates updates = updates(exchange, owner);
        Optional<Boolean> versionsEnabled = versionsEnabled(exchange, updates, api.objects().container(path.project(), path.containerName()));
        ContainerInfo updated = api.objects().updateContainer(path.project(), path.containerName(), updates.metadata(), updates.sysmeta());
        setVersioning(path, updated, versionsEnabled);
        SwiftApi.empty(exchange, 204);
    }

    private void delete(Exchange exchange)
            throws Exception
    {
        SwiftPath path = path(exchange);
        if (path.isObject()) {
            objects.delete(exchange);
            return;
        }
        authorizeAccount(exchange, path, SwiftPolicies.DELETE_CONTAINER);
        api.objects().deleteContainer(path.project(), path.containerName());
        SwiftApi.empty(exchange, 204);
    }

    private void copy(Exchange exchange)
            throws Exception
    {
        SwiftPath path = path(exchange);
        if (path.isObject()) {
            objects.copy(exchange);
            return;
        }
        throw new ApiException(ObjectErrorCode.METHOD_NOT_ALLOWED, SwiftErrorDialect.explanation(405));
    }

    private record Updates(MetadataUpdate metadata, MetadataUpdate sysmeta) {}

    /**
     * X-Versions-Enabled of a PUT or POST, checked: a boolean, and never beside the legacy X-Versions-Location or
     * X-History-Location (set by this request or already on the container), as Swift refuses both at once.
     */
    private static Optional<Boolean> versionsEnabled(Exchange exchange, Updates updates, Optional<ContainerInfo> current)
    {
        boolean legacyAfter = updates.sysmeta().set().containsKey(SwiftApi.VERSIONS_LOCATION)
                || (current.map(c -> c.sysmeta().containsKey(SwiftApi.VERSIONS_LOCATION)).orElse(false)
                && !updates.sysmeta().remove().contains(SwiftApi.VERSIONS_LOCATION));
        Optional<String> header = exchange.header("X-Versions-Enabled").map(String::strip);
        if (header.isEmpty()) {
            if (updates.sysmeta().set().containsKey(SwiftApi.VERSIONS_LOCATION) && current.map(ContainerInfo::versioningEnabled).orElse(false)) {
                throw SwiftApi.badRequest("Cannot enable legacy versioned writes on a container with object versioning enabled");
            }
            return Optional.empty();
        }
        boolean enabled = switch (header.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on", "t", "y" -> true;
            case "false", "0", "no", "off", "f", "n" -> false;
            default -> throw SwiftApi.badRequest("Invalid X-Versions-Enabled value: " + header.get());
        };
        if (enabled && legacyAfter) {
            throw SwiftApi.badRequest("Cannot enable object versioning on a container that is already using the legacy versioned writes feature");
        }
        return Optional.of(enabled);
    }

    /** Sets versioning as asked; turning it off a container that never had it changes nothing. */
    private void setVersioning(SwiftPath path, ContainerInfo container, Optional<Boolean> enabled)
    {
        if (enabled.isPresent() && (enabled.get() || container.versioning().isPresent())) {
            api.objects().setVersioning(path.project(), path.containerName(), enabled.get());
        }
    }

    /**
     * {@code GET ?versions}: every version and delete marker, by name and newest first within a name, with
     * {@code version_id} and {@code is_latest}; paged by {@code marker} and {@code version_marker}, and with
     * {@code reverse=true} in the exact reverse order.
     */
    private void listVersions(Exchange exchange, SwiftPath path, SwiftListings.Format format)
    {
        ListQuery query = SwiftListings.query(exchange, true);
        Optional<Optional<String>> versionMarker = exchange.query("version_marker").filter(value -> !value.isEmpty())
                .map(ObjectService::parseVersionId);
        if (versionMarker.isPresent() && query.marker().isEmpty()) {
            throw SwiftApi.badRequest("version_marker param requires marker");
        }
        Listing<ObjectService.ObjectVersion> listing = api.objects().listVersions(path.project(), path.containerName(), query.prefix(),
                query.delimiter(), query.marker(), versionMarker, query.limit(), query.reverse());
        if (query.endMarker().isPresent()) {
            listing = until(listing, query.endMarker().get(), query.reverse());
        }
        if (listing.entries().isEmpty() && format == SwiftListings.Format.PLAIN) {
            exchange.header("Content-Type", format.contentType);
            exchange.noContent();
            return;
        }
        exchange.respond(200, format.contentType, SwiftListings.versionsBody(path.containerName(), listing, format));
    }

    /**
     * The entries of a listing whose names sort before {@code endMarker} (as Swift sorts them, by their UTF-8 bytes), or
     * after it in a reversed listing.
     */
    private static <T> Listing<T> until(Listing<T> listing, String endMarker, boolean reverse)
    {
        byte[] end = endMarker.getBytes(StandardCharsets.UTF_8);
        List<ListEntry<T>> entries = new ArrayList<>();
        for (ListEntry<T> entry : listing.entries()) {
            int order = Arrays.compareUnsigned(entry.name().getBytes(StandardCharsets.UTF_8), end);
            if (reverse ? order <= 0 : order >= 0) {
                return new Listing<>(entries, false);
            }
            entries.add(entry);
        }
        return listing;
    }

    /** Metadata and settings a PUT or POST carries; empty values and X-Remove-* headers remove. */
    private Updates updates(Exchange exchange, boolean owner)
    {
        SwiftHeaders.checkMetadata(exchange, SwiftHeaders.CONTAINER_META);
        Map<String, String> values = SwiftHeaders.metadata(exchange, SwiftHeaders.CONTAINER_META);
        Set<String> removals = new LinkedHashSet<>(SwiftHeaders.removals(exchange, SwiftHeaders.CONTAINER_META));
        Map<String, String> set = new HashMap<>();
        values.forEach((key, value) -> {
            if (value.isEmpty()) {
                removals.add(key);
            }
            else {
                set.put(key, value);
            }
        });
        checkQuota(set.get(ContainerInfo.QUOTA_BYTES), "Invalid bytes quota.");
        checkQuota(set.get(ContainerInfo.QUOTA_COUNT), "Invalid count quota.");

        Map<String, String> sysSet = new HashMap<>();
        Set<String> sysRemove = new LinkedHashSet<>();
        // as Swift strips them, the privileged settings of anyone but an owner (e.g. an account ACL's read-write user) are ignored
        if (owner) {
            setting(exchange, "X-Container-Read", SwiftApi.READ_ACL, sysSet, sysRemove, value -> ContainerAcl.validate(value, false));
            setting(exchange, "X-Container-Write", SwiftApi.WRITE_ACL, sysSet, sysRemove, value -> ContainerAcl.validate(value, true));
            setting(exchange, "X-Container-Sync-To", SwiftApi.SYNC_TO, sysSet, sysRemove, sync::validateTarget);
            setting(exchange, "X-Container-Sync-Key", SwiftApi.SYNC_KEY, sysSet, sysRemove, value -> { });
        }
        Optional<String> versions = exchange.header("X-Versions-Location");
        Optional<String> history = exchange.header("X-History-Location");
        if (versions.isPresent() && history.isPresent() && !versions.get().isBlank() && !history.get().isBlank()) {
            throw SwiftApi.badRequest("Only one of X-Versions-Location or X-History-Location may be provided");
        }
        for (Map.Entry<String, Optional<String>> location : Map.of("stack", versions, "history", history).entrySet()) {
            if (location.getValue().isEmpty()) {
                continue;
            }
            String value = SwiftPath.decode(location.getValue().get().strip());
            if (value.isEmpty()) {
                sysRemove.add(SwiftApi.VERSIONS_LOCATION);
                sysRemove.add(SwiftApi.VERSIONS_MODE);
            }
            else {
                if (value.indexOf('/') >= 0 || value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > ObjectService.MAX_CONTAINER_NAME_LENGTH) {
                    throw SwiftApi.preconditionFailed("Container name cannot contain '/'");
                }
                sysSet.put(SwiftApi.VERSIONS_LOCATION, value);
                sysSet.put(SwiftApi.VERSIONS_MODE, location.getKey());
            }
        }
        if (exchange.header("X-Remove-Versions-Location").isPresent() || exchange.header("X-Remove-History-Location").isPresent()) {
            sysRemove.add(SwiftApi.VERSIONS_LOCATION);
            sysRemove.add(SwiftApi.VERSIONS_MODE);
        }
        return new Updates(new MetadataUpdate(set, removals), new MetadataUpdate(sysSet, sysRemove));
    }

    private interface Check
    {
        void check(String value);
    }

    private static void setting(Exchange exchange, String header, String key, Map<String, String> set, Set<String> remove, Check check)
    {
        Optional<String> value = exchange.header(header);
        if (exchange.header("X-Remove-" + header.substring(2)).isPresent()) {
            remove.add(key);
        }
        if (value.isEmpty()) {
            return;
        }
        String stripped = value.get().strip();
        if (stripped.isEmpty()) {
            remove.add(key);
            return;
        }
        check.check(stripped);
        set.put(key, stripped);
    }

    private static void checkQuota(String value, String message)
    {
        if (value != null && !value.matches("\\d+")) {
            throw SwiftApi.badRequest(message);
        }
    }

    static void headers(Exchange exchange, ContainerInfo container, boolean owner)
    {
        exchange.header("X-Container-Object-Count", Long.toString(container.objectCount()));
        exchange.header("X-Container-Bytes-Used", Long.toString(container.bytesUsed()));
        exchange.header("X-Timestamp", SwiftHeaders.timestamp(container.createdAt()));
        exchange.header("X-Put-Timestamp", SwiftHeaders.timestamp(container.updatedAt()));
        exchange.header("Last-Modified", SwiftHeaders.httpDate(container.updatedAt()));
        exchange.header("X-Storage-Policy", SwiftApi.DEFAULT_POLICY);
        exchange.header("Accept-Ranges", "bytes");
        Map<String, String> metadata = new HashMap<>(container.metadata());
        if (!owner) {
            // keys that sign URLs are the owner's secret
            metadata.remove("temp-url-key");
            metadata.remove("temp-url-key-2");
        }
        SwiftHeaders.putMetadata(exchange, SwiftHeaders.CONTAINER_META, metadata);
        Map<String, String> sysmeta = container.sysmeta();
        if (owner) {
            Optional.ofNullable(sysmeta.get(SwiftApi.READ_ACL)).ifPresent(value -> exchange.header("X-Container-Read", value));
            Optional.ofNullable(sysmeta.get(SwiftApi.WRITE_ACL)).ifPresent(value -> exchange.header("X-Container-Write", value));
            Optional.ofNullable(sysmeta.get(SwiftApi.SYNC_TO)).ifPresent(value -> exchange.header("X-Container-Sync-To", value));
            Optional.ofNullable(sysmeta.get(SwiftApi.SYNC_KEY)).ifPresent(value -> exchange.header("X-Container-Sync-Key", value));
        }
        Optional.ofNullable(sysmeta.get(SwiftApi.VERSIONS_LOCATION)).ifPresent(value -> exchange.header(
                "history".equals(sysmeta.get(SwiftApi.VERSIONS_MODE)) ? "X-History-Location" : "X-Versions-Location", value));
        container.versioning().ifPresent(state -> exchange.header("X-Versions-Enabled", container.versioningEnabled() ? "True" : "False"));
    }
}

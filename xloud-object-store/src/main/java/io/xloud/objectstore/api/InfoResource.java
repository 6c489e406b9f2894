package io.xloud.objectstore.api;

import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.objectstore.service.ObjectService;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GET /info (Swift's capabilities: exactly the middleware this server implements), /healthcheck and
 * /crossdomain.xml, at the root and under /object-store, where clients derive them from the endpoint.
 */
final class InfoResource
{
    static final String CROSS_DOMAIN_POLICY = "<allow-access-from domain=\"*\" secure=\"false\" />";

    private final ContainerSync sync;

    InfoResource(ContainerSync sync)
    {
        this.sync = sync;
    }

    void routes(Router.Builder r)
    {
        for (String root : List.of("", SwiftModule.PREFIX)) {
            r.optionalTokenRoute("GET", root + "/info", SwiftPolicies.INFO, exchange -> Map.of(), this::info);
            r.optionalTokenRoute("GET", root + "/healthcheck", SwiftPolicies.HEALTHCHECK, exchange -> Map.of(), this::healthcheck);
            r.optionalTokenRoute("GET", root + "/crossdomain.xml", SwiftPolicies.CROSSDOMAIN, exchange -> Map.of(), this::crossdomain);
        }
    }

    Map<String, Object> capabilities()
    {
        Map<String, Object> info = new LinkedHashMap<>();
        Map<String, Object> swift = new LinkedHashMap<>();
        swift.put("version", "2.30.0");
        swift.put("max_file_size", ObjectService.MAX_OBJECT_SIZE);
        swift.put("max_meta_name_length", SwiftHeaders.MAX_META_NAME_LENGTH);
        swift.put("max_meta_value_length", SwiftHeaders.MAX_META_VALUE_LENGTH);
        swift.put("max_meta_count", SwiftHeaders.MAX_META_COUNT);
        swift.put("max_meta_overall_size", SwiftHeaders.MAX_META_OVERALL_SIZE);
        swift.put("max_header_size", SwiftHeaders.MAX_HEADER_SIZE);
        swift.put("max_object_name_length", ObjectService.MAX_OBJECT_NAME_LENGTH);
        swift.put("container_listing_limit", ObjectService.MAX_LISTING_LIMIT);
        swift.put("account_listing_limit", ObjectService.MAX_LISTING_LIMIT);
        swift.put("max_account_name_length", SwiftHeaders.MAX_ACCOUNT_NAME_LENGTH);
        swift.put("max_container_name_length", ObjectService.MAX_CONTAINER_NAME_LENGTH);
        swift.put("extra_header_count", 0);
        swift.put("valid_api_versions", List.of("v1"));
        swift.put("policies", List.of(Map.of("name", SwiftApi.DEFAULT_POLICY, "aliases", SwiftApi.DEFAULT_POLICY, "default", true)));
        swift.put("allow_account_management", false);
        swift.put("account_autocreate", true);
        swift.put("strict_cors_mode", true);
        info.put("swift", swift);
        info.put("account_quotas", Map.of());
        info.put("container_quotas", Map.of());
        info.put("bulk_delete", Map.of("max_deletes_per_request", BulkResource.MAX_DELETES, "max_failed_deletes", BulkResource.MAX_FAILED));
        info.put("bulk_upload", Map.of("max_containers_per_extraction", 10_000, "max_failed_extractions", BulkResource.MAX_FAILED));
        info.put("slo", Map.of("max_manifest_segments", LargeObjects.MAX_MANIFEST_SEGMENTS, "max_manifest_size", LargeObjects.MAX_MANIFEST_SIZE,
                "min_segment_size", 1, "yield_frequency", 10, "allow_async_delete", false));
        info.put("dlo", Map.of("max_segments", LargeObjects.MAX_DLO_SEGMENTS));
        info.put("tempurl", Map.of("methods", TempUrl.METHODS, "incoming_remove_headers", List.of(), "incoming_allow_headers", List.of(),
                "outgoing_remove_headers", List.of("x-object-meta-*"), "outgoing_allow_headers", List.of("x-object-meta-public-*"),
                "allowed_digests", TempUrl.DIGESTS, "deprecated_digests", List.of("sha1")));
        info.put("formpost", Map.of("allowed_digests", TempUrl.DIGESTS, "deprecated_digests", List.of("sha1")));
        info.put("staticweb", Map.of());
        info.put("symlink", Map.of("symloop_max", Symlinks.SYMLOOP_MAX, "static_links", true));
        info.put("versioned_writes", Map.of("allowed_flags", List.of("x-versions-location", "x-history-location")));
        info.put("object_versioning", Map.of());
        info.put("crossdomain", Map.of("cross_domain_policy", CROSS_DOMAIN_POLICY));
        info.put("healthcheck", Map.of());
        info.put("container_sync", Map.of("realms", Map.of(sync.realm(), Map.of("clusters", Map.of(sync.cluster(), Map.of())))));
        return info;
    }

    private void info(Exchange exchange)
    {
        SwiftModule.transactionHeaders(exchange);
        exchange.respond(200, "application/json; charset=UTF-8", Json.bytes(capabilities()));
    }

    private void healthcheck(Exchange exchange)
    {
        SwiftModule.transactionHeaders(exchange);
        exchange.respond(200, "text/plain", "OK".getBytes(StandardCharsets.UTF_8));
    }

    private void crossdomain(Exchange exchange)
    {
        SwiftModule.transactionHeaders(exchange);
        String body = "<?xml version=\"1.0\"?>\n<!DOCTYPE cross-domain-policy SYSTEM \"http://www.adobe.com/xml/dtds/cross-domain-policy.dtd\" >\n"
                + "<cross-domain-policy>\n" + CROSS_DOMAIN_POLICY + "\n</cross-domain-policy>";
        exchange.respond(200, "application/xml; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }
}

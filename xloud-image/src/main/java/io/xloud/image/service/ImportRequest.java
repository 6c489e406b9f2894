package io.xloud.image.service;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A {@code POST /v2/images/{id}/import} body, checked for shape: the method, its uri for web-download, the stores
 * named (empty when none were), {@code all_stores} and {@code all_stores_must_succeed}, and the body as sent (the
 * task's {@code import_req}).
 */
public record ImportRequest(
        String method,
        Optional<String> uri,
        Optional<List<String>> stores,
        boolean allStores,
        boolean allStoresMustSucceed,
        String body)
{
    public static final String GLANCE_DIRECT = "glance-direct";
    public static final String WEB_DOWNLOAD = "web-download";
    public static final String COPY_IMAGE = "copy-image";

    public ImportRequest
    {
        requireNonNull(method, "method is null");
        requireNonNull(uri, "uri is null");
        requireNonNull(stores, "stores is null");
        stores = stores.map(List::copyOf);
        requireNonNull(body, "body is null");
    }
}

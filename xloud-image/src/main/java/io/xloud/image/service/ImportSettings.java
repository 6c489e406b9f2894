package io.xloud.image.service;

import io.xloud.core.config.XloudConfig;
import io.xloud.core.config.XloudConfig.Key;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The settings of interoperable import, the stores and the image cache.
 *
 * @param importMethods the methods {@code GET /v2/info/import} lists and {@code POST /import} accepts
 * @param stores the stores, in the order {@code GET /v2/info/stores} lists them
 * @param defaultStore where an upload and an import without stores go
 * @param webDownloadAllowedHosts which URLs web-download may fetch ({@link WebDownloadAllowList})
 * @param importMaxBytes the most bytes one stage or web-download takes
 * @param cacheDir where the image cache keeps its files
 * @param cacheMaxBytes the cache's size; the least recently used images leave it first
 */
public record ImportSettings(
        List<String> importMethods,
        List<String> stores,
        String defaultStore,
        WebDownloadAllowList webDownloadAllowedHosts,
        long importMaxBytes,
        boolean cacheEnabled,
        boolean cacheOnDownload,
        Path cacheDir,
        long cacheMaxBytes)
{
    public static final String IMPORT_METHODS = "image.enabled_import_methods";
    public static final String STORES = "image.stores";
    public static final String DEFAULT_STORE = "image.default_store";
    public static final String WEB_DOWNLOAD_ALLOWED_HOSTS = "image.web_download_allowed_hosts";
    public static final String WEB_DOWNLOAD_INTERNAL_HOSTS = "image.web_download_internal_hosts";
    public static final String IMPORT_MAX_BYTES = "image.import_max_bytes";
    public static final String CACHE_ENABLED = "image.cache_enabled";
    public static final String CACHE_ON_DOWNLOAD = "image.cache_on_download";
    public static final String CACHE_DIR = "image.cache_dir";
    public static final String CACHE_MAX_BYTES = "image.cache_max_bytes";

    public static final Set<String> KNOWN_METHODS = Set.of("glance-direct", "web-download", "copy-image");

    public ImportSettings
    {
        importMethods = List.copyOf(importMethods);
        stores = List.copyOf(stores);
        requireNonNull(defaultStore, "defaultStore is null");
        requireNonNull(webDownloadAllowedHosts, "webDownloadAllowedHosts is null");
        requireNonNull(cacheDir, "cacheDir is null");
        for (String method : importMethods) {
            if (!KNOWN_METHODS.contains(method)) {
                throw new IllegalArgumentException(IMPORT_METHODS + ": unknown import method " + method + " (known: " + KNOWN_METHODS + ")");
            }
        }
        if (stores.isEmpty()) {
            throw new IllegalArgumentException(STORES + " names no store");
        }
        for (String store : stores) {
            if (!store.matches("[a-z0-9][a-z0-9_-]{0,63}") || store.startsWith("os_glance_")) {
                throw new IllegalArgumentException(STORES + ": a store id is 1 to 64 of a-z, 0-9, '_' and '-', not os_glance_*: " + store);
            }
        }
        if (!stores.contains(defaultStore)) {
            throw new IllegalArgumentException(DEFAULT_STORE + " " + defaultStore + " is not one of " + STORES + " " + stores);
        }
        if (importMaxBytes < 1 || cacheMaxBytes < 0) {
            throw new IllegalArgumentException(IMPORT_MAX_BYTES + " must be positive and " + CACHE_MAX_BYTES + " not negative");
        }
    }

    public static List<Key> keys()
    {
        return List.of(
                new Key(IMPORT_METHODS, "glance-direct,web-download,copy-image",
                        "the interoperable import methods offered (glance-direct, web-download, copy-image)"),
                new Key(STORES, "local,fast", "the image stores, comma-separated; every store keeps its bytes in the object engine"),
                new Key(DEFAULT_STORE, "local", "the store uploads and imports without stores go to"),
                new Key(WEB_DOWNLOAD_ALLOWED_HOSTS, "",
                        "hosts web-download may fetch from, comma-separated host or host:port; empty: any public host on port 80 or 443, "
                                + "never a loopback, private or link-local address"),
                new Key(WEB_DOWNLOAD_INTERNAL_HOSTS, "",
                        "with no allowed hosts: internal hosts web-download may also fetch from, besides any public host, "
                                + "comma-separated host or host:port (e.g. a file server on this machine)"),
                new Key(IMPORT_MAX_BYTES, "1099511627776", "the most bytes one staged upload or web-download may bring"),
                new Key(CACHE_ENABLED, "true", "whether the image cache (/v2/cache) keeps hot images on local disk"),
                new Key(CACHE_ON_DOWNLOAD, "true", "whether a download of a whole image puts it into the image cache on its way"),
                new Key(CACHE_DIR, "", "where the image cache keeps its files; empty means <data_dir>/image-cache"),
                new Key(CACHE_MAX_BYTES, "10737418240", "the image cache's size; the least recently used images leave first"));
    }

    public static ImportSettings from(XloudConfig config, Path dataDir)
    {
        String cacheDir = config.get(CACHE_DIR);
        return new ImportSettings(
                list(config.get(IMPORT_METHODS)),
                list(config.get(STORES)),
                config.get(DEFAULT_STORE).strip().toLowerCase(Locale.ROOT),
                WebDownloadAllowList.parse(config.get(WEB_DOWNLOAD_ALLOWED_HOSTS), config.get(WEB_DOWNLOAD_INTERNAL_HOSTS)),
                config.getLong(IMPORT_MAX_BYTES),
                config.getBoolean(CACHE_ENABLED),
                config.getBoolean(CACHE_ON_DOWNLOAD),
                cacheDir.isBlank() ? dataDir.resolve("image-cache") : Path.of(cacheDir),
                config.getLong(CACHE_MAX_BYTES));
    }

    static List<String> list(String value)
    {
        Set<String> items = new LinkedHashSet<>();
        for (String item : value.split(",")) {
            String trimmed = item.strip().toLowerCase(Locale.ROOT);
            if (!trimmed.isEmpty()) {
                items.add(trimmed);
            }
        }
        return new ArrayList<>(items);
    }
}

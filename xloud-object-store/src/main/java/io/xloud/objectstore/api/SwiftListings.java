package io.xloud.objectstore.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.json.Json;
import io.xloud.objectstore.service.ContainerInfo;
import io.xloud.objectstore.service.ListEntry;
import io.xloud.objectstore.service.ListQuery;
import io.xloud.objectstore.service.Listing;
import io.xloud.objectstore.service.ObjectErrorCode;
import io.xloud.objectstore.service.ObjectInfo;
import io.xloud.objectstore.service.ObjectService;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** Account and container listings: Swift's query parameters, and its plain, JSON and XML bodies. */
final class SwiftListings
{
    enum Format
    {
        PLAIN("text/plain; charset=utf-8"),
        JSON("application/json; charset=utf-8"),
        XML("application/xml; charset=utf-8");

        final String contentType;

        Format(String contentType)
        {
            this.contentType = contentType;
        }
    }

    private SwiftListings() {}

    /** ?format= first, then the Accept header; plain text by default. */
    static Format format(Exchange exchange)
    {
        Optional<String> format = exchange.query("format");
        if (format.isPresent()) {
            return switch (format.get().toLowerCase(Locale.ROOT)) {
                case "json" -> Format.JSON;
                case "xml" -> Format.XML;
                default -> Format.PLAIN;
            };
        }
        String accept = exchange.header("Accept").orElse("").toLowerCase(Locale.ROOT);
        if (accept.contains("application/json")) {
            return Format.JSON;
        }
        if (accept.contains("application/xml") || accept.contains("text/xml")) {
            return Format.XML;
        }
        return Format.PLAIN;
    }

    /** limit, marker, end_marker, prefix, delimiter, reverse; and for containers path. */
    static ListQuery query(Exchange exchange, boolean container)
    {
        int limit = ObjectService.MAX_LISTING_LIMIT;
        Optional<String> limitValue = exchange.query("limit");
        if (limitValue.isPresent()) {
            try {
                limit = Integer.parseInt(limitValue.get().strip());
            }
            catch (NumberFormatException e) {
                throw new ApiException(ObjectErrorCode.PRECONDITION_FAILED, "Value of limit must be a positive integer");
            }
            if (limit < 0) {
                throw new ApiException(ObjectErrorCode.PRECONDITION_FAILED, "Value of limit must be a positive integer");
            }
            if (limit > ObjectService.MAX_LISTING_LIMIT) {
                throw new ApiException(ObjectErrorCode.PRECONDITION_FAILED, "Maximum limit is " + ObjectService.MAX_LISTING_LIMIT);
            }
        }
        Optional<String> prefix = exchange.query("prefix");
        Optional<String> delimiter = exchange.query("delimiter");
        if (container && exchange.query("path").isPresent()) {
            String path = exchange.query("path").get();
            prefix = Optional.of(path.isEmpty() ? "" : path.replaceAll("/+$", "") + "/");
            delimiter = Optional.of("/");
        }
        for (String value : new String[] {prefix.orElse(""), delimiter.orElse(""), exchange.query("marker").orElse(""),
                exchange.query("end_marker").orElse("")}) {
            if (value.indexOf('\0') >= 0 || value.indexOf('\uFFFD') >= 0) {
                throw new ApiException(ObjectErrorCode.PRECONDITION_FAILED, "Invalid UTF8 or contains NULL");
            }
        }
        boolean reverse = SwiftHeaders.isTrue(exchange.query("reverse"));
        return new ListQuery(prefix, delimiter, exchange.query("marker"), exchange.query("end_marker"), limit, reverse);
    }

    /** With ?path=, names deeper than the path are left out, and so are the subdirs. */
    static Listing<ObjectInfo> applyPath(Exchange exchange, Listing<ObjectInfo> listing)
    {
        if (exchange.query("path").isEmpty()) {
            return listing;
        }
        return new Listing<>(listing.entries().stream().filter(entry -> entry instanceof ListEntry.Item<ObjectInfo>).toList(), listing.truncated());
    }

    static byte[] accountBody(String account, Listing<ContainerInfo> listing, Format format)
    {
        return switch (format) {
            case PLAIN -> plain(listing);
            case JSON -> {
                ArrayNode array = Json.mapper().createArrayNode();
                for (ListEntry<ContainerInfo> entry : listing.entries()) {
                    ObjectNode node = array.addObject();
                    switch (entry) {
                        case ListEntry.Item<ContainerInfo> item -> {
                            node.put("name", item.name());
                            node.put("count", item.value().objectCount());
                            node.put("bytes", item.value().bytesUsed());
                            node.put("last_modified", SwiftHeaders.listingDate(item.value().updatedAt()));
                        }
                        case ListEntry.Subdir<ContainerInfo> subdir -> node.put("subdir", subdir.name());
                    }
                }
                yield Json.bytes(array);
            }
            case XML -> {
                StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<account name=\"").append(xmlEscape(account)).append("\">");
                for (ListEntry<ContainerInfo> entry : listing.entries()) {
                    switch (entry) {
                        case ListEntry.Item<ContainerInfo> item -> xml.append("<container><name>").append(xmlEscape(item.name()))
                                .append("</name><count>").append(item.value().objectCount())
                                .append("</count><bytes>").append(item.value().bytesUsed())
                                .append("</bytes><last_modified>").append(SwiftHeaders.listingDate(item.value().updatedAt()))
                                .append("</last_modified></container>");
                        case ListEntry.Subdir<ContainerInfo> subdir -> xml.append("<subdir name=\"").append(xmlEscape(subdir.name()))
                                .append("\"><name>").append(xmlEscape(subdir.name())).append("</name></subdir>");
                    }
                }
                yield xml.append("</account>").toString().getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    static byte[] containerBody(String container, Listing<ObjectInfo> listing, Format format)
    {
        return switch (format) {
            case PLAIN -> plain(listing);
            case JSON -> {
                ArrayNode array = Json.mapper().createArrayNode();
                for (ListEntry<ObjectInfo> entry : listing.entries()) {
                    ObjectNode node = array.addObject();
                    switch (entry) {
                        case ListEntry.Item<ObjectInfo> item -> {
                            ObjectInfo object = item.value();
                            node.put("hash", listedEtag(object));
                            node.put("last_modified", SwiftHeaders.listingDate(object.lastModified()));
                            node.put("bytes", listedSize(object));
                            node.put("name", item.name());
                            node.put("content_type", object.contentType());
                            if (object.manifestKind().equals(Optional.of("slo"))) {
                                node.put("slo_etag", "\"" + object.etag() + "\"");
                            }
                            Symlinks.listingFields(node, SwiftPath.RESELLER_PREFIX + object.account(), object);
                        }
                        case ListEntry.Subdir<ObjectInfo> subdir -> node.put("subdir", subdir.name());
                    }
                }
                yield Json.bytes(array);
            }
            case XML -> {
                StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container name=\"").append(xmlEscape(container)).append("\">");
                for (ListEntry<ObjectInfo> entry : listing.entries()) {
                    switch (entry) {
                        case ListEntry.Item<ObjectInfo> item -> xml.append("<object><name>").append(xmlEscape(item.name()))
                                .append("</name><hash>").append(listedEtag(item.value()))
                                .append("</hash><bytes>").append(listedSize(item.value()))
                                .append("</bytes><content_type>").append(xmlEscape(item.value().contentType()))
                                .append("</content_type><last_modified>").append(SwiftHeaders.listingDate(item.value().lastModified()))
                                .append("</last_modified></object>");
                        case ListEntry.Subdir<ObjectInfo> subdir -> xml.append("<subdir name=\"").append(xmlEscape(subdir.name()))
                                .append("\"><name>").append(xmlEscape(subdir.name())).append("</name></subdir>");
                    }
                }
                yield xml.append("</container>").toString().getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    /** What Swift lists a delete marker as. */
    static final String DELETE_MARKER_TYPE = "application/x-deleted;swift_versions_deleted=1";
    private static final String EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e";

    static byte[] versionsBody(String container, Listing<ObjectService.ObjectVersion> listing, Format format)
    {
        return switch (format) {
            case PLAIN -> plain(listing);
            case JSON -> {
                ArrayNode array = Json.mapper().createArrayNode();
                for (ListEntry<ObjectService.ObjectVersion> entry : listing.entries()) {
                    ObjectNode node = array.addObject();
                    switch (entry) {
                        case ListEntry.Item<ObjectService.ObjectVersion> item -> {
                            ObjectInfo object = item.value().object();
                            boolean marker = object.deleteMarker();
                            node.put("hash", marker ? EMPTY_MD5 : listedEtag(object));
                            node.put("last_modified", SwiftHeaders.listingDate(object.lastModified()));
                            node.put("bytes", marker ? 0 : listedSize(object));
                            node.put("name", item.name());
                            node.put("content_type", marker ? DELETE_MARKER_TYPE : object.contentType());
                            node.put("version_id", object.versionIdText());
                            node.put("is_latest", item.value().latest());
                        }
                        case ListEntry.Subdir<ObjectService.ObjectVersion> subdir -> node.put("subdir", subdir.name());
                    }
                }
                yield Json.bytes(array);
            }
            case XML -> {
                StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container name=\"").append(xmlEscape(container)).append("\">");
                for (ListEntry<ObjectService.ObjectVersion> entry : listing.entries()) {
                    switch (entry) {
                        case ListEntry.Item<ObjectService.ObjectVersion> item -> {
                            ObjectInfo object = item.value().object();
                            boolean marker = object.deleteMarker();
                            xml.append("<object><name>").append(xmlEscape(item.name()))
                                    .append("</name><hash>").append(marker ? EMPTY_MD5 : listedEtag(object))
                                    .append("</hash><bytes>").append(marker ? 0 : listedSize(object))
                                    .append("</bytes><content_type>").append(xmlEscape(marker ? DELETE_MARKER_TYPE : object.contentType()))
                                    .append("</content_type><last_modified>").append(SwiftHeaders.listingDate(object.lastModified()))
                                    .append("</last_modified><version_id>").append(xmlEscape(object.versionIdText()))
                                    .append("</version_id><is_latest>").append(item.value().latest() ? "true" : "false")
                                    .append("</is_latest></object>");
                        }
                        case ListEntry.Subdir<ObjectService.ObjectVersion> subdir -> xml.append("<subdir name=\"").append(xmlEscape(subdir.name()))
                                .append("\"><name>").append(xmlEscape(subdir.name())).append("</name></subdir>");
                    }
                }
                yield xml.append("</container>").toString().getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    /** An SLO is listed with the size of its segments. */
    static long listedSize(ObjectInfo object)
    {
        String size = object.sysmeta().get(SwiftApi.SLO_SIZE);
        return size == null ? object.size() : Long.parseLong(size);
    }

    static String listedEtag(ObjectInfo object)
    {
        return object.etag();
    }

    private static <T> byte[] plain(Listing<T> listing)
    {
        StringBuilder text = new StringBuilder();
        for (ListEntry<T> entry : listing.entries()) {
            text.append(entry.name()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String xmlEscape(String text)
    {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#x27;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        out.append("&#x").append(Integer.toHexString(c)).append(';');
                    }
                    else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}

package io.xloud.core.collection;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one OpenStack service speaks about lists: which paging parameters it reads, how repeated filter keys combine,
 * and the links it puts beside the items.
 */
public enum ListDialect
{
    /** No client paging; a configured list limit cuts the list, {@code truncated: true}; {@code links: {self, previous, next}}. */
    KEYSTONE(false, false, false),
    /** {@code <collection>_links: [{rel: next}]}. */
    NOVA(true, true, false),
    /** As Nova. */
    CINDER(true, true, false),
    /** {@code <collection>_links} with {@code next} and {@code previous}; {@code page_reverse}. */
    NEUTRON(true, true, true),
    /** Top-level {@code first} and {@code next} hrefs. */
    GLANCE(true, true, false);

    private final boolean clientPaging;
    private final boolean repeatedKeysOr;
    private final boolean pageReverse;

    ListDialect(boolean clientPaging, boolean repeatedKeysOr, boolean pageReverse)
    {
        this.clientPaging = clientPaging;
        this.repeatedKeysOr = repeatedKeysOr;
        this.pageReverse = pageReverse;
    }

    /** Whether limit, marker, sort and fields come from the request (Keystone's lists take none of them). */
    public boolean clientPaging()
    {
        return clientPaging;
    }

    /** Whether {@code status=a&status=b} means either (else only the first value counts). */
    public boolean repeatedKeysOr()
    {
        return repeatedKeysOr;
    }

    public boolean pageReverse()
    {
        return pageReverse;
    }

    /**
     * The members a page adds beside its items, keyed as the body has them. {@code url} is the request's absolute
     * (or, for Glance, server-relative) path without query; hrefs keep the request's query with the marker replaced.
     */
    public Map<String, Object> links(String collection, Page<?> page, ListRequest request, String url)
    {
        Map<String, Object> members = new LinkedHashMap<>();
        switch (this) {
            case KEYSTONE -> {
                Map<String, Object> links = new LinkedHashMap<>();
                links.put("self", href(url, request.query(), List.of(), List.of()));
                links.put("previous", null);
                links.put("next", null);
                members.put("links", links);
                if (page.hasMore()) {
                    members.put("truncated", true);
                }
            }
            case NOVA, CINDER, NEUTRON -> {
                List<Map<String, String>> links = new ArrayList<>();
                page.nextMarker().ifPresent(marker -> links.add(Map.of("rel", "next",
                        "href", href(url, request.query(), List.of("marker", "page_reverse"), List.of("marker", marker)))));
                if (this == NEUTRON) {
                    page.previousMarker().ifPresent(marker -> links.add(Map.of("rel", "previous",
                            "href", href(url, request.query(), List.of("marker", "page_reverse"), List.of("marker", marker, "page_reverse", "True")))));
                }
                if (!links.isEmpty()) {
                    members.put(collection + "_links", links);
                }
            }
            case GLANCE -> {
                members.put("first", href(url, request.query(), List.of("marker"), List.of()));
                page.nextMarker().ifPresent(marker -> members.put("next", href(url, request.query(), List.of("marker"), List.of("marker", marker))));
            }
        }
        return members;
    }

    /** The url with the query minus {@code drop}, then {@code add} (name, value pairs) appended, all percent-encoded. */
    static String href(String url, Map<String, List<String>> query, List<String> drop, List<String> add)
    {
        List<String> parts = new ArrayList<>();
        query.forEach((name, values) -> {
            if (!drop.contains(name)) {
                values.forEach(value -> parts.add(encode(name) + "=" + encode(value)));
            }
        });
        for (int i = 0; i + 1 < add.size(); i += 2) {
            parts.add(encode(add.get(i)) + "=" + encode(add.get(i + 1)));
        }
        return parts.isEmpty() ? url : url + "?" + String.join("&", parts);
    }

    private static String encode(String text)
    {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

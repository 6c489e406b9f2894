package io.xloud.core.collection;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.xloud.core.collection.ListQueryTest.query;
import static org.assertj.core.api.Assertions.assertThat;

class ListDialectTest
{
    private static final String URL = "http://h/v2.0/items";

    private static Map<String, Object> links(ListDialect dialect, String text, Page<?> page)
    {
        ListRequest request = ListRequest.parse(Items.spec(dialect, false), query(text));
        return dialect.links("items", page, request, URL);
    }

    private static Page<String> page(boolean more, String next, String previous)
    {
        return new Page<>(List.of("a"), more, Optional.ofNullable(next), Optional.ofNullable(previous));
    }

    @Test
    void keystoneSaysTruncatedWhenTheListLimitCutTheList()
    {
        // Keystone's links name previous and next even when they are null
        java.util.Map<String, Object> expectedLinks = new java.util.HashMap<>();
        expectedLinks.put("self", URL + "?name=a%20b");
        expectedLinks.put("previous", null);
        expectedLinks.put("next", null);
        assertThat(links(ListDialect.KEYSTONE, "name=a%20b", page(true, null, null))).isEqualTo(Map.of(
                "links", expectedLinks,
                "truncated", true));
        assertThat(links(ListDialect.KEYSTONE, "", page(false, null, null))).doesNotContainKey("truncated");
    }

    @Test
    void novaLinksTheNextPageWithTheMarkerReplaced()
    {
        assertThat(links(ListDialect.NOVA, "limit=2&marker=old&name=x%26y", page(true, "m2", "first"))).isEqualTo(Map.of(
                "items_links", List.of(Map.of("rel", "next", "href", URL + "?limit=2&name=x%26y&marker=m2"))));
        assertThat(links(ListDialect.NOVA, "limit=2", page(false, null, null))).isEmpty();
    }

    @Test
    void neutronLinksBothWays()
    {
        assertThat(links(ListDialect.NEUTRON, "limit=2&marker=old&page_reverse=False", page(true, "m2", "m1"))).isEqualTo(Map.of(
                "items_links", List.of(
                        Map.of("rel", "next", "href", URL + "?limit=2&marker=m2"),
                        Map.of("rel", "previous", "href", URL + "?limit=2&marker=m1&page_reverse=True"))));
    }

    @Test
    void glanceGivesFirstAndNext()
    {
        assertThat(links(ListDialect.GLANCE, "limit=2&marker=old&sort=name:asc", page(true, "m2", null))).isEqualTo(Map.of(
                "first", URL + "?limit=2&sort=name%3Aasc",
                "next", URL + "?limit=2&sort=name%3Aasc&marker=m2"));
    }
}

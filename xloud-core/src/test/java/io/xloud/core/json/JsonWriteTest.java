package io.xloud.core.json;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Views built of maps and lists are written as the mapper writes them, whatever they hold. */
class JsonWriteTest
{
    enum Status { ACTIVE }

    record Link(String rel, String href) {}

    private static void assertSameAsMapper(Object value)
            throws Exception
    {
        String expected = Json.mapper().writeValueAsString(value);
        assertThat(Json.string(value)).isEqualTo(expected);
        // (as UTF-8 the mapper writes a character outside the BMP as an escaped surrogate pair)
        assertThat(new String(Json.bytes(value), StandardCharsets.UTF_8))
                .isEqualTo(new String(Json.mapper().writeValueAsBytes(value), StandardCharsets.UTF_8));
    }

    @Test
    void nestedViewsOfEveryKindOfValue()
            throws Exception
    {
        Map<String, Object> network = new LinkedHashMap<>();
        network.put("id", "5b2c-\u00e9\u4e2d\ud83d\ude00");
        network.put("name", "quote \" backslash \\ control \u0001 tab \t");
        network.put("description", null);
        network.put("admin_state_up", true);
        network.put("mtu", 1450);
        network.put("revision_number", 9_007_199_254_740_993L);
        network.put("ratio", 0.25);
        network.put("big", new BigDecimal("12345678901234567890.5"));
        network.put("subnets", List.of("a", "b"));
        network.put("tags", new ArrayList<>());
        network.put("empty", Map.of());
        network.put("status", Status.ACTIVE);
        network.put("link", new Link("self", "http://x/y"));
        network.put("node", Json.parse("{\"a\": [1, null, \"b\"]}"));
        network.put("numbers", new TreeMap<>(Map.of(2, "two", 1, "one")));
        network.put("array", new String[] {"x", "y"});
        network.put("set", Set.of("only"));
        network.put("nested", List.of(Map.of("k", List.of(Map.of("deeper", false))), Arrays.asList(1, null, "s")));
        assertSameAsMapper(Map.of("network", network));
        assertSameAsMapper(List.of(network, network));
        HashMap<String, Object> withNullEverywhere = new HashMap<>();
        withNullEverywhere.put("a", Arrays.asList(null, null));
        assertSameAsMapper(withNullEverywhere);
    }

    @Test
    void valuesThatAreNotViewsGoToTheMapper()
            throws Exception
    {
        assertSameAsMapper("plain");
        assertSameAsMapper(42);
        assertSameAsMapper(new Link("next", "http://x/?marker=1&limit=2"));
        assertSameAsMapper(Json.parse("{\"x\": 1}"));
        assertSameAsMapper(null);
    }
}

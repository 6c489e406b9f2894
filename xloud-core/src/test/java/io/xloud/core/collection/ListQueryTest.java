package io.xloud.core.collection;

import io.xloud.core.db.TestDatabases;
import io.xloud.core.collection.Items.Item;
import io.xloud.core.db.Database;
import io.xloud.core.error.ApiException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lists over a table of 3,000 random items; runs on H2, or on PostgreSQL with -Dxloud.test.db=jdbc:postgresql://... */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListQueryTest
{
    private static final int COUNT = 3000;

    @TempDir
    static Path directory;

    private Database database;
    private List<Item> items;
    private final ListSpec spec = Items.spec(ListDialect.NEUTRON, true);

    @BeforeAll
    void open()
    {
        database = TestDatabases.open(directory);
        Items.create(database);
        items = Items.insert(database, COUNT, 42);
    }

    @AfterAll
    void close()
    {
        database.close();
    }

    static Map<String, List<String>> query(String text)
    {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (!text.isEmpty()) {
            for (String part : text.split("&")) {
                int equals = part.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? part : part.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(part.substring(equals + 1), StandardCharsets.UTF_8);
                query.computeIfAbsent(name, ignored -> new ArrayList<>()).add(value);
            }
        }
        return query;
    }

    private Page<Map<String, Object>> page(ListSpec spec, String text, List<SqlPredicate> scope)
    {
        ListRequest request = ListRequest.parse(spec, query(text));
        return database.jdbi().withHandle(h -> ListQuery.rows(h, request, scope));
    }

    private Page<Map<String, Object>> page(String text)
    {
        return page(spec, text, List.of());
    }

    /** Every id of a list, following next markers from the first page. */
    private List<String> forward(String text)
    {
        List<String> ids = new ArrayList<>();
        String marker = null;
        for (int pages = 0; pages < COUNT + 2; pages++) {
            Page<Map<String, Object>> page = page(text + (marker == null ? "" : "&marker=" + marker));
            page.items().forEach(row -> ids.add((String) row.get("id")));
            if (page.nextMarker().isEmpty()) {
                assertThat(page.hasMore()).isFalse();
                return ids;
            }
            marker = page.nextMarker().get();
        }
        throw new AssertionError("paging did not end");
    }

    /** Every id of a list, from its last page back to its first through previous markers (Neutron's page_reverse). */
    private List<String> backward(String text)
    {
        List<String> ids = new ArrayList<>();
        String marker = null;
        for (int pages = 0; pages < COUNT + 2; pages++) {
            Page<Map<String, Object>> page = page(text + "&page_reverse=true" + (marker == null ? "" : "&marker=" + marker));
            ids.addAll(0, page.items().stream().map(row -> (String) row.get("id")).toList());
            if (page.previousMarker().isEmpty()) {
                return ids;
            }
            marker = page.previousMarker().get();
        }
        throw new AssertionError("paging did not end");
    }

    private List<String> expected(Predicate<Item> filter, Comparator<Item> order)
    {
        return items.stream().filter(filter).sorted(order).map(Item::id).toList();
    }

    private List<String> matching(Predicate<Item> filter)
    {
        return expected(filter, Items.comparator("name").thenComparing(Items.comparator("id")));
    }

    @Test
    void theDefaultOrderIsByNameThenId()
    {
        assertThat(forward("limit=500")).isEqualTo(matching(item -> true));
    }

    @Test
    void eachComparisonOperatorFiltersInTheDatabase()
    {
        assertThat(forward("limit=500&size=gt:50")).isEqualTo(matching(item -> item.size() != null && item.size() > 50));
        assertThat(forward("limit=500&size=gte:50")).isEqualTo(matching(item -> item.size() != null && item.size() >= 50));
        assertThat(forward("limit=500&size=lt:5")).isEqualTo(matching(item -> item.size() != null && item.size() < 5));
        assertThat(forward("limit=500&size=lte:5")).isEqualTo(matching(item -> item.size() != null && item.size() <= 5));
        assertThat(forward("limit=500&size=neq:7")).isEqualTo(matching(item -> item.size() != null && item.size() != 7));
        assertThat(forward("limit=500&size=eq:7")).isEqualTo(matching(item -> item.size() != null && item.size() == 7));
        assertThat(forward("limit=500&size=in:1,2,3")).isEqualTo(matching(item -> item.size() != null && item.size() >= 1 && item.size() <= 3));
        assertThat(forward("limit=500&size=gte:10&size=lt:20")).isEqualTo(matching(item -> item.size() != null && item.size() >= 10 && item.size() < 20));
    }

    @Test
    void timestampsCompareWithPrefixOperators()
    {
        String bound = "2024-01-01T01:40:00Z";
        assertThat(forward("limit=500&created_at=gte:" + bound))
                .isEqualTo(matching(item -> !item.createdAt().isBefore(Items.EPOCH.plusMinutes(100))));
        assertThat(forward("limit=500&created_at=lt:2024-01-01T02:40:00%2B01:00"))
                .isEqualTo(matching(item -> item.createdAt().isBefore(Items.EPOCH.plusMinutes(100))));
        assertThat(forward("limit=500&created_at=2024-01-01T00:07:00"))
                .isEqualTo(matching(item -> item.createdAt().equals(Items.EPOCH.plusMinutes(7))));
    }

    @Test
    void repeatedKeysAreOred()
    {
        assertThat(forward("limit=500&project_id=p1&project_id=p3"))
                .isEqualTo(matching(item -> item.projectId().equals("p1") || item.projectId().equals("p3")));
        assertThat(forward("limit=500&name=in:beta_a,Alpha_c&enabled=true"))
                .isEqualTo(matching(item -> (item.name().equals("beta_a") || item.name().equals("Alpha_c")) && item.enabled()));
    }

    @Test
    void textOperatorsMatchSubstringsLiterally()
    {
        assertThat(forward("limit=500&name__contains=a_b")).isEqualTo(matching(item -> item.name().contains("a_b")));
        assertThat(forward("limit=500&name__icontains=ALPHA_B")).isEqualTo(matching(item -> item.name().toLowerCase().contains("alpha_b")));
        assertThat(forward("limit=500&name__startswith=beta")).isEqualTo(matching(item -> item.name().startsWith("beta")));
        assertThat(forward("limit=500&name__istartswith=BETA_C")).isEqualTo(matching(item -> item.name().startsWith("beta_c")));
        assertThat(forward("limit=500&name__endswith=%25x")).isEqualTo(matching(item -> item.name().endsWith("%x")));
        assertThat(forward("limit=500&name__iendswith=D%25X")).isEqualTo(matching(item -> item.name().endsWith("d%x")));
        assertThat(forward("limit=500&name__iequals=ALPHA_E")).isEqualTo(matching(item -> item.name().equals("Alpha_e")));
        // % and _ are the client's characters, not wildcards
        assertThat(forward("limit=500&name__contains=%25")).isEqualTo(matching(item -> item.name().contains("%")));
        assertThat(forward("limit=500&name__contains=a%25_")).isEmpty();
        assertThat(forward("limit=500&name=neq:beta_a")).isEqualTo(matching(item -> !item.name().equals("beta_a")));
        assertThat(forward("limit=500&name__contains=!")).isEmpty();
        assertThat(forward("limit=500&name__contains=%5C")).isEmpty();
    }

    @Test
    void severalTextOperatorsCombine()
    {
        assertThat(forward("limit=500&name__startswith=beta&name__iendswith=%25X&name__contains=_"))
                .isEqualTo(matching(item -> item.name().startsWith("beta") && item.name().endsWith("%x")));
    }

    @Test
    void booleansFilterOnTheirWords()
    {
        assertThat(forward("limit=500&enabled=False")).isEqualTo(matching(item -> !item.enabled()));
        assertThat(forward("limit=500&enabled=1")).isEqualTo(matching(Item::enabled));
    }

    @Test
    void multiKeySortsWithTiesAndMixedDirectionsPageLikeOneSortedList()
    {
        Comparator<Item> order = Items.comparator("enabled").reversed()
                .thenComparing(Items.comparator("size"))
                .thenComparing(Items.comparator("created_at").reversed())
                .thenComparing(Items.comparator("id").reversed());
        String text = "limit=37&sort_key=enabled&sort_dir=desc&sort_key=size&sort_dir=asc&sort_key=created_at&sort_dir=desc";
        List<String> expected = expected(item -> true, order);
        assertThat(forward(text)).isEqualTo(expected);
        assertThat(backward(text)).isEqualTo(expected);
    }

    @Test
    void descendingOnANullableKeyPutsNullsFirst()
    {
        Comparator<Item> order = Items.comparator("size").reversed().thenComparing(Items.comparator("id").reversed());
        assertThat(forward("limit=101&sort=size:desc")).isEqualTo(expected(item -> true, order));
    }

    @Test
    void randomOrdersFiltersAndPageSizesPageForwardAndBackwardLikeTheSortedList()
    {
        Random random = new Random(7);
        List<String> keys = List.of("name", "size", "enabled", "created_at", "id");
        for (int round = 0; round < 8; round++) {
            StringBuilder text = new StringBuilder("limit=" + (1 + (random.nextBoolean() ? 4 + random.nextInt(10) : random.nextInt(400))));
            Comparator<Item> order = null;
            List<String> chosen = new ArrayList<>(keys);
            java.util.Collections.shuffle(chosen, random);
            chosen = chosen.subList(0, 1 + random.nextInt(3));
            SortDirection last = SortDirection.ASC;
            for (String key : chosen) {
                last = random.nextBoolean() ? SortDirection.ASC : SortDirection.DESC;
                text.append("&sort_key=").append(key).append("&sort_dir=").append(last.name().toLowerCase());
                Comparator<Item> one = last == SortDirection.ASC ? Items.comparator(key) : Items.comparator(key).reversed();
                order = order == null ? one : order.thenComparing(one);
            }
            if (!chosen.contains("id")) {
                order = order.thenComparing(last == SortDirection.ASC ? Items.comparator("id") : Items.comparator("id").reversed());
            }
            String project = "p" + random.nextInt(5);
            Predicate<Item> filter = item -> true;
            if (random.nextBoolean()) {
                text.append("&project_id=").append(project);
                filter = item -> item.projectId().equals(project);
            }
            List<String> expected = expected(filter, order);
            assertThat(forward(text.toString())).as(text.toString()).isEqualTo(expected);
            assertThat(backward(text.toString())).as(text.toString()).isEqualTo(expected);
        }
    }

    @Test
    void pagesCarryNextAndPreviousMarkers()
    {
        List<String> all = matching(item -> true);
        Page<Map<String, Object>> first = page("limit=10");
        assertThat(first.items()).hasSize(10);
        assertThat(first.hasMore()).isTrue();
        assertThat(first.nextMarker()).contains(all.get(9));
        assertThat(first.previousMarker()).isEmpty();
        Page<Map<String, Object>> second = page("limit=10&marker=" + all.get(9));
        assertThat(second.items().getFirst().get("id")).isEqualTo(all.get(10));
        assertThat(second.previousMarker()).contains(all.get(10));
        Page<Map<String, Object>> last = page("limit=10&marker=" + all.get(COUNT - 3));
        assertThat(last.items()).hasSize(2);
        assertThat(last.hasMore()).isFalse();
        assertThat(last.nextMarker()).isEmpty();
    }

    @Test
    void aDeletedMarkerIsABadRequest()
    {
        List<String> all = matching(item -> true);
        String marker = all.get(100);
        assertThat(page("limit=10&marker=" + marker).items()).hasSize(10);
        try {
            database.jdbi().useHandle(h -> h.execute("DELETE FROM items WHERE id = ?", marker));
            assertThatThrownBy(() -> page("limit=10&marker=" + marker))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.getMessage()).contains("marker [" + marker + "] not found");
                    });
        }
        finally {
            Item item = items.stream().filter(candidate -> candidate.id().equals(marker)).findFirst().orElseThrow();
            database.jdbi().useHandle(h -> Items.bind(h.createUpdate("INSERT INTO items VALUES (:id, :name, :projectId, :size, :enabled, :createdAt, :description)"), item).execute());
        }
    }

    @Test
    void theServicesScopeLimitsTheListAndItsMarkers()
    {
        List<SqlPredicate> scope = List.of(SqlPredicate.of("project_id = :project", "project", "p2"));
        Page<Map<String, Object>> page = page(spec, "limit=500", scope);
        assertThat(page.items().stream().map(row -> row.get("id")).toList())
                .isEqualTo(matching(item -> item.projectId().equals("p2")).subList(0, 500));
        String elsewhere = items.stream().filter(item -> !item.projectId().equals("p2")).findFirst().orElseThrow().id();
        assertThatThrownBy(() -> page(spec, "marker=" + elsewhere, scope)).isInstanceOf(ApiException.class);
    }

    @Test
    void fieldsSelectOnlyTheProjectedAttributes()
    {
        Page<Map<String, Object>> page = page("limit=3&fields=name&fields=size");
        assertThat(page.items()).allSatisfy(row -> assertThat(row).containsOnlyKeys("name", "size"));
        assertThat(page.nextMarker()).isPresent();
        assertThat(page("limit=3&fields=id,nothing").items()).allSatisfy(row -> assertThat(row).containsOnlyKeys("id"));
    }

    @Test
    void hostileValuesAreBoundNeverSpliced()
    {
        assertThat(forward("limit=500&name=x'%20OR%20'1'='1")).isEmpty();
        assertThat(forward("limit=500&name=x';%20DROP%20TABLE%20items;%20--")).isEmpty();
        assertThat(forward("limit=500&name__contains=')%20OR%201=1%20--")).isEmpty();
        assertThat(forward("limit=500&name=" + "a".repeat(10_000))).isEmpty();
        assertThat(forward("limit=500&name__icontains=" + "%25".repeat(10_000))).isEmpty();
        assertThatThrownBy(() -> page("marker=" + "'".repeat(10_000))).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThat(forward("limit=500")).hasSize(COUNT);
    }

    @Test
    void aHugeLimitIsCutToTheMaximum()
    {
        assertThat(page("limit=99999999999999999999").items()).hasSize(500);
        assertThat(page("limit=2147483647").items()).hasSize(500);
        assertThat(page("").items()).hasSize(50);
        assertThat(page("limit=0").items()).hasSize(50);
    }

    @Test
    void aLenientSpecIgnoresUnknownFilters()
    {
        ListSpec lenient = Items.spec(ListDialect.NEUTRON, false);
        assertThat(page(lenient, "limit=5&colour=red&description=x&name__like=y", List.of()).items()).hasSize(5);
    }

    @Test
    void concurrentInsertsNeverRepeatOrSkipRowsThatWereThere()
            throws Exception
    {
        Database other = database;
        Thread writer = Thread.ofVirtual().start(() -> Items.insert(other, 300, 99));
        List<String> seen = forward("limit=97&sort_key=created_at&sort_dir=asc");
        writer.join();
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(items.stream().map(Item::id).toList());
        database.jdbi().useHandle(h -> h.execute("DELETE FROM items WHERE id NOT IN (" + String.join(",",
                items.stream().map(item -> "'" + item.id() + "'").toList()) + ")"));
    }
}

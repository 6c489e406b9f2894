package io.xloud.core.collection;

import io.xloud.core.db.Database;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static io.xloud.core.collection.Operator.CONTAINS;
import static io.xloud.core.collection.Operator.ENDSWITH;
import static io.xloud.core.collection.Operator.GT;
import static io.xloud.core.collection.Operator.GTE;
import static io.xloud.core.collection.Operator.ICONTAINS;
import static io.xloud.core.collection.Operator.IENDSWITH;
import static io.xloud.core.collection.Operator.IEQUALS;
import static io.xloud.core.collection.Operator.IN;
import static io.xloud.core.collection.Operator.ISTARTSWITH;
import static io.xloud.core.collection.Operator.LT;
import static io.xloud.core.collection.Operator.LTE;
import static io.xloud.core.collection.Operator.NEQ;
import static io.xloud.core.collection.Operator.STARTSWITH;

/** A test table of random items with many ties, and the same rows in memory to compute what a list must return. */
final class Items
{
    static final LocalDateTime EPOCH = LocalDateTime.of(2024, 1, 1, 0, 0);

    record Item(String id, String name, String projectId, Long size, boolean enabled, LocalDateTime createdAt, String description) {}

    static ListSpec spec(ListDialect dialect, boolean strict)
    {
        return ListSpec.builder(dialect, "items")
                .id(Attribute.uuid("id", "id").filter(IN).sortable())
                .attribute(Attribute.string("name", "name").filter(IN, NEQ, GT, LT, IEQUALS, CONTAINS, ICONTAINS, STARTSWITH, ISTARTSWITH, ENDSWITH, IENDSWITH)
                        .sortable().notNull())
                .attribute(Attribute.string("project_id", "project_id").filter())
                .attribute(Attribute.integer("size", "size").filter(GT, GTE, LT, LTE, NEQ, IN).sortable())
                .attribute(Attribute.bool("enabled", "enabled").filter().sortable().notNull())
                .attribute(Attribute.timestamp("created_at", "created_at").filter(GT, GTE, LT, LTE).sortable().notNull())
                .attribute(Attribute.string("description", "description"))
                .defaultSort("name", SortDirection.ASC)
                .pageSize(50, 500)
                .strictFilters(strict)
                .build();
    }

    static void create(Database database)
    {
        database.jdbi().useHandle(h -> h.execute("CREATE TABLE items (id VARCHAR(32) PRIMARY KEY, name VARCHAR(64) NOT NULL, "
                + "project_id VARCHAR(8) NOT NULL, size BIGINT, enabled BOOLEAN NOT NULL, created_at TIMESTAMP NOT NULL, description VARCHAR(255))"));
    }

    /** {@code count} random items: 40 names, 5 projects, sizes 0..99 with a tenth NULL, creation times on 200 distinct minutes. */
    static List<Item> insert(Database database, int count, long seed)
    {
        Random random = new Random(seed);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] id = new byte[16];
            random.nextBytes(id);
            String name = (random.nextBoolean() ? "Alpha" : "beta") + "_" + (char) ('a' + random.nextInt(20)) + (random.nextInt(10) == 0 ? "%x" : "");
            items.add(new Item(HexFormat.of().formatHex(id), name, "p" + random.nextInt(5),
                    random.nextInt(10) == 0 ? null : (long) random.nextInt(100), random.nextBoolean(),
                    EPOCH.plusMinutes(random.nextInt(200)), random.nextInt(3) == 0 ? null : "item " + i));
        }
        database.jdbi().useHandle(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO items VALUES (:id, :name, :projectId, :size, :enabled, :createdAt, :description)");
            for (Item item : items) {
                bind(batch, item).add();
            }
            batch.execute();
        });
        return items;
    }

    static <T extends org.jdbi.v3.core.statement.SqlStatement<T>> T bind(T statement, Item item)
    {
        return statement.bind("id", item.id()).bind("name", item.name()).bind("projectId", item.projectId()).bind("size", item.size())
                .bind("enabled", item.enabled()).bind("createdAt", item.createdAt()).bind("description", item.description());
    }

    static Comparator<Item> comparator(String key)
    {
        return switch (key) {
            case "id" -> Comparator.comparing(Item::id);
            case "name" -> Comparator.comparing(Item::name);
            case "size" -> Comparator.comparing(Item::size, Comparator.nullsLast(Comparator.naturalOrder()));
            case "enabled" -> Comparator.comparing(Item::enabled);
            case "created_at" -> Comparator.comparing(Item::createdAt);
            default -> throw new IllegalArgumentException(key);
        };
    }

    private Items() {}
}

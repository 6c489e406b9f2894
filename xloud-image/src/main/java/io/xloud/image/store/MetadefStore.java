package io.xloud.image.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.db.UnitOfWork;
import io.xloud.core.json.Json;
import io.xloud.image.service.metadef.MetadefCaller;
import io.xloud.image.service.metadef.MetadefListing;
import io.xloud.image.service.metadef.MetadefNamespace;
import io.xloud.image.service.metadef.MetadefObject;
import io.xloud.image.service.metadef.MetadefProperty;
import io.xloud.image.service.metadef.MetadefTag;
import io.xloud.image.service.metadef.ResourceType;
import io.xloud.image.service.metadef.ResourceTypeAssociation;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Glance's metadata definitions in SQL: namespaces and their resource type associations, objects, properties and
 * tags, the global resource types, and the record of shipped definition files already loaded. Every call joins the
 * unit of work open on the thread, so a service's checks and writes commit together.
 */
public final class MetadefStore
{
    /** A write refused by a unique constraint: a concurrent create won the name. */
    public static final class DuplicateKeyException
            extends RuntimeException
    {
        DuplicateKeyException(Throwable cause)
        {
            super("duplicate key", cause, false, false);
        }
    }

    /** The sort keys Glance's lists accept here, each with the SQL expression it orders by. */
    private static final Map<String, String> NAMESPACE_SORTS = Map.of(
            "created_at", "n.created_at",
            "updated_at", "COALESCE(n.updated_at, n.created_at)",
            "namespace", "n.namespace",
            "display_name", "COALESCE(n.display_name, '')",
            "visibility", "n.visibility",
            "id", "n.id");
    private static final Map<String, String> CHILD_SORTS = Map.of(
            "created_at", "c.created_at",
            "updated_at", "COALESCE(c.updated_at, c.created_at)",
            "name", "c.name",
            "id", "c.id");

    private final UnitOfWork unitOfWork;

    public MetadefStore(UnitOfWork unitOfWork)
    {
        this.unitOfWork = requireNonNull(unitOfWork, "unitOfWork is null");
    }

    public static boolean sortsNamespacesBy(String key)
    {
        return NAMESPACE_SORTS.containsKey(key);
    }

    public static boolean sortsChildrenBy(String key)
    {
        return CHILD_SORTS.containsKey(key);
    }

    public static String newId()
    {
        return UUID.randomUUID().toString();
    }

    // ---- namespaces

    public Optional<MetadefNamespace> namespace(String name)
    {
        return unitOfWork.handle(h -> h.createQuery("SELECT * FROM metadef_namespaces WHERE namespace = :name")
                .bind("name", name).map((rs, ctx) -> namespace(rs)).findOne());
    }

    /** The namespaces a caller sees, one page of them, in the listing's order; the marker is a namespace the caller sees. */
    public MetadefListing.Page<MetadefNamespace> namespaces(MetadefCaller caller, MetadefListing listing, Optional<MetadefNamespace> marker)
    {
        String sort = NAMESPACE_SORTS.get(listing.sortKey());
        StringBuilder sql = new StringBuilder("SELECT n.* FROM metadef_namespaces n WHERE 1 = 1");
        Map<String, Object> binds = new LinkedHashMap<>();
        if (!caller.admin()) {
            if (caller.projectId().isPresent()) {
                sql.append(" AND (n.visibility = 'public' OR n.owner IS NULL OR n.owner = :caller)");
                binds.put("caller", caller.projectId().get());
            }
            else {
                sql.append(" AND (n.visibility = 'public' OR n.owner IS NULL)");
            }
        }
        listing.visibility().ifPresent(visibility -> {
            sql.append(" AND n.visibility = :visibility");
            binds.put("visibility", visibility);
        });
        if (!listing.resourceTypes().isEmpty()) {
            sql.append(" AND n.id IN (SELECT a.namespace_id FROM metadef_namespace_resource_types a"
                    + " JOIN metadef_resource_types t ON t.id = a.resource_type_id WHERE t.name IN (<types>))");
        }
        marker.ifPresent(row -> {
            sql.append(keyset(sort, "n.id", listing.ascending()));
            binds.put("marker_id", row.id());
        });
        sql.append(order(sort, "n.id", listing.ascending()));
        sql.append(" LIMIT :limit");
        return unitOfWork.handle(h -> {
            Query query = h.createQuery(sql.toString());
            if (!listing.resourceTypes().isEmpty()) {
                query.bindList("types", listing.resourceTypes());
            }
            marker.ifPresent(row -> query.bind("marker_sort", markerValue(h, "metadef_namespaces n", sort, "n.id", row.id())));
            binds.forEach(query::bind);
            query.bind("limit", listing.limit() + 1);
            List<MetadefNamespace> rows = query.map((rs, ctx) -> namespace(rs)).list();
            return page(rows, listing.limit());
        });
    }

    public void insertNamespace(MetadefNamespace namespace)
    {
        write(h -> h.createUpdate("INSERT INTO metadef_namespaces (id, namespace, display_name, description, visibility, protected, owner,"
                        + " created_at, updated_at) VALUES (:id, :namespace, :display_name, :description, :visibility, :protected, :owner,"
                        + " :created_at, :updated_at)")
                .bind("id", namespace.id())
                .bind("namespace", namespace.namespace())
                .bind("display_name", namespace.displayName().orElse(null))
                .bind("description", namespace.description().orElse(null))
                .bind("visibility", namespace.visibility())
                .bind("protected", namespace.isProtected())
                .bind("owner", namespace.owner().orElse(null))
                .bind("created_at", namespace.createdAt().toEpochMilli())
                .bind("updated_at", namespace.updatedAt().map(Instant::toEpochMilli).orElse(null))
                .execute());
    }

    public void updateNamespace(MetadefNamespace namespace)
    {
        write(h -> h.createUpdate("UPDATE metadef_namespaces SET namespace = :namespace, display_name = :display_name,"
                        + " description = :description, visibility = :visibility, protected = :protected, owner = :owner,"
                        + " updated_at = :updated_at WHERE id = :id")
                .bind("id", namespace.id())
                .bind("namespace", namespace.namespace())
                .bind("display_name", namespace.displayName().orElse(null))
                .bind("description", namespace.description().orElse(null))
                .bind("visibility", namespace.visibility())
                .bind("protected", namespace.isProtected())
                .bind("owner", namespace.owner().orElse(null))
                .bind("updated_at", namespace.updatedAt().map(Instant::toEpochMilli).orElse(null))
                .execute());
    }

    /** Deletes a namespace and, by cascade, everything it holds. */
    public void deleteNamespace(String namespaceId)
    {
        write(h -> h.createUpdate("DELETE FROM metadef_namespaces WHERE id = :id").bind("id", namespaceId).execute());
    }

    // ---- resource types and associations

    public List<ResourceType> resourceTypes()
    {
        return unitOfWork.handle(h -> h.createQuery("SELECT * FROM metadef_resource_types ORDER BY created_at, name")
                .map((rs, ctx) -> resourceType(rs)).list());
    }

    public Optional<ResourceType> resourceType(String name)
    {
        return unitOfWork.handle(h -> h.createQuery("SELECT * FROM metadef_resource_types WHERE name = :name")
                .bind("name", name).map((rs, ctx) -> resourceType(rs)).findOne());
    }

    /** Creates the resource type unless it exists; the id of the one that is there after. */
    public String ensureResourceType(String name, boolean isProtected, Instant now)
    {
        Optional<String> existing = resourceTypeId(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        String id = newId();
        write(h -> h.createUpdate("INSERT INTO metadef_resource_types (id, name, protected, created_at) VALUES (:id, :name, :protected, :created_at)")
                .bind("id", id).bind("name", name).bind("protected", isProtected).bind("created_at", now.toEpochMilli()).execute());
        return id;
    }

    private Optional<String> resourceTypeId(String name)
    {
        return unitOfWork.handle(h -> h.createQuery("SELECT id FROM metadef_resource_types WHERE name = :name")
                .bind("name", name).mapTo(String.class).findOne());
    }

    public List<ResourceTypeAssociation> associations(String namespaceId)
    {
        return unitOfWork.handle(h -> h.createQuery("SELECT t.name, a.prefix, a.properties_target, a.created_at, a.updated_at"
                        + " FROM metadef_namespace_resource_types a JOIN metadef_resource_types t ON t.id = a.resource_type_id"
                        + " WHERE a.namespace_id = :namespace_id ORDER BY a.created_at, t.name")
                .bind("namespace_id", namespaceId).map((rs, ctx) -> association(rs)).list());
    }

    /** The associations of several namespaces at once, for a list page. */
    public Map<String, List<ResourceTypeAssociation>> associations(List<String> namespaceIds)
    {
        Map<String, List<ResourceTypeAssociation>> byNamespace = new LinkedHashMap<>();
        if (namespaceIds.isEmpty()) {
            return byNamespace;
        }
        unitOfWork.handle(h -> {
            h.createQuery("SELECT a.namespace_id, t.name, a.prefix, a.properties_target, a.created_at, a.updated_at"
                            + " FROM metadef_namespace_resource_types a JOIN metadef_resource_types t ON t.id = a.resource_type_id"
                            + " WHERE a.namespace_id IN (<ids>) ORDER BY a.created_at, t.name")
                    .bindList("ids", namespaceIds)
                    .map((rs, ctx) -> Map.entry(rs.getString("namespace_id"), association(rs)))
                    .forEach(entry -> byNamespace.computeIfAbsent(entry.getKey(), ignored -> new ArrayList<>()).add(entry.getValue()));
            return null;
        });
        return byNamespace;
    }

    public Optional<ResourceTypeAssociation> association(String namespaceId, String resourceType)
    {
        return unitOfWork.handle(h -> h.createQuery("SELECT t.name, a.prefix, a.properties_target, a.created_at, a.updated_at"
                        + " FROM metadef_namespace_resource_types a JOIN metadef_resource_types t ON t.id = a.resource_type_id"
                        + " WHERE a.namespace_id = :namespace_id AND t.name = :name")
                .bind("namespace_id", namespaceId).bind("name", resourceType).map((rs, ctx) -> association(rs)).findOne());
    }

    public void insertAssociation(String namespaceId, String resourceTypeId, ResourceTypeAssociation.Draft draft, Instant now)
    {
        write(h -> h.createUpdate("INSERT INTO metadef_namespace_resource_types (namespace_id, resource_type_id, prefix, properties_target,"
                        + " created_at) VALUES (:namespace_id, :resource_type_id, :prefix, :properties_target, :created_at)")
                .bind("namespace_id", namespaceId)
                .bind("resource_type_id", resourceTypeId)
                .bind("prefix", draft.prefix().orElse(null))
                .bind("properties_target", draft.propertiesTarget().orElse(null))
                .bind("created_at", now.toEpochMilli())
                .execute());
    }

    public boolean deleteAssociation(String namespaceId, String resourceType)
    {
        return write(h -> h.createUpdate("DELETE FROM metadef_namespace_resource_types WHERE namespace_id = :namespace_id"
                        + " AND resource_type_id = (SELECT id FROM metadef_resource_types WHERE name = :name)")
                .bind("namespace_id", namespaceId).bind("name", resourceType).execute()) > 0;
    }

    // ---- objects

    public MetadefListing.Page<MetadefObject> objects(String namespaceId, MetadefListing listing, Optional<String> markerName)
    {
        return children("metadef_objects", namespaceId, listing, markerName, MetadefStore::object);
    }

    public Optional<MetadefObject> object(String namespaceId, String name)
    {
        return unitOfWork.handle(h -> h.createQuery("SELECT * FROM metadef_objects WHERE namespace_id = :namespace_id AND name = :name")
                .bind("namespace_id", namespaceId).bind("name", name).map((rs, ctx) -> object(rs)).findOne());
    }

    public void insertObject(String namespaceId, MetadefObject.Draft draft, Instant now, Optional<Instant> updatedAt)
    {
        write(h -> h.createUpdate("INSERT INTO metadef_objects (id, namespace_id, name, description, required, json_schema, created_at, updated_at)"
                        + " VALUES (:id, :namespace_id, :name, :description, :required, :json_schema, :created_at, :updated_at)")
                .bind("id", newId())
                .bind("namespace_id", namespaceId)
                .bind("name", draft.name())
                .bind("description", draft.description().orElse(null))
                .bind("required", draft.required().map(Json::string).orElse(null))
                .bind("json_schema", draft.properties().map(Json::string).orElse(null))
                .bind("created_at", now.toEpochMilli())
                .bind("updated_at", updatedAt.map(Instant::toEpochMilli).orElse(null))
                .execute());
    }

    public void updateObject(String namespaceId, String name, MetadefObject.Draft draft, Instant now)
    {
        write(h -> h.createUpdate("UPDATE metadef_objects SET name = :new_name, description = :description, required = :required,"
                        + " json_schema = :json_schema, updated_at = :updated_at WHERE namespace_id = :namespace_id AND name = :name")
                .bind("namespace_id", namespaceId)
                .bind("name", name)
                .bind("new_name", draft.name())
                .bind("description", draft.description().orElse(null))
                .bind("required", draft.required().map(Json::string).orElse(null))
                .bind("json_schema", draft.properties().map(Json::string).orElse(null))
                .bind("updated_at", now.toEpochMilli())
                .execute());
    }

    public void deleteObject(String namespaceId, String name)
    {
        write(h -> h.createUpdate("DELETE FROM metadef_objects WHERE namespace_id = :namespace_id AND name = :name")
                .bind("namespace_id", namespaceId).bind("name", name).execute());
    }

    public void deleteObjects(String namespaceId)
    {
        write(h -> h.createUpdate("DELETE FROM metadef_objects WHERE namespace_id = :namespace_id").bind("namespace_id", namespaceId).execute());
    }

    // ---- properties

    public List<MetadefProperty> properties(String namespaceId)
    {
        return unitOfWork.handle(h -> h.createQuery("SELECT * FROM metadef_properties WHERE namespace_id = :namespace_id ORDER BY created_at, name")
                .bind("namespace_id", namespaceId).map((rs, ctx) -> property(rs)).list());
    }

    public Optional<MetadefProperty> property(String namespaceId, String name)
    {
        return unitOfWork.handle(h -> h.createQuery("SELECT * FROM metadef_properties WHERE namespace_id = :namespace_id AND name = :name")
                .bind("namespace_id", namespaceId).bind("name", name).map((rs, ctx) -> property(rs)).findOne());
    }

    public void insertProperty(String namespaceId, String name, ObjectNode schema, Instant now, Optional<Instant> updatedAt)
    {
        write(h -> h.createUpdate("INSERT INTO metadef_properties (id, namespace_id, name, json_schema, created_at, updated_at)"
                        + " VALUES (:id, :namespace_id, :name, :json_schema, :created_at, :updated_at)")
                .bind("id", newId())
                .bind("namespace_id", namespaceId)
                .bind("name", name)
                .bind("json_schema", Json.string(schema))
                .bind("created_at", now.toEpochMilli())
                .bind("updated_at", updatedAt.map(Instant::toEpochMilli).orElse(null))
                .execute());
    }

    public void updateProperty(String namespaceId, String name, String newName, ObjectNode schema, Instant now)
    {
        write(h -> h.createUpdate("UPDATE metadef_properties SET name = :new_name, json_schema = :json_schema, updated_at = :updated_at"
                        + " WHERE namespace_id = :namespace_id AND name = :name")
                .bind("namespace_id", namespaceId)
                .bind("name", name)
                .bind("new_name", newName)
                .bind("json_schema", Json.string(schema))
                .bind("updated_at", now.toEpochMilli())
                .execute());
    }

    public void deleteProperty(String namespaceId, String name)
    {
        write(h -> h.createUpdate("DELETE FROM metadef_properties WHERE namespace_id = :namespace_id AND name = :name")
                .bind("namespace_id", namespaceId).bind("name", name).execute());
    }

    public void deleteProperties(String namespaceId)
    {
        write(h -> h.createUpdate("DELETE FROM metadef_properties WHERE namespace_id = :namespace_id").bind("namespace_id", namespaceId).execute());
    }

    // ---- tags

    public MetadefListing.Page<MetadefTag> tags(String namespaceId, MetadefListing listing, Optional<String> markerName)
    {
        return children("metadef_tags", namespaceId, listing, markerName.map(MetadefStore::tagKey), MetadefStore::tag);
    }

    /** The tag of that name, compared without regard to case as the uniqueness of tag names is. */
    public Optional<MetadefTag> tag(String namespaceId, String name)
    {
        return unitOfWork.handle(h -> h.createQuery("SELECT * FROM metadef_tags WHERE namespace_id = :namespace_id AND name_key = :name_key")
                .bind("namespace_id", namespaceId).bind("name_key", tagKey(name)).map((rs, ctx) -> tag(rs)).findOne());
    }

    public void insertTag(String namespaceId, String name, Instant now, Optional<Instant> updatedAt)
    {
        write(h -> h.createUpdate("INSERT INTO metadef_tags (id, namespace_id, name, name_key, created_at, updated_at)"
                        + " VALUES (:id, :namespace_id, :name, :name_key, :created_at, :updated_at)")
                .bind("id", newId())
                .bind("namespace_id", namespaceId)
                .bind("name", name)
                .bind("name_key", tagKey(name))
                .bind("created_at", now.toEpochMilli())
                .bind("updated_at", updatedAt.map(Instant::toEpochMilli).orElse(null))
                .execute());
    }

    public void renameTag(String namespaceId, String name, String newName, Instant now)
    {
        write(h -> h.createUpdate("UPDATE metadef_tags SET name = :new_name, name_key = :new_key, updated_at = :updated_at"
                        + " WHERE namespace_id = :namespace_id AND name_key = :name_key")
                .bind("namespace_id", namespaceId)
                .bind("name_key", tagKey(name))
                .bind("new_name", newName)
                .bind("new_key", tagKey(newName))
                .bind("updated_at", now.toEpochMilli())
                .execute());
    }

    public void deleteTag(String namespaceId, String name)
    {
        write(h -> h.createUpdate("DELETE FROM metadef_tags WHERE namespace_id = :namespace_id AND name_key = :name_key")
                .bind("namespace_id", namespaceId).bind("name_key", tagKey(name)).execute());
    }

    public void deleteTags(String namespaceId)
    {
        write(h -> h.createUpdate("DELETE FROM metadef_tags WHERE namespace_id = :namespace_id").bind("namespace_id", namespaceId).execute());
    }

    public static String tagKey(String name)
    {
        return name.toLowerCase(Locale.ROOT);
    }

    // ---- the shipped catalog

    public boolean catalogFileLoaded(String file)
    {
        return unitOfWork.handle(h -> h.createQuery("SELECT COUNT(*) FROM metadef_catalog_loads WHERE file = :file")
                .bind("file", file).mapTo(Integer.class).one()) > 0;
    }

    public void recordCatalogFile(String file, String namespace, Instant now)
    {
        write(h -> h.createUpdate("INSERT INTO metadef_catalog_loads (file, namespace, loaded_at) VALUES (:file, :namespace, :loaded_at)")
                .bind("file", file).bind("namespace", namespace).bind("loaded_at", now.toEpochMilli()).execute());
    }

    // ---- helpers

    private interface Rows<T>
    {
        T map(ResultSet rs)
                throws SQLException;
    }

    private <T> MetadefListing.Page<T> children(String table, String namespaceId, MetadefListing listing, Optional<String> markerKey, Rows<T> rows)
    {
        String sort = CHILD_SORTS.get(listing.sortKey());
        String nameColumn = table.equals("metadef_tags") ? "c.name_key" : "c.name";
        return unitOfWork.handle(h -> {
            Optional<String> markerId = markerKey.flatMap(key -> h.createQuery("SELECT c.id FROM " + table + " c WHERE c.namespace_id = :namespace_id AND "
                            + nameColumn + " = :name")
                    .bind("namespace_id", namespaceId).bind("name", key).mapTo(String.class).findOne());
            StringBuilder sql = new StringBuilder("SELECT c.* FROM " + table + " c WHERE c.namespace_id = :namespace_id");
            markerId.ifPresent(id -> sql.append(keyset(sort, "c.id", listing.ascending())));
            sql.append(order(sort, "c.id", listing.ascending())).append(" LIMIT :limit");
            Query query = h.createQuery(sql.toString()).bind("namespace_id", namespaceId).bind("limit", listing.limit() + 1);
            markerId.ifPresent(id -> query.bind("marker_id", id).bind("marker_sort", markerValue(h, table + " c", sort, "c.id", id)));
            return page(query.map((rs, ctx) -> rows.map(rs)).list(), listing.limit());
        });
    }

    private static Object markerValue(Handle h, String table, String sort, String idColumn, String id)
    {
        return h.createQuery("SELECT " + sort + " AS v FROM " + table + " WHERE " + idColumn + " = :id")
                .bind("id", id).map((rs, ctx) -> rs.getObject("v")).one();
    }

    private static String keyset(String sort, String idColumn, boolean ascending)
    {
        String after = ascending ? ">" : "<";
        return " AND (" + sort + " " + after + " :marker_sort OR (" + sort + " = :marker_sort AND " + idColumn + " " + after + " :marker_id))";
    }

    private static String order(String sort, String idColumn, boolean ascending)
    {
        String direction = ascending ? "ASC" : "DESC";
        return " ORDER BY " + sort + " " + direction + ", " + idColumn + " " + direction;
    }

    private static <T> MetadefListing.Page<T> page(List<T> rows, int limit)
    {
        boolean more = rows.size() > limit;
        return new MetadefListing.Page<>(more ? rows.subList(0, limit) : rows, more);
    }

    private <T> T write(org.jdbi.v3.core.HandleCallback<T, RuntimeException> callback)
    {
        try {
            return unitOfWork.transaction(callback);
        }
        catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                throw new DuplicateKeyException(e);
            }
            throw e;
        }
    }

    private static MetadefNamespace namespace(ResultSet rs)
            throws SQLException
    {
        return new MetadefNamespace(
                rs.getString("id"),
                rs.getString("namespace"),
                Optional.ofNullable(rs.getString("display_name")),
                Optional.ofNullable(rs.getString("description")),
                rs.getString("visibility"),
                rs.getBoolean("protected"),
                Optional.ofNullable(rs.getString("owner")),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                instant(rs, "updated_at"));
    }

    private static ResourceType resourceType(ResultSet rs)
            throws SQLException
    {
        return new ResourceType(rs.getString("name"), rs.getBoolean("protected"), Instant.ofEpochMilli(rs.getLong("created_at")),
                instant(rs, "updated_at"));
    }

    private static ResourceTypeAssociation association(ResultSet rs)
            throws SQLException
    {
        return new ResourceTypeAssociation(rs.getString("name"), Optional.ofNullable(rs.getString("prefix")),
                Optional.ofNullable(rs.getString("properties_target")), Instant.ofEpochMilli(rs.getLong("created_at")), instant(rs, "updated_at"));
    }

    private static MetadefObject object(ResultSet rs)
            throws SQLException
    {
        Optional<List<String>> required = Optional.ofNullable(rs.getString("required")).map(MetadefStore::parse)
                .filter(JsonNode::isArray)
                .map(node -> {
                    List<String> names = new ArrayList<>();
                    node.forEach(item -> names.add(item.asText()));
                    return names;
                });
        Optional<ObjectNode> properties = Optional.ofNullable(rs.getString("json_schema")).map(MetadefStore::parse)
                .filter(JsonNode::isObject).map(ObjectNode.class::cast);
        return new MetadefObject(rs.getString("name"), Optional.ofNullable(rs.getString("description")), required, properties,
                Instant.ofEpochMilli(rs.getLong("created_at")), instant(rs, "updated_at"));
    }

    private static MetadefProperty property(ResultSet rs)
            throws SQLException
    {
        JsonNode schema = parse(rs.getString("json_schema"));
        return new MetadefProperty(rs.getString("name"), schema.isObject() ? (ObjectNode) schema : Json.object(),
                Instant.ofEpochMilli(rs.getLong("created_at")), instant(rs, "updated_at"));
    }

    private static MetadefTag tag(ResultSet rs)
            throws SQLException
    {
        return new MetadefTag(rs.getString("name"), Instant.ofEpochMilli(rs.getLong("created_at")), instant(rs, "updated_at"));
    }

    private static Optional<Instant> instant(ResultSet rs, String column)
            throws SQLException
    {
        long millis = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    private static JsonNode parse(String text)
    {
        try {
            return Json.mapper().readTree(text);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metadef JSON does not parse: " + e.getOriginalMessage(), e);
        }
    }
}

package io.xloud.identity.store;

import io.xloud.identity.service.EndpointGroup;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import static io.xloud.identity.store.IdentityStore.json;
import static io.xloud.identity.store.IdentityStore.jsonMap;

/** OS-EP-FILTER: endpoint groups and the projects that endpoint groups, or single endpoints, are associated with. */
public final class EndpointFilterStore
{
    private EndpointFilterStore() {}

    private static EndpointGroup group(ResultSet rs)
            throws SQLException
    {
        return new EndpointGroup(rs.getString("id"), rs.getString("name"), Optional.ofNullable(rs.getString("description")),
                jsonMap(rs.getString("filters")));
    }

    public static Optional<EndpointGroup> group(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM endpoint_groups WHERE id = :id").bind("id", id).map((rs, ctx) -> group(rs)).findOne();
    }

    public static List<EndpointGroup> groups(Handle h)
    {
        return h.createQuery("SELECT * FROM endpoint_groups ORDER BY name, id").map((rs, ctx) -> group(rs)).list();
    }

    public static void insertGroup(Handle h, EndpointGroup group)
    {
        h.createUpdate("INSERT INTO endpoint_groups (id, name, description, filters) VALUES (:id, :name, :description, :filters)")
                .bind("id", group.id()).bind("name", group.name()).bind("description", group.description().orElse(null))
                .bind("filters", json(group.filters())).execute();
    }

    public static void updateGroup(Handle h, EndpointGroup group)
    {
        h.createUpdate("UPDATE endpoint_groups SET name = :name, description = :description, filters = :filters WHERE id = :id")
                .bind("id", group.id()).bind("name", group.name()).bind("description", group.description().orElse(null))
                .bind("filters", json(group.filters())).execute();
    }

    public static void deleteGroup(Handle h, String id)
    {
        h.createUpdate("DELETE FROM project_endpoint_groups WHERE endpoint_group_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM endpoint_groups WHERE id = :id").bind("id", id).execute();
    }

    public static List<String> groupIdsOfProject(Handle h, String projectId)
    {
        return h.createQuery("SELECT endpoint_group_id FROM project_endpoint_groups WHERE project_id = :p ORDER BY endpoint_group_id")
                .bind("p", projectId).mapTo(String.class).list();
    }

    public static List<String> projectIdsOfGroup(Handle h, String groupId)
    {
        return h.createQuery("SELECT project_id FROM project_endpoint_groups WHERE endpoint_group_id = :g ORDER BY project_id")
                .bind("g", groupId).mapTo(String.class).list();
    }

    public static boolean groupInProject(Handle h, String groupId, String projectId)
    {
        return h.createQuery("SELECT COUNT(*) FROM project_endpoint_groups WHERE endpoint_group_id = :g AND project_id = :p")
                .bind("g", groupId).bind("p", projectId).mapTo(Integer.class).one() > 0;
    }

    public static void addGroupToProject(Handle h, String groupId, String projectId)
    {
        h.createUpdate("INSERT INTO project_endpoint_groups (endpoint_group_id, project_id) VALUES (:g, :p)")
                .bind("g", groupId).bind("p", projectId).execute();
    }

    /** @return whether there was such an association */
    public static boolean removeGroupFromProject(Handle h, String groupId, String projectId)
    {
        return h.createUpdate("DELETE FROM project_endpoint_groups WHERE endpoint_group_id = :g AND project_id = :p")
                .bind("g", groupId).bind("p", projectId).execute() > 0;
    }

    /** Endpoints associated with a project one by one (not through a group), in id order. */
    public static List<String> endpointIdsOfProject(Handle h, String projectId)
    {
        return h.createQuery("SELECT endpoint_id FROM project_endpoints WHERE project_id = :p ORDER BY endpoint_id")
                .bind("p", projectId).mapTo(String.class).list();
    }

    public static List<String> projectIdsOfEndpoint(Handle h, String endpointId)
    {
        return h.createQuery("SELECT project_id FROM project_endpoints WHERE endpoint_id = :e ORDER BY project_id")
                .bind("e", endpointId).mapTo(String.class).list();
    }

    public static boolean endpointInProject(Handle h, String endpointId, String projectId)
    {
        return h.createQuery("SELECT COUNT(*) FROM project_endpoints WHERE endpoint_id = :e AND project_id = :p")
                .bind("e", endpointId).bind("p", projectId).mapTo(Integer.class).one() > 0;
    }

    public static void addEndpointToProject(Handle h, String endpointId, String projectId)
    {
        h.createUpdate("INSERT INTO project_endpoints (endpoint_id, project_id) VALUES (:e, :p)")
                .bind("e", endpointId).bind("p", projectId).execute();
    }

    /** @return whether there was such an association */
    public static boolean removeEndpointFromProject(Handle h, String endpointId, String projectId)
    {
        return h.createUpdate("DELETE FROM project_endpoints WHERE endpoint_id = :e AND project_id = :p")
                .bind("e", endpointId).bind("p", projectId).execute() > 0;
    }

    /** Drops a deleted project's associations, single endpoints and groups alike. */
    public static void deleteProjectAssociations(Handle h, String projectId)
    {
        h.createUpdate("DELETE FROM project_endpoints WHERE project_id = :id").bind("id", projectId).execute();
        h.createUpdate("DELETE FROM project_endpoint_groups WHERE project_id = :id").bind("id", projectId).execute();
    }
}

package io.xloud.identity.store;

import io.xloud.identity.service.Assignment;
import io.xloud.identity.service.Role;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.xloud.identity.store.IdentityStore.json;
import static io.xloud.identity.store.IdentityStore.jsonMap;

/** Roles, implied roles and role assignments. */
public final class RoleStore
{
    private RoleStore() {}

    private static Role role(ResultSet rs)
            throws SQLException
    {
        String domain = rs.getString("domain_id");
        return new Role(rs.getString("id"), rs.getString("name"), Role.NO_DOMAIN.equals(domain) ? Optional.empty() : Optional.of(domain),
                Optional.ofNullable(rs.getString("description")), jsonMap(rs.getString("options")), jsonMap(rs.getString("extra")));
    }

    public static Optional<Role> role(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM roles WHERE id = :id").bind("id", id).map((rs, ctx) -> role(rs)).findOne();
    }

    public static Optional<Role> roleByName(Handle h, Optional<String> domainId, String name)
    {
        return h.createQuery("SELECT * FROM roles WHERE domain_id = :domain AND name = :name")
                .bind("domain", domainId.orElse(Role.NO_DOMAIN)).bind("name", name).map((rs, ctx) -> role(rs)).findOne();
    }

    public static List<Role> roles(Handle h)
    {
        return h.createQuery("SELECT * FROM roles ORDER BY name").map((rs, ctx) -> role(rs)).list();
    }

    public static void insertRole(Handle h, Role r)
    {
        h.createUpdate("INSERT INTO roles (id, name, domain_id, description, options, extra) VALUES (:id, :name, :domain, :description, :options, :extra)")
                .bind("id", r.id()).bind("name", r.name()).bind("domain", r.domainId().orElse(Role.NO_DOMAIN))
                .bind("description", r.description().orElse(null)).bind("options", json(r.options())).bind("extra", json(r.extra()))
                .execute();
        IdentityEvents.emit(h, "role", "created", r.id(), Optional.empty());
    }

    public static void updateRole(Handle h, Role r)
    {
        h.createUpdate("UPDATE roles SET name = :name, description = :description, options = :options, extra = :extra WHERE id = :id")
                .bind("id", r.id()).bind("name", r.name()).bind("description", r.description().orElse(null))
                .bind("options", json(r.options())).bind("extra", json(r.extra()))
                .execute();
        IdentityEvents.emit(h, "role", "updated", r.id(), Optional.empty());
    }

    public static void deleteRole(Handle h, String id)
    {
        h.createUpdate("DELETE FROM implied_roles WHERE prior_role_id = :id OR implied_role_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM assignments WHERE role_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM roles WHERE id = :id").bind("id", id).execute();
        IdentityEvents.emit(h, "role", "deleted", id, Optional.empty());
    }

    // ---- implied roles

    public static List<Map.Entry<String, String>> implications(Handle h)
    {
        return h.createQuery("SELECT prior_role_id, implied_role_id FROM implied_roles")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2))).list();
    }

    public static void addImplication(Handle h, String prior, String implied)
    {
        h.createUpdate("INSERT INTO implied_roles (prior_role_id, implied_role_id) VALUES (:p, :i)").bind("p", prior).bind("i", implied).execute();
    }

    public static int removeImplication(Handle h, String prior, String implied)
    {
        return h.createUpdate("DELETE FROM implied_roles WHERE prior_role_id = :p AND implied_role_id = :i").bind("p", prior).bind("i", implied).execute();
    }

    // ---- assignments

    private static Assignment assignment(ResultSet rs)
            throws SQLException
    {
        return new Assignment(Assignment.Type.valueOf(rs.getString("type")), rs.getString("actor_id"), rs.getString("target_id"),
                rs.getString("role_id"), rs.getBoolean("inherited"));
    }

    public static List<Assignment> assignments(Handle h)
    {
        return h.createQuery("SELECT * FROM assignments").map((rs, ctx) -> assignment(rs)).list();
    }

    public static List<Assignment> assignmentsOfActors(Handle h, List<String> actorIds)
    {
        if (actorIds.isEmpty()) {
            return List.of();
        }
        return h.createQuery("SELECT * FROM assignments WHERE actor_id IN (<actors>)").bindList("actors", actorIds)
                .map((rs, ctx) -> assignment(rs)).list();
    }

    public static boolean exists(Handle h, Assignment a)
    {
        return h.createQuery("SELECT COUNT(*) FROM assignments WHERE type = :type AND actor_id = :actor AND target_id = :target "
                        + "AND role_id = :role AND inherited = :inherited")
                .bind("type", a.type().name()).bind("actor", a.actorId()).bind("target", a.targetId()).bind("role", a.roleId())
                .bind("inherited", a.inherited()).mapTo(Integer.class).one() > 0;
    }

    public static void grant(Handle h, Assignment a)
    {
        h.createUpdate("INSERT INTO assignments (type, actor_id, target_id, role_id, inherited) VALUES (:type, :actor, :target, :role, :inherited) "
                        + "ON CONFLICT DO NOTHING")
                .bind("type", a.type().name()).bind("actor", a.actorId()).bind("target", a.targetId()).bind("role", a.roleId())
                .bind("inherited", a.inherited()).execute();
    }

    public static int revoke(Handle h, Assignment a)
    {
        return h.createUpdate("DELETE FROM assignments WHERE type = :type AND actor_id = :actor AND target_id = :target "
                        + "AND role_id = :role AND inherited = :inherited")
                .bind("type", a.type().name()).bind("actor", a.actorId()).bind("target", a.targetId()).bind("role", a.roleId())
                .bind("inherited", a.inherited()).execute();
    }

    public static void deleteAssignmentsOfActor(Handle h, String actorId)
    {
        h.createUpdate("DELETE FROM assignments WHERE actor_id = :id").bind("id", actorId).execute();
    }

    public static void deleteAssignmentsOnTarget(Handle h, String targetId)
    {
        h.createUpdate("DELETE FROM assignments WHERE target_id = :id").bind("id", targetId).execute();
    }

    /** Drops the roles a domain defines (domain-specific roles). */
    public static void deleteRolesOfDomain(Handle h, String domainId)
    {
        h.createUpdate("DELETE FROM roles WHERE domain_id = :id").bind("id", domainId).execute();
    }
}

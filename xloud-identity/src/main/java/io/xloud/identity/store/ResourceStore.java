package io.xloud.identity.store;

import io.xloud.identity.service.Domain;
import io.xloud.identity.service.Project;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.xloud.identity.store.IdentityStore.json;
import static io.xloud.identity.store.IdentityStore.jsonMap;

/** Domains, projects and project tags. */
public final class ResourceStore
{
    private ResourceStore() {}

    private static Domain domain(ResultSet rs)
            throws SQLException
    {
        return new Domain(rs.getString("id"), rs.getString("name"), Optional.ofNullable(rs.getString("description")),
                rs.getBoolean("enabled"), jsonMap(rs.getString("extra")));
    }

    public static Optional<Domain> domain(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM domains WHERE id = :id").bind("id", id).map((rs, ctx) -> domain(rs)).findOne();
    }

    public static Optional<Domain> domainByName(Handle h, String name)
    {
        return h.createQuery("SELECT * FROM domains WHERE name = :name").bind("name", name).map((rs, ctx) -> domain(rs)).findOne();
    }

    public static List<Domain> domains(Handle h)
    {
        return h.createQuery("SELECT * FROM domains ORDER BY name").map((rs, ctx) -> domain(rs)).list();
    }

    public static void insertDomain(Handle h, Domain d)
    {
        h.createUpdate("INSERT INTO domains (id, name, description, enabled, extra) VALUES (:id, :name, :description, :enabled, :extra)")
                .bind("id", d.id()).bind("name", d.name()).bind("description", d.description().orElse(null))
                .bind("enabled", d.enabled()).bind("extra", json(d.extra()))
                .execute();
        IdentityEvents.emit(h, "domain", "created", d.id(), Optional.empty());
    }

    public static void updateDomain(Handle h, Domain d)
    {
        h.createUpdate("UPDATE domains SET name = :name, description = :description, enabled = :enabled, extra = :extra WHERE id = :id")
                .bind("id", d.id()).bind("name", d.name()).bind("description", d.description().orElse(null))
                .bind("enabled", d.enabled()).bind("extra", json(d.extra()))
                .execute();
        IdentityEvents.emit(h, "domain", "updated", d.id(), Optional.empty());
    }

    public static void deleteDomain(Handle h, String id)
    {
        h.createUpdate("DELETE FROM domains WHERE id = :id").bind("id", id).execute();
        IdentityEvents.emit(h, "domain", "deleted", id, Optional.empty());
    }

    // ---- projects

    private static final String PROJECT_COLUMNS = "id, name, domain_id, parent_id, description, enabled, extra";

    static Project project(ResultSet rs, List<String> tags)
            throws SQLException
    {
        return new Project(rs.getString("id"), rs.getString("name"), rs.getString("domain_id"), Optional.ofNullable(rs.getString("parent_id")),
                Optional.ofNullable(rs.getString("description")), rs.getBoolean("enabled"), tags, jsonMap(rs.getString("extra")));
    }

    public static Optional<Project> project(Handle h, String id)
    {
        List<String> tags = tags(h, id);
        return h.createQuery("SELECT " + PROJECT_COLUMNS + " FROM projects WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> project(rs, tags)).findOne();
    }

    public static Optional<Project> projectByName(Handle h, String domainId, String name)
    {
        Optional<String> id = h.createQuery("SELECT id FROM projects WHERE domain_id = :domain AND name = :name")
                .bind("domain", domainId).bind("name", name).mapTo(String.class).findOne();
        return id.flatMap(projectId -> project(h, projectId));
    }

    public static List<Project> projects(Handle h)
    {
        Map<String, List<String>> tags = new HashMap<>();
        h.createQuery("SELECT project_id, tag FROM project_tags ORDER BY tag")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(entry -> tags.computeIfAbsent(entry.getKey(), ignored -> new ArrayList<>()).add(entry.getValue()));
        return h.createQuery("SELECT " + PROJECT_COLUMNS + " FROM projects ORDER BY name")
                .map((rs, ctx) -> project(rs, tags.getOrDefault(rs.getString("id"), List.of()))).list();
    }

    public static List<String> tags(Handle h, String projectId)
    {
        return h.createQuery("SELECT tag FROM project_tags WHERE project_id = :id ORDER BY tag").bind("id", projectId).mapTo(String.class).list();
    }

    public static void insertProject(Handle h, Project p)
    {
        h.createUpdate("INSERT INTO projects (" + PROJECT_COLUMNS + ") VALUES (:id, :name, :domain, :parent, :description, :enabled, :extra)")
                .bind("id", p.id()).bind("name", p.name()).bind("domain", p.domainId()).bind("parent", p.parentId().orElse(null))
                .bind("description", p.description().orElse(null)).bind("enabled", p.enabled()).bind("extra", json(p.extra()))
                .execute();
        replaceTags(h, p.id(), p.tags());
        IdentityEvents.emit(h, "project", "created", p.id(), Optional.of(p.id()));
    }

    public static void updateProject(Handle h, Project p)
    {
        h.createUpdate("UPDATE projects SET name = :name, description = :description, enabled = :enabled, extra = :extra WHERE id = :id")
                .bind("id", p.id()).bind("name", p.name()).bind("description", p.description().orElse(null))
                .bind("enabled", p.enabled()).bind("extra", json(p.extra()))
                .execute();
        replaceTags(h, p.id(), p.tags());
        IdentityEvents.emit(h, "project", "updated", p.id(), Optional.of(p.id()));
    }

    public static void replaceTags(Handle h, String projectId, List<String> tags)
    {
        h.createUpdate("DELETE FROM project_tags WHERE project_id = :id").bind("id", projectId).execute();
        for (String tag : new java.util.LinkedHashSet<>(tags)) {
            h.createUpdate("INSERT INTO project_tags (project_id, tag) VALUES (:id, :tag)").bind("id", projectId).bind("tag", tag).execute();
        }
    }

    public static void deleteProject(Handle h, String id)
    {
        h.createUpdate("DELETE FROM project_tags WHERE project_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM projects WHERE id = :id").bind("id", id).execute();
        IdentityEvents.emit(h, "project", "deleted", id, Optional.of(id));
    }

    public static List<String> childProjectIds(Handle h, String parentId)
    {
        return h.createQuery("SELECT id FROM projects WHERE parent_id = :id").bind("id", parentId).mapTo(String.class).list();
    }

    /** Ancestors nearest first; top-level projects have none. */
    public static List<String> ancestorIds(Handle h, String projectId)
    {
        List<String> ancestors = new ArrayList<>();
        Optional<String> parent = h.createQuery("SELECT parent_id FROM projects WHERE id = :id").bind("id", projectId)
                .mapTo(String.class).findOne();
        while (parent.isPresent() && parent.get() != null && ancestors.size() < 64) {
            String id = parent.get();
            ancestors.add(id);
            parent = h.createQuery("SELECT parent_id FROM projects WHERE id = :id").bind("id", id).mapTo(String.class).findOne();
        }
        return ancestors;
    }

    public static List<String> subtreeIds(Handle h, String projectId)
    {
        List<String> result = new ArrayList<>();
        List<String> frontier = List.of(projectId);
        while (!frontier.isEmpty() && result.size() < 100_000) {
            List<String> next = new ArrayList<>();
            for (String id : frontier) {
                next.addAll(childProjectIds(h, id));
            }
            result.addAll(next);
            frontier = next;
        }
        return result;
    }

    /** A project's domain, without loading the project (token issue asks this for every scope). */
    public static Optional<String> domainIdOfProject(Handle h, String projectId)
    {
        return h.createQuery("SELECT domain_id FROM projects WHERE id = :id").bind("id", projectId).mapTo(String.class).findOne();
    }
}

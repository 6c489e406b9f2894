package io.xloud.core.events.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.xloud.core.db.UnitOfWork;
import io.xloud.core.events.EventTypePattern;
import io.xloud.core.events.Subscription;
import io.xloud.core.json.Json;
import org.jdbi.v3.core.Handle;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Webhook subscriptions. */
public final class SubscriptionStore
{
    private static final String COLUMNS = "id, project_id, all_projects, url, patterns, secret, enabled, created_at, updated_at";

    private final UnitOfWork work;

    public SubscriptionStore(UnitOfWork work)
    {
        this.work = requireNonNull(work, "work is null");
    }

    public void insert(Subscription subscription)
    {
        work.transaction(h -> h.createUpdate("INSERT INTO event_subscriptions (" + COLUMNS + ") "
                        + "VALUES (:id, :project, :all, :url, :patterns, :secret, :enabled, :created, :updated)")
                .bind("id", subscription.id())
                .bind("project", subscription.projectId())
                .bind("all", subscription.allProjects())
                .bind("url", subscription.url())
                .bind("patterns", patterns(subscription.patterns()))
                .bind("secret", subscription.secret())
                .bind("enabled", subscription.enabled())
                .bind("created", subscription.createdAt().toEpochMilli())
                .bind("updated", subscription.updatedAt().toEpochMilli())
                .execute());
    }

    public void update(Subscription subscription)
    {
        work.transaction(h -> h.createUpdate("UPDATE event_subscriptions SET all_projects = :all, url = :url, patterns = :patterns, secret = :secret, "
                        + "enabled = :enabled, updated_at = :updated WHERE id = :id")
                .bind("id", subscription.id())
                .bind("all", subscription.allProjects())
                .bind("url", subscription.url())
                .bind("patterns", patterns(subscription.patterns()))
                .bind("secret", subscription.secret())
                .bind("enabled", subscription.enabled())
                .bind("updated", subscription.updatedAt().toEpochMilli())
                .execute());
    }

    /** The subscription with its deliveries; false when there was none. */
    public boolean delete(String id)
    {
        return work.transaction(h -> {
            h.createUpdate("DELETE FROM event_deliveries WHERE subscription_id = :id").bind("id", id).execute();
            return h.createUpdate("DELETE FROM event_subscriptions WHERE id = :id").bind("id", id).execute() == 1;
        });
    }

    public Optional<Subscription> get(String id)
    {
        return work.handle(h -> h.createQuery("SELECT " + COLUMNS + " FROM event_subscriptions WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> subscription(rs))
                .findOne());
    }

    /** A project's subscriptions (every project's with {@code project} empty), oldest first. */
    public List<Subscription> list(Optional<String> project, int limit)
    {
        return work.handle(h -> h.createQuery("SELECT " + COLUMNS + " FROM event_subscriptions"
                        + (project.isPresent() ? " WHERE project_id = :project" : "") + " ORDER BY created_at, id LIMIT :limit")
                .bind("project", project.orElse(""))
                .bind("limit", limit)
                .map((rs, ctx) -> subscription(rs))
                .list());
    }

    public long count(String project)
    {
        return work.handle(h -> h.createQuery("SELECT COUNT(*) FROM event_subscriptions WHERE project_id = :project")
                .bind("project", project).mapTo(Long.class).one());
    }

    static List<Subscription> enabled(Handle h)
    {
        return h.createQuery("SELECT " + COLUMNS + " FROM event_subscriptions WHERE enabled = TRUE").map((rs, ctx) -> subscription(rs)).list();
    }

    static Subscription subscription(ResultSet rs)
            throws SQLException
    {
        return new Subscription(rs.getString("id"), rs.getString("project_id"), rs.getBoolean("all_projects"), rs.getString("url"),
                patterns(rs.getString("patterns")), rs.getString("secret"), rs.getBoolean("enabled"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));
    }

    private static String patterns(List<EventTypePattern> patterns)
    {
        return Json.string(patterns.stream().map(EventTypePattern::pattern).toList());
    }

    static List<EventTypePattern> patterns(String json)
    {
        try {
            return Json.mapper().readValue(json, new TypeReference<List<String>>() {}).stream().map(EventTypePattern::new).toList();
        }
        catch (IOException e) {
            throw new IllegalStateException("corrupt subscription patterns", e);
        }
    }
}

package io.xloud.core.events;

import io.xloud.core.db.UnitOfWork;
import io.xloud.core.json.Json;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static java.util.Objects.requireNonNull;

/**
 * Writes events into the {@code events} table inside the caller's transaction. A commit that carried events wakes
 * this process's delivery workers at once; other nodes find the events at their next poll.
 */
public final class EventOutbox
        implements EventPublisher
{
    private static final List<Runnable> COMMIT_LISTENERS = new CopyOnWriteArrayList<>();

    private final UnitOfWork work;

    public EventOutbox(UnitOfWork work)
    {
        this.work = requireNonNull(work, "work is null");
    }

    @Override
    public void publish(Event event)
    {
        Handle handle = work.current().orElseThrow(() -> new IllegalStateException("an event is published outside a unit of work: " + event.type()));
        insert(handle, event);
    }

    /** For code that holds its transaction's handle itself. */
    public static void insert(Handle handle, Event event)
    {
        requireNonNull(handle, "handle is null");
        requireNonNull(event, "event is null");
        if (!handle.isInTransaction()) {
            throw new IllegalStateException("an event is published outside a transaction: " + event.type());
        }
        handle.createUpdate("INSERT INTO events (id, type, project_id, resource_type, resource_id, created_at, payload) "
                        + "VALUES (:id, :type, :project, :resourceType, :resourceId, :at, :payload)")
                .bind("id", event.id())
                .bind("type", event.type())
                .bind("project", event.projectId().orElse(null))
                .bind("resourceType", event.resourceType())
                .bind("resourceId", event.resourceId())
                .bind("at", event.time().toEpochMilli())
                .bind("payload", Json.string(event.payload()))
                .execute();
        handle.afterCommit(EventOutbox::committed);
    }

    public static void onCommit(Runnable listener)
    {
        COMMIT_LISTENERS.add(listener);
    }

    public static void removeListener(Runnable listener)
    {
        COMMIT_LISTENERS.remove(listener);
    }

    private static void committed()
    {
        COMMIT_LISTENERS.forEach(Runnable::run);
    }
}

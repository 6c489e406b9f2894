package io.xloud.core.events;

/**
 * Where a service records a state change. The event is written in the unit of work open on the calling thread,
 * so it commits with the change or not at all.
 */
@FunctionalInterface
public interface EventPublisher
{
    /** @throws IllegalStateException when no unit of work is open: an event outside the change's transaction is a bug */
    void publish(Event event);

    /** For a service started alone, without the events kernel. */
    static EventPublisher none()
    {
        return event -> {};
    }
}

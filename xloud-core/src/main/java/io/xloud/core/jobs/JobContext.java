package io.xloud.core.jobs;

import java.util.function.BooleanSupplier;

import static java.util.Objects.requireNonNull;

/**
 * What a handler gets: the job's id, payload, which attempt this is (from 1), and the node running it.
 * A long handler checks {@link #isStopping()} between steps: once true, its node is closing and has given
 * the job back (or lost its lease), so whatever it returns is dropped and another node runs the job again. Handlers are not
 * interrupted, because an interrupt closes the embedded database's files.
 */
public record JobContext(long jobId, String kind, String payload, int attempt, String nodeId, BooleanSupplier stopping)
{
    public JobContext
    {
        requireNonNull(kind, "kind is null");
        requireNonNull(payload, "payload is null");
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(stopping, "stopping is null");
    }

    public boolean isStopping()
    {
        return stopping.getAsBoolean();
    }
}

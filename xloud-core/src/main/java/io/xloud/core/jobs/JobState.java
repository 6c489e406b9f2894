package io.xloud.core.jobs;

import java.util.Locale;

/**
 * Where a job is: {@code QUEUED} waits for {@code run_after}; {@code RUNNING} is held by a node's lease;
 * {@code FAILED} means an attempt failed and a retry waits for its backoff; {@code SUCCEEDED} and
 * {@code DEAD} (every attempt failed) are final.
 */
public enum JobState
{
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    DEAD;

    public String sqlName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobState fromSql(String value)
    {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public boolean isFinal()
    {
        return this == SUCCEEDED || this == DEAD;
    }
}

package io.xloud.core.jobs;

/**
 * The work of one kind of job. A handler must be idempotent: a job runs at least once, and may run again
 * after a node died mid-job (its lease expired), after a failed attempt, or after a shutdown released it;
 * each run must leave the same outcome as one run. It returns a result (JSON or short text, cut to 4000
 * characters) stored on the job, or throws to fail the attempt (retried with backoff, then dead).
 */
@FunctionalInterface
public interface JobHandler
{
    String handle(JobContext context)
            throws Exception;
}

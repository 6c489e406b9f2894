package io.xloud.core.error;

/**
 * A kind of failure a service reports: its HTTP status and the title OpenStack puts on it.
 * Each service has its own enum; the kernel has {@link CoreErrorCode} for what every service shares.
 */
public interface ErrorCode
{
    int status();

    /** OpenStack's title for the status, e.g. "Not Found"; the wire name where a dialect has one. */
    String title();

    String name();
}

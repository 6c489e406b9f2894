package io.xloud.core.module;

import static java.util.Objects.requireNonNull;

/** A resource a service counts against a project's quota ({@code volumes}, {@code gigabytes}), with its default limit; -1 is unlimited. */
public record QuotaResource(String name, long defaultLimit)
{
    public QuotaResource
    {
        requireNonNull(name, "name is null");
        if (!name.matches("[a-z][a-z0-9_]{0,47}")) {
            throw new IllegalArgumentException("quota resource name must be lower case letters, digits and '_': '" + name + "'");
        }
        if (defaultLimit < -1) {
            throw new IllegalArgumentException("quota default of " + name + " must be -1 (unlimited) or more, not " + defaultLimit);
        }
    }
}

package io.xloud.objectstore.api;

import java.util.Locale;

/** Validation of X-Container-Sync-To values; syncing itself is not served yet, and /info does not claim it. */
final class ContainerSync
{
    private ContainerSync() {}

    /** {@code //realm/cluster/AUTH_account/container}, or an http(s) URL of a container. */
    static void validateTarget(String value)
    {
        String lower = value.toLowerCase(Locale.ROOT);
        if (value.startsWith("//")) {
            String[] parts = value.substring(2).split("/", -1);
            if (parts.length != 4 || java.util.Arrays.stream(parts).anyMatch(String::isEmpty)) {
                throw SwiftApi.badRequest("Invalid X-Container-Sync-To format " + value);
            }
            return;
        }
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw SwiftApi.badRequest("Invalid scheme '" + value + "' in X-Container-Sync-To, must be \"//\", \"http\", or \"https\".");
        }
    }
}

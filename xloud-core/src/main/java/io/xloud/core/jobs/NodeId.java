package io.xloud.core.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** This process among the nodes: a random id per start (a restart is a new node), and the host name for the log. */
public record NodeId(String id, String host)
{
    public NodeId
    {
        requireNonNull(id, "id is null");
        requireNonNull(host, "host is null");
    }

    public static NodeId random()
    {
        return new NodeId(UUID.randomUUID().toString(), hostName());
    }

    /** The host name without a DNS lookup (InetAddress.getLocalHost can take seconds where the name does not resolve). */
    private static String hostName()
    {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            }
            catch (IOException | RuntimeException e) {
                host = "";
            }
        }
        return host.isBlank() ? "unknown" : host;
    }

    /** How job rows name this node: the id first, so a cut to the column's length keeps it unique. */
    public String owner()
    {
        String owner = id + "@" + host;
        return owner.length() <= 128 ? owner : owner.substring(0, 128);
    }

    @Override
    public String toString()
    {
        return owner();
    }
}

package io.xloud.core.jobs;

import java.net.InetAddress;
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
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        }
        catch (Exception e) {
            host = "unknown";
        }
        return new NodeId(UUID.randomUUID().toString(), host);
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

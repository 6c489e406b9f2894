package io.xloud.network.store;

import org.jdbi.v3.core.Handle;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** What RBAC policies read and set on the core's networks and ports. */
public final class NetworkRbacStore
{
    /** The network columns a wildcard policy stands for. */
    public enum Flag
    {
        SHARED("shared"),
        EXTERNAL("router_external");

        private final String column;

        Flag(String column)
        {
            this.column = column;
        }
    }

    private NetworkRbacStore() {}

    public static Optional<String> owner(Handle h, String networkId)
    {
        return h.createQuery("SELECT project_id FROM networks WHERE id = :id").bind("id", networkId).mapTo(String.class).findOne();
    }

    public static Set<String> portProjects(Handle h, String networkId)
    {
        return new HashSet<>(h.createQuery("SELECT DISTINCT project_id FROM ports WHERE network_id = :id").bind("id", networkId).mapTo(String.class).list());
    }

    public static void setFlag(Handle h, String networkId, Flag flag, boolean value)
    {
        h.createUpdate("UPDATE networks SET " + flag.column + " = :value, revision_number = revision_number + 1 WHERE id = :id")
                .bind("value", value).bind("id", networkId).execute();
    }

    /** Projects other than the owner with ports of their own (not the network's service ports) on the network. */
    public static Set<String> otherPortProjects(Handle h, String networkId, String ownerProjectId)
    {
        return new HashSet<>(h.createQuery("SELECT DISTINCT project_id FROM ports WHERE network_id = :id AND project_id <> :owner "
                        + "AND COALESCE(device_owner, '') NOT LIKE 'network:%'")
                .bind("id", networkId).bind("owner", ownerProjectId).mapTo(String.class).list());
    }

    /** Whether a router has its gateway on the network. */
    public static boolean hasRouterGateway(Handle h, String networkId)
    {
        return h.createQuery("SELECT COUNT(*) FROM ports WHERE network_id = :id AND device_owner = 'network:router_gateway'")
                .bind("id", networkId).mapTo(Long.class).one() > 0;
    }
}

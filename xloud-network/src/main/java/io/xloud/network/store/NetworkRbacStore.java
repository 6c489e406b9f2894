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
}

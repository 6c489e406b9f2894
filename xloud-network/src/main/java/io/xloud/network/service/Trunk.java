package io.xloud.network.service;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A trunk (trunk): a parent port and its subports. {@code status} is ACTIVE while the parent port is bound to a host
 * ({@code binding:host_id} set), else DOWN; Xloud has no agents that could put a trunk in BUILD or DEGRADED.
 */
public record Trunk(String id, String name, String portId, boolean adminStateUp, String status, List<SubPort> subPorts, Standard standard)
{
    public static final String ACTIVE = "ACTIVE";
    public static final String DOWN = "DOWN";

    public Trunk
    {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(portId, "portId is null");
        requireNonNull(status, "status is null");
        subPorts = List.copyOf(subPorts);
        requireNonNull(standard, "standard is null");
    }

    public String projectId()
    {
        return standard.projectId();
    }

    /** What a parent port shows as {@code trunk_details} (trunk-details): each subport with its MAC address. */
    public record Details(String trunkId, List<Detail> subPorts)
    {
        public Details
        {
            requireNonNull(trunkId, "trunkId is null");
            subPorts = List.copyOf(subPorts);
        }
    }

    public record Detail(SubPort subPort, String macAddress)
    {
        public Detail
        {
            requireNonNull(subPort, "subPort is null");
            requireNonNull(macAddress, "macAddress is null");
        }
    }
}

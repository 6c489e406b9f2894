package io.xloud.network.service;

import static java.util.Objects.requireNonNull;

/**
 * A port forwarding of a floating IP (floating-ip-port-forwarding, with port ranges): traffic of {@code protocol} to
 * the floating IP's external ports goes to the same-sized range of internal ports of a fixed address of a port.
 */
public record PortForwarding(
        String id,
        String floatingIpId,
        String projectId,
        String internalPortId,
        String internalIpAddress,
        String protocol,
        PortRange internalPorts,
        PortRange externalPorts,
        String description)
{
    /** A range of layer-4 ports, one port when {@code first == last}. */
    public record PortRange(int first, int last)
    {
        public PortRange
        {
            if (first < 1 || last > 65535 || first > last) {
                throw new IllegalArgumentException("invalid port range " + first + ":" + last);
            }
        }

        public boolean single()
        {
            return first == last;
        }

        public int size()
        {
            return last - first + 1;
        }

        public boolean overlaps(PortRange other)
        {
            return first <= other.last && other.first <= last;
        }

        @Override
        public String toString()
        {
            return first + ":" + last;
        }
    }

    public PortForwarding
    {
        requireNonNull(id, "id is null");
        requireNonNull(floatingIpId, "floatingIpId is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(internalPortId, "internalPortId is null");
        requireNonNull(internalIpAddress, "internalIpAddress is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(internalPorts, "internalPorts is null");
        requireNonNull(externalPorts, "externalPorts is null");
        requireNonNull(description, "description is null");
    }
}

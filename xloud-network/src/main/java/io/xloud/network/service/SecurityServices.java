package io.xloud.network.service;

import io.xloud.network.store.AddressGroupStore;
import io.xloud.network.store.QosStore;
import io.xloud.network.store.SecurityGroupStore;

import static java.util.Objects.requireNonNull;

/** The services of security groups, address groups and QoS, over their stores in the module's unit of work. */
public final class SecurityServices
{
    private final SecurityGroupService securityGroups;
    private final AddressGroupService addressGroups;
    private final QosService qos;

    public SecurityServices(NetworkContext context, PortService ports, NetworkService networks, FloatingIpService floatingIps)
    {
        requireNonNull(context, "context is null");
        SecurityGroupStore groupStore = new SecurityGroupStore(context.work());
        AddressGroupStore addressGroupStore = new AddressGroupStore(context.work());
        this.securityGroups = new SecurityGroupService(context, groupStore, addressGroupStore);
        this.addressGroups = new AddressGroupService(context, addressGroupStore, groupStore);
        this.qos = new QosService(context, new QosStore(context.work()));
        // the port and network resources ask these through their hooks
        ports.useSecurityGroups(securityGroups.forPorts());
        ports.useQos(qos.forAttachments());
        networks.useQos(qos.forAttachments());
        floatingIps.useQos(qos.forAttachments());
    }

    public SecurityGroupService securityGroups()
    {
        return securityGroups;
    }

    public AddressGroupService addressGroups()
    {
        return addressGroups;
    }

    public QosService qos()
    {
        return qos;
    }
}

package io.xloud.network.service;

/**
 * What goes with a network when it is deleted, owned by other resources: a network is deleted with its unassociated
 * floating IPs, as Neutron's L3 plugin does. Called in the deletion's unit of work, before the ports still on the
 * network are checked; an exception refuses the deletion.
 */
@FunctionalInterface
public interface NetworkDependents
{
    void networkDeleting(Network network);
}

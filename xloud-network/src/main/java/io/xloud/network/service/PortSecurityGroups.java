package io.xloud.network.service;

import java.util.List;
import java.util.Optional;

/**
 * What ports need from security groups, which their own resource owns: a project's default group (made on first use)
 * and whether groups a port names exist for the port's project. Called inside the port's unit of work.
 */
public interface PortSecurityGroups
{
    /** The project's default group, made now if the project has none yet; empty when there are no security groups. */
    Optional<String> defaultGroup(String projectId);

    /** @throws io.xloud.core.error.ApiException 404 (SecurityGroupNotFound) for a group the port's project cannot use */
    void check(Caller caller, String projectId, List<String> securityGroupIds);

    /** Without a security-group resource: no default group, and any id is kept as given. */
    static PortSecurityGroups none()
    {
        return new PortSecurityGroups()
        {
            @Override
            public Optional<String> defaultGroup(String projectId)
            {
                return Optional.empty();
            }

            @Override
            public void check(Caller caller, String projectId, List<String> securityGroupIds)
            {
            }
        };
    }
}

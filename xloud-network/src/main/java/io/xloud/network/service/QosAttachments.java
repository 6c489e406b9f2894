package io.xloud.network.service;

import java.util.Optional;

/**
 * What ports and networks (and floating IPs) need from QoS, which its own resource owns: whether a project may attach a
 * policy (its own, or a shared one), and the project's default policy (qos-default), which a new network gets when it
 * names none.
 */
public interface QosAttachments
{
    /** @throws io.xloud.core.error.ApiException 404 (QosPolicyNotFound) for a policy the project cannot use */
    void check(Caller caller, String projectId, String policyId);

    Optional<String> defaultPolicy(String projectId);

    /** Without a QoS resource: any id is kept as given, and no project has a default policy. */
    static QosAttachments none()
    {
        return new QosAttachments()
        {
            @Override
            public void check(Caller caller, String projectId, String policyId)
            {
            }

            @Override
            public Optional<String> defaultPolicy(String projectId)
            {
                return Optional.empty();
            }
        };
    }
}

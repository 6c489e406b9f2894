package io.xloud.network.api;

import io.xloud.core.http.Router;
import io.xloud.network.service.NetworkServices;
import io.xloud.network.service.SecurityServices;

/** The routes of security groups and their rules, address groups and QoS. */
final class SecurityRoutes
{
    private SecurityRoutes() {}

    static void add(Router.Builder routes, NetworkServices services, NeutronLists lists)
    {
        SecurityServices security = services.security();
        new SecurityGroupResource(security.securityGroups(), services.standard(), lists).routes(routes);
        new SecurityGroupRuleResource(security.securityGroups(), lists).routes(routes);
        new AddressGroupResource(security.addressGroups(), services.standard(), lists).routes(routes);
        new QosPolicyResource(security.qos(), services.standard(), lists).routes(routes);
    }
}

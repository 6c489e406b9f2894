package io.xloud.identity.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.json.Json;
import io.xloud.identity.service.Domain;
import io.xloud.identity.service.Endpoint;
import io.xloud.identity.service.Project;
import io.xloud.identity.service.Role;
import io.xloud.identity.service.User;

/** The views several resources show: a project, a domain, a role, a user and an endpoint, as Keystone renders them. */
public final class IdentityViews
{
    private IdentityViews() {}

    public static ObjectNode project(IdentityApi api, Project project)
    {
        ObjectNode view = Json.object();
        view.put("id", project.id());
        view.put("name", project.name());
        view.put("domain_id", project.domainId());
        view.put("parent_id", project.parentId().orElse(project.domainId()));
        view.put("description", project.description().orElse(""));
        view.put("enabled", project.enabled());
        view.put("is_domain", false);
        ArrayNode tags = view.putArray("tags");
        project.tags().forEach(tags::add);
        view.putObject("options");
        view.set("links", api.links("/projects/" + project.id()));
        IdentityApi.putExtra(view, project.extra());
        return view;
    }

    public static ObjectNode domain(IdentityApi api, Domain domain)
    {
        ObjectNode view = Json.object();
        view.put("id", domain.id());
        view.put("name", domain.name());
        view.put("description", domain.description().orElse(""));
        view.put("enabled", domain.enabled());
        view.putArray("tags");
        view.putObject("options");
        view.set("links", api.links("/domains/" + domain.id()));
        IdentityApi.putExtra(view, domain.extra());
        return view;
    }

    public static ObjectNode role(IdentityApi api, Role role)
    {
        ObjectNode view = Json.object();
        view.put("id", role.id());
        view.put("name", role.name());
        view.put("domain_id", role.domainId().orElse(null));
        view.put("description", role.description().orElse(null));
        view.set("options", Json.mapper().valueToTree(role.options()));
        view.set("links", api.links("/roles/" + role.id()));
        IdentityApi.putExtra(view, role.extra());
        return view;
    }

    public static ObjectNode user(IdentityApi api, User user)
    {
        ObjectNode view = Json.object();
        view.put("id", user.id());
        view.put("name", user.name());
        view.put("domain_id", user.domainId());
        view.put("enabled", user.enabled());
        user.defaultProjectId().ifPresent(project -> view.put("default_project_id", project));
        view.put("password_expires_at", user.passwordExpiresAt().map(IdentityApi::resourceTime).orElse(null));
        view.set("options", Json.mapper().valueToTree(user.options()));
        view.set("links", api.links("/users/" + user.id()));
        IdentityApi.putExtra(view, user.extra());
        return view;
    }

    /** An endpoint as /v3/endpoints shows it; OS-EP-FILTER lists use the same shape. */
    public static ObjectNode endpoint(IdentityApi api, Endpoint endpoint)
    {
        ObjectNode view = Json.object();
        view.put("id", endpoint.id());
        view.put("service_id", endpoint.serviceId());
        view.put("interface", endpoint.interfaceName());
        view.put("url", endpoint.url());
        view.put("region_id", endpoint.regionId().orElse(null));
        view.put("region", endpoint.regionId().orElse(null));
        view.put("enabled", endpoint.enabled());
        view.set("links", api.links("/endpoints/" + endpoint.id()));
        IdentityApi.putExtra(view, endpoint.extra());
        return view;
    }
}

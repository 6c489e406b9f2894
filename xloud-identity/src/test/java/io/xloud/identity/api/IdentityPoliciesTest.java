package io.xloud.identity.api;

import io.xloud.core.policy.PolicyEngine;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityPoliciesTest
{
    // Building the engine parses every default and resolves every rule:NAME, so a typo fails here.
    private static final PolicyEngine ENGINE = new PolicyEngine(IdentityPolicies.defaults(), Map.of());

    private static final String DOMAIN = "d1";
    private static final String PROJECT = "p1";

    /** Credentials shaped like AuthContext.toCredentials() for a project-scoped token. */
    private static Map<String, Object> projectScoped(String userId, String... roles)
    {
        return Map.of(
                "user_id", userId,
                "user_domain_id", DOMAIN,
                "roles", List.of(roles),
                "project_id", PROJECT,
                "project_domain_id", DOMAIN);
    }

    private static Map<String, Object> systemScoped(String userId, String... roles)
    {
        return Map.of("user_id", userId, "user_domain_id", DOMAIN, "roles", List.of(roles), "system_scope", "all");
    }

    private static Map<String, Object> domainScoped(String userId, String... roles)
    {
        return Map.of("user_id", userId, "user_domain_id", DOMAIN, "roles", List.of(roles), "domain_id", DOMAIN);
    }

    @Test
    void everyDefaultRuleIsLoaded()
    {
        assertThat(ENGINE.ruleNames()).isEqualTo(IdentityPolicies.defaults().keySet());
        assertThat(ENGINE.ruleNames()).contains(
                "admin_required", "service_or_admin", "token_subject", "domain_managed_target_role",
                "identity:validate_token", "identity:get_auth_catalog", "identity:create_project", "identity:list_users",
                "identity:create_grant", "identity:list_role_assignments_for_tree", "identity:ec2_create_credential",
                "identity:create_application_credential", "identity:get_trust", "identity:add_endpoint_group_to_project",
                "identity:create_registered_limits", "identity:list_revoke_events");
    }

    @Test
    void projectAdminMayCreateProject()
    {
        Map<String, Object> target = Map.of("target.project.domain_id", DOMAIN);

        assertThat(ENGINE.enforce("identity:create_project", projectScoped("admin", "admin", "member", "reader"), target)).isTrue();
    }

    @Test
    void projectMemberMayNotCreateProject()
    {
        Map<String, Object> target = Map.of("target.project.domain_id", DOMAIN);

        assertThat(ENGINE.enforce("identity:create_project", projectScoped("alice", "member", "reader"), target)).isFalse();
    }

    @Test
    void domainManagerMayCreateProjectOnlyInTheirDomain()
    {
        Map<String, Object> manager = domainScoped("manager", "manager");

        assertThat(ENGINE.enforce("identity:create_project", manager, Map.of("target.project.domain_id", DOMAIN))).isTrue();
        assertThat(ENGINE.enforce("identity:create_project", manager, Map.of("target.project.domain_id", "d2"))).isFalse();
    }

    @Test
    void systemReaderMayListUsers()
    {
        assertThat(ENGINE.enforce("identity:list_users", systemScoped("auditor", "reader"), Map.of())).isTrue();
    }

    @Test
    void projectMemberMayNotListUsers()
    {
        assertThat(ENGINE.enforce("identity:list_users", projectScoped("alice", "member", "reader"), Map.of("target.domain_id", DOMAIN)))
                .isFalse();
    }

    @Test
    void userMayGetThemselvesButNotOthers()
    {
        Map<String, Object> alice = projectScoped("alice", "member");

        assertThat(ENGINE.enforce("identity:get_user", alice, Map.of("target.user.id", "alice", "target.user.domain_id", DOMAIN))).isTrue();
        assertThat(ENGINE.enforce("identity:get_user", alice, Map.of("target.user.id", "bob", "target.user.domain_id", DOMAIN))).isFalse();
    }

    @Test
    void projectMemberMayValidateOnlyTheirOwnToken()
    {
        Map<String, Object> alice = projectScoped("alice", "member");

        assertThat(ENGINE.enforce("identity:validate_token", alice, Map.of("target.token.user_id", "alice"))).isTrue();
        assertThat(ENGINE.enforce("identity:validate_token", alice, Map.of("target.token.user_id", "bob"))).isFalse();
    }

    @Test
    void serviceMayValidateAnyToken()
    {
        assertThat(ENGINE.enforce("identity:validate_token", projectScoped("nova", "service"), Map.of("target.token.user_id", "bob"))).isTrue();
    }

    @Test
    void domainManagerMayGrantMemberButNotAdmin()
    {
        Map<String, Object> manager = domainScoped("manager", "manager");
        Map<String, Object> grantMember = Map.of(
                "target.user.domain_id", DOMAIN, "target.project.domain_id", DOMAIN, "target.role.name", "member");
        Map<String, Object> grantAdmin = Map.of(
                "target.user.domain_id", DOMAIN, "target.project.domain_id", DOMAIN, "target.role.name", "admin");

        assertThat(ENGINE.enforce("identity:create_grant", manager, grantMember)).isTrue();
        assertThat(ENGINE.enforce("identity:create_grant", manager, grantAdmin)).isFalse();
    }

    @Test
    void anyAuthenticatedUserMayReadTheirCatalog()
    {
        assertThat(ENGINE.enforce("identity:get_auth_catalog", projectScoped("alice"), Map.of())).isTrue();
    }
}

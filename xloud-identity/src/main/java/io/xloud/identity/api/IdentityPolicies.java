package io.xloud.identity.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keystone's default policy rules, name to check string, as keystone/common/policies/*.py define them
 * (current release line: the 2024.2 domain manager persona, the s3tokens/ec2tokens restriction).
 * Keystone builds its check strings from constants such as SYSTEM_READER; these are the strings it generates,
 * so they compare one to one with {@code oslopolicy-sample-generator --namespace keystone}.
 * Deprecated fallback rules are left out: operators override by name in policy.yaml instead.
 */
public final class IdentityPolicies
{
    private static final String ANYONE = "";
    private static final String ADMIN_REQUIRED = "rule:admin_required";
    private static final String ADMIN_OR_SYSTEM_READER = "rule:admin_required or (role:reader and system_scope:all)";
    private static final String SERVICE_OR_ADMIN = "rule:service_or_admin";

    private static final String ADMIN_OR_READER_OR_CREDENTIAL_OWNER =
            "(rule:admin_required) or (role:reader and system_scope:all) or user_id:%(target.credential.user_id)s";
    private static final String ADMIN_OR_DOMAIN_GROUP_READER =
            "(rule:admin_required) or (role:reader and system_scope:all) or (role:reader and domain_id:%(target.group.domain_id)s)";
    private static final String ADMIN_OR_DOMAIN_GROUP_MANAGER =
            "(rule:admin_required) or (role:manager and domain_id:%(target.group.domain_id)s)";
    private static final String ADMIN_OR_DOMAIN_GROUP_AND_USER_MANAGER =
            "(rule:admin_required) or (role:manager and domain_id:%(target.group.domain_id)s and domain_id:%(target.user.domain_id)s)";
    private static final String ADMIN_OR_PROJECT_READER =
            "(rule:admin_required) or (role:reader and system_scope:all) or "
                    + "(role:reader and domain_id:%(target.project.domain_id)s and not None:%(target.project.domain_id)s) or "
                    + "project_id:%(target.project.id)s";
    private static final String ADMIN_OR_DOMAIN_PROJECT_MANAGER =
            "(rule:admin_required) or (role:manager and domain_id:%(target.project.domain_id)s and not None:%(target.project.domain_id)s)";
    private static final String ADMIN_OR_DOMAIN_READER =
            "(rule:admin_required) or (role:reader and system_scope:all) or (role:reader and domain_id:%(target.domain_id)s)";
    private static final String ADMIN_OR_DOMAIN_USER_MANAGER =
            "(rule:admin_required) or (role:manager and token.domain.id:%(target.user.domain_id)s)";
    private static final String ADMIN_OR_TRUSTOR_OR_TRUSTEE =
            "(rule:admin_required) or (role:reader and system_scope:all or user_id:%(target.trust.trustor_user_id)s "
                    + "or user_id:%(target.trust.trustee_user_id)s)";

    // Grants serve users and groups on projects and domains alike, hence the four domain matches.
    private static final String CHECK_GRANT =
            "(rule:admin_required) or ((role:reader and system_scope:all) or "
                    + "((role:reader and domain_id:%(target.user.domain_id)s and domain_id:%(target.project.domain_id)s) or "
                    + "(role:reader and domain_id:%(target.user.domain_id)s and domain_id:%(target.domain.id)s) or "
                    + "(role:reader and domain_id:%(target.group.domain_id)s and domain_id:%(target.project.domain_id)s) or "
                    + "(role:reader and domain_id:%(target.group.domain_id)s and domain_id:%(target.domain.id)s)) and "
                    + "(domain_id:%(target.role.domain_id)s or None:%(target.role.domain_id)s))";
    private static final String LIST_GRANTS =
            "(rule:admin_required) or ((role:reader and system_scope:all) or "
                    + "(role:reader and domain_id:%(target.user.domain_id)s and domain_id:%(target.project.domain_id)s) or "
                    + "(role:reader and domain_id:%(target.user.domain_id)s and domain_id:%(target.domain.id)s) or "
                    + "(role:reader and domain_id:%(target.group.domain_id)s and domain_id:%(target.project.domain_id)s) or "
                    + "(role:reader and domain_id:%(target.group.domain_id)s and domain_id:%(target.domain.id)s))";
    private static final String CHANGE_GRANT =
            "(rule:admin_required) or "
                    + "((role:admin and domain_id:%(target.user.domain_id)s and domain_id:%(target.project.domain_id)s) or "
                    + "(role:admin and domain_id:%(target.user.domain_id)s and domain_id:%(target.domain.id)s) or "
                    + "(role:admin and domain_id:%(target.group.domain_id)s and domain_id:%(target.project.domain_id)s) or "
                    + "(role:admin and domain_id:%(target.group.domain_id)s and domain_id:%(target.domain.id)s)) and "
                    + "(domain_id:%(target.role.domain_id)s or None:%(target.role.domain_id)s) or "
                    + "((role:manager and domain_id:%(target.user.domain_id)s and domain_id:%(target.project.domain_id)s) or "
                    + "(role:manager and domain_id:%(target.user.domain_id)s and domain_id:%(target.domain.id)s) or "
                    + "(role:manager and domain_id:%(target.group.domain_id)s and domain_id:%(target.project.domain_id)s) or "
                    + "(role:manager and domain_id:%(target.group.domain_id)s and domain_id:%(target.domain.id)s)) and "
                    + "rule:domain_managed_target_role";

    private static final Map<String, String> DEFAULTS = build();

    private IdentityPolicies() {}

    /** Every default rule, in Keystone's declaration order. */
    public static Map<String, String> defaults()
    {
        return DEFAULTS;
    }

    private static Map<String, String> build()
    {
        Map<String, String> rules = new LinkedHashMap<>();

        // Base rules (base.py)
        rule(rules, "admin_required", "role:admin or is_admin:1");
        rule(rules, "service_role", "role:service");
        rule(rules, "service_or_admin", "rule:admin_required or rule:service_role");
        rule(rules, "owner", "user_id:%(user_id)s");
        rule(rules, "admin_or_owner", "rule:admin_required or rule:owner");
        rule(rules, "token_subject", "user_id:%(target.token.user_id)s");
        rule(rules, "admin_or_token_subject", "rule:admin_required or rule:token_subject");
        rule(rules, "service_admin_or_token_subject", "rule:service_or_admin or rule:token_subject");
        rule(rules, "domain_managed_target_role",
                "'manager':%(target.role.name)s or 'member':%(target.role.name)s or 'reader':%(target.role.name)s");

        // Access rules of application credentials (access_rule.py)
        rule(rules, "identity:get_access_rule", "(role:reader and system_scope:all) or user_id:%(target.user.id)s");
        rule(rules, "identity:list_access_rules", "(role:reader and system_scope:all) or user_id:%(target.user.id)s");
        rule(rules, "identity:delete_access_rule", "(role:admin and system_scope:all) or user_id:%(target.user.id)s");

        // OAuth1 access tokens (access_token.py)
        rule(rules, "identity:authorize_request_token", ADMIN_REQUIRED);
        rule(rules, "identity:get_access_token", ADMIN_REQUIRED);
        rule(rules, "identity:get_access_token_role", ADMIN_REQUIRED);
        rule(rules, "identity:list_access_tokens", ADMIN_REQUIRED);
        rule(rules, "identity:list_access_token_roles", ADMIN_REQUIRED);
        rule(rules, "identity:delete_access_token", ADMIN_REQUIRED);

        // Application credentials (application_credential.py)
        rule(rules, "identity:get_application_credential", "(rule:admin_required) or (role:reader and system_scope:all) or rule:owner");
        rule(rules, "identity:list_application_credentials", "(rule:admin_required) or (role:reader and system_scope:all) or rule:owner");
        rule(rules, "identity:create_application_credential", "user_id:%(user_id)s");
        rule(rules, "identity:delete_application_credential", "rule:admin_or_owner");

        // Auth: catalog and scopes of the token in hand (auth.py)
        rule(rules, "identity:get_auth_catalog", ANYONE);
        rule(rules, "identity:get_auth_projects", ANYONE);
        rule(rules, "identity:get_auth_domains", ANYONE);
        rule(rules, "identity:get_auth_system", ANYONE);

        // OAuth1 consumers (consumer.py)
        rule(rules, "identity:get_consumer", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:list_consumers", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:create_consumer", ADMIN_REQUIRED);
        rule(rules, "identity:update_consumer", ADMIN_REQUIRED);
        rule(rules, "identity:delete_consumer", ADMIN_REQUIRED);

        // Credentials (credential.py)
        rule(rules, "identity:get_credential", ADMIN_OR_READER_OR_CREDENTIAL_OWNER);
        rule(rules, "identity:list_credentials", ADMIN_OR_READER_OR_CREDENTIAL_OWNER);
        rule(rules, "identity:create_credential", "(rule:admin_required) or user_id:%(target.credential.user_id)s");
        rule(rules, "identity:update_credential", "(rule:admin_required) or user_id:%(target.credential.user_id)s");
        rule(rules, "identity:delete_credential", "(rule:admin_required) or user_id:%(target.credential.user_id)s");

        // Domains (domain.py)
        rule(rules, "identity:get_domain", "rule:admin_required or (role:reader and system_scope:all) or "
                + "token.domain.id:%(target.domain.id)s or token.project.domain.id:%(target.domain.id)s");
        rule(rules, "identity:list_domains",
                "rule:admin_required or (role:reader and system_scope:all) or (role:reader and domain_id:%(target.domain.id)s)");
        rule(rules, "identity:create_domain", ADMIN_REQUIRED);
        rule(rules, "identity:update_domain", ADMIN_REQUIRED);
        rule(rules, "identity:delete_domain", ADMIN_REQUIRED);

        // Domain configuration (domain_config.py)
        rule(rules, "identity:create_domain_config", ADMIN_REQUIRED);
        rule(rules, "identity:get_domain_config", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:get_security_compliance_domain_config", ANYONE);
        rule(rules, "identity:update_domain_config", ADMIN_REQUIRED);
        rule(rules, "identity:delete_domain_config", ADMIN_REQUIRED);
        rule(rules, "identity:get_domain_config_default", ADMIN_OR_SYSTEM_READER);

        // EC2 credentials (ec2_credential.py)
        rule(rules, "identity:ec2_get_credential", ADMIN_OR_READER_OR_CREDENTIAL_OWNER);
        rule(rules, "identity:ec2_list_credentials", "(rule:admin_required) or (role:reader and system_scope:all) or rule:owner");
        rule(rules, "identity:ec2_create_credential", "(rule:admin_required) or (role:member and user_id:%(target.credential.user_id)s)");
        rule(rules, "identity:ec2_delete_credential", "(rule:admin_required) or (role:member and user_id:%(target.credential.user_id)s)");

        // Endpoints (endpoint.py)
        rule(rules, "identity:get_endpoint", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:list_endpoints", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:create_endpoint", ADMIN_REQUIRED);
        rule(rules, "identity:update_endpoint", ADMIN_REQUIRED);
        rule(rules, "identity:delete_endpoint", ADMIN_REQUIRED);

        // Endpoint groups, OS-EP-FILTER (endpoint_group.py)
        rule(rules, "identity:create_endpoint_group", ADMIN_REQUIRED);
        rule(rules, "identity:list_endpoint_groups", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:get_endpoint_group", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:update_endpoint_group", ADMIN_REQUIRED);
        rule(rules, "identity:delete_endpoint_group", ADMIN_REQUIRED);
        rule(rules, "identity:list_projects_associated_with_endpoint_group", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:list_endpoints_associated_with_endpoint_group", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:get_endpoint_group_in_project", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:list_endpoint_groups_for_project", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:add_endpoint_group_to_project", ADMIN_REQUIRED);
        rule(rules, "identity:remove_endpoint_group_from_project", ADMIN_REQUIRED);

        // Role grants on projects, domains and the system (grant.py)
        rule(rules, "identity:check_grant", CHECK_GRANT);
        rule(rules, "identity:list_grants", LIST_GRANTS);
        rule(rules, "identity:create_grant", CHANGE_GRANT);
        rule(rules, "identity:revoke_grant", CHANGE_GRANT);
        rule(rules, "identity:list_system_grants_for_user", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:check_system_grant_for_user", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:create_system_grant_for_user", ADMIN_REQUIRED);
        rule(rules, "identity:revoke_system_grant_for_user", ADMIN_REQUIRED);
        rule(rules, "identity:list_system_grants_for_group", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:check_system_grant_for_group", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:create_system_grant_for_group", ADMIN_REQUIRED);
        rule(rules, "identity:revoke_system_grant_for_group", ADMIN_REQUIRED);

        // Groups and their members (group.py)
        rule(rules, "identity:get_group", ADMIN_OR_DOMAIN_GROUP_READER);
        rule(rules, "identity:list_groups", ADMIN_OR_DOMAIN_GROUP_READER);
        rule(rules, "identity:list_groups_for_user", "(rule:admin_required) or (role:reader and system_scope:all) or "
                + "(role:reader and domain_id:%(target.user.domain_id)s) or user_id:%(user_id)s");
        rule(rules, "identity:create_group", ADMIN_OR_DOMAIN_GROUP_MANAGER);
        rule(rules, "identity:update_group", ADMIN_OR_DOMAIN_GROUP_MANAGER);
        rule(rules, "identity:delete_group", ADMIN_OR_DOMAIN_GROUP_MANAGER);
        rule(rules, "identity:list_users_in_group", ADMIN_OR_DOMAIN_GROUP_READER);
        rule(rules, "identity:remove_user_from_group", ADMIN_OR_DOMAIN_GROUP_AND_USER_MANAGER);
        rule(rules, "identity:check_user_in_group", "(rule:admin_required) or (role:reader and system_scope:all) or "
                + "(role:reader and domain_id:%(target.group.domain_id)s and domain_id:%(target.user.domain_id)s)");
        rule(rules, "identity:add_user_to_group", ADMIN_OR_DOMAIN_GROUP_AND_USER_MANAGER);

        // Federated identity providers (identity_provider.py)
        rule(rules, "identity:create_identity_provider", ADMIN_REQUIRED);
        rule(rules, "identity:list_identity_providers", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:get_identity_provider", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:update_identity_provider", ADMIN_REQUIRED);
        rule(rules, "identity:delete_identity_provider", ADMIN_REQUIRED);

        // Implied roles (implied_role.py)
        rule(rules, "identity:get_implied_role", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:list_implied_roles", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:create_implied_role", ADMIN_REQUIRED);
        rule(rules, "identity:delete_implied_role", ADMIN_REQUIRED);
        rule(rules, "identity:list_role_inference_rules", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:check_implied_role", ADMIN_OR_SYSTEM_READER);

        // Project and domain limits (limit.py)
        rule(rules, "identity:get_limit_model", ANYONE);
        rule(rules, "identity:get_limit", "rule:admin_required or (role:reader and system_scope:all) or "
                + "(domain_id:%(target.limit.domain.id)s or domain_id:%(target.limit.project.domain_id)s) or "
                + "(project_id:%(target.limit.project_id)s and not None:%(target.limit.project_id)s)");
        rule(rules, "identity:list_limits", ANYONE);
        rule(rules, "identity:create_limits", ADMIN_REQUIRED);
        rule(rules, "identity:update_limit", ADMIN_REQUIRED);
        rule(rules, "identity:delete_limit", ADMIN_REQUIRED);

        // Federation mappings (mapping.py)
        rule(rules, "identity:create_mapping", ADMIN_REQUIRED);
        rule(rules, "identity:get_mapping", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:list_mappings", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:delete_mapping", ADMIN_REQUIRED);
        rule(rules, "identity:update_mapping", ADMIN_REQUIRED);

        // Policy blobs (policy.py)
        rule(rules, "identity:get_policy", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:list_policies", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:create_policy", ADMIN_REQUIRED);
        rule(rules, "identity:update_policy", ADMIN_REQUIRED);
        rule(rules, "identity:delete_policy", ADMIN_REQUIRED);

        // Policy associations, OS-ENDPOINT-POLICY (policy_association.py)
        rule(rules, "identity:create_policy_association_for_endpoint", ADMIN_REQUIRED);
        rule(rules, "identity:check_policy_association_for_endpoint", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:delete_policy_association_for_endpoint", ADMIN_REQUIRED);
        rule(rules, "identity:create_policy_association_for_service", ADMIN_REQUIRED);
        rule(rules, "identity:check_policy_association_for_service", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:delete_policy_association_for_service", ADMIN_REQUIRED);
        rule(rules, "identity:create_policy_association_for_region_and_service", ADMIN_REQUIRED);
        rule(rules, "identity:check_policy_association_for_region_and_service", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:delete_policy_association_for_region_and_service", ADMIN_REQUIRED);
        rule(rules, "identity:get_policy_for_endpoint", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:list_endpoints_for_policy", ADMIN_OR_SYSTEM_READER);

        // Projects and project tags (project.py)
        rule(rules, "identity:get_project", ADMIN_OR_PROJECT_READER);
        rule(rules, "identity:list_projects", ADMIN_OR_DOMAIN_READER);
        rule(rules, "identity:list_user_projects", "(rule:admin_required) or (role:reader and system_scope:all) or "
                + "(role:reader and domain_id:%(target.user.domain_id)s) or user_id:%(target.user.id)s");
        rule(rules, "identity:create_project", ADMIN_OR_DOMAIN_PROJECT_MANAGER);
        rule(rules, "identity:update_project", ADMIN_OR_DOMAIN_PROJECT_MANAGER);
        rule(rules, "identity:delete_project", ADMIN_OR_DOMAIN_PROJECT_MANAGER);
        rule(rules, "identity:list_project_tags", ADMIN_OR_PROJECT_READER);
        rule(rules, "identity:get_project_tag", ADMIN_OR_PROJECT_READER);
        rule(rules, "identity:update_project_tags", ADMIN_OR_DOMAIN_PROJECT_MANAGER);
        rule(rules, "identity:create_project_tag", ADMIN_OR_DOMAIN_PROJECT_MANAGER);
        rule(rules, "identity:delete_project_tags", ADMIN_OR_DOMAIN_PROJECT_MANAGER);
        rule(rules, "identity:delete_project_tag", ADMIN_OR_DOMAIN_PROJECT_MANAGER);

        // Project endpoints, OS-EP-FILTER (project_endpoint.py)
        rule(rules, "identity:list_projects_for_endpoint", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:add_endpoint_to_project", ADMIN_REQUIRED);
        rule(rules, "identity:check_endpoint_in_project", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:list_endpoints_for_project", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:remove_endpoint_from_project", ADMIN_REQUIRED);

        // Federation protocols (protocol.py)
        rule(rules, "identity:create_protocol", ADMIN_REQUIRED);
        rule(rules, "identity:update_protocol", ADMIN_REQUIRED);
        rule(rules, "identity:get_protocol", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:list_protocols", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:delete_protocol", ADMIN_REQUIRED);

        // Regions (region.py)
        rule(rules, "identity:get_region", ANYONE);
        rule(rules, "identity:list_regions", ANYONE);
        rule(rules, "identity:create_region", ADMIN_REQUIRED);
        rule(rules, "identity:update_region", ADMIN_REQUIRED);
        rule(rules, "identity:delete_region", ADMIN_REQUIRED);

        // Registered limits (registered_limit.py)
        rule(rules, "identity:get_registered_limit", ANYONE);
        rule(rules, "identity:list_registered_limits", ANYONE);
        rule(rules, "identity:create_registered_limits", ADMIN_REQUIRED);
        rule(rules, "identity:update_registered_limit", ADMIN_REQUIRED);
        rule(rules, "identity:delete_registered_limit", ADMIN_REQUIRED);

        // Revocation events, OS-REVOKE (revoke_event.py)
        rule(rules, "identity:list_revoke_events", SERVICE_OR_ADMIN);

        // Roles and domain-specific roles (role.py)
        rule(rules, "identity:get_role",
                "(rule:admin_required or (role:reader and system_scope:all)) or (role:manager and rule:domain_managed_target_role)");
        rule(rules, "identity:list_roles",
                "(rule:admin_required or (role:reader and system_scope:all)) or (role:manager and not domain_id:None)");
        rule(rules, "identity:create_role", ADMIN_REQUIRED);
        rule(rules, "identity:update_role", ADMIN_REQUIRED);
        rule(rules, "identity:delete_role", ADMIN_REQUIRED);
        rule(rules, "identity:get_domain_role", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:list_domain_roles", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:create_domain_role", ADMIN_REQUIRED);
        rule(rules, "identity:update_domain_role", ADMIN_REQUIRED);
        rule(rules, "identity:delete_domain_role", ADMIN_REQUIRED);

        // Role assignments (role_assignment.py)
        rule(rules, "identity:list_role_assignments", ADMIN_OR_DOMAIN_READER);
        rule(rules, "identity:list_role_assignments_for_tree", ADMIN_OR_DOMAIN_READER);

        // S3 and EC2 signature validation, callable only by services since presigned URLs can be replayed (s3tokens.py, ec2tokens.py)
        rule(rules, "identity:s3tokens_validate", SERVICE_OR_ADMIN);
        rule(rules, "identity:ec2tokens_validate", SERVICE_OR_ADMIN);

        // Services (service.py)
        rule(rules, "identity:get_service", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:list_services", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:create_service", ADMIN_REQUIRED);
        rule(rules, "identity:update_service", ADMIN_REQUIRED);
        rule(rules, "identity:delete_service", ADMIN_REQUIRED);

        // Federated service providers (service_provider.py)
        rule(rules, "identity:create_service_provider", ADMIN_REQUIRED);
        rule(rules, "identity:list_service_providers", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:get_service_provider", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:update_service_provider", ADMIN_REQUIRED);
        rule(rules, "identity:delete_service_provider", ADMIN_REQUIRED);

        // PKI revocation list, kept for old clients (token_revocation.py)
        rule(rules, "identity:revocation_list", SERVICE_OR_ADMIN);

        // Tokens (token.py)
        rule(rules, "identity:check_token", "rule:admin_required or (role:reader and system_scope:all) or rule:token_subject");
        rule(rules, "identity:validate_token",
                "rule:admin_required or (role:reader and system_scope:all) or rule:service_role or rule:token_subject");
        rule(rules, "identity:revoke_token", "rule:admin_required or rule:token_subject");

        // Trusts, OS-TRUST (trust.py)
        rule(rules, "identity:create_trust", "user_id:%(target.trust.trustor_user_id)s");
        rule(rules, "identity:list_trusts", ADMIN_OR_SYSTEM_READER);
        rule(rules, "identity:list_trusts_for_trustor",
                "(rule:admin_required) or (role:reader and system_scope:all or user_id:%(target.trust.trustor_user_id)s)");
        rule(rules, "identity:list_trusts_for_trustee",
                "(rule:admin_required) or (role:reader and system_scope:all or user_id:%(target.trust.trustee_user_id)s)");
        rule(rules, "identity:list_roles_for_trust", ADMIN_OR_TRUSTOR_OR_TRUSTEE);
        rule(rules, "identity:get_role_for_trust", ADMIN_OR_TRUSTOR_OR_TRUSTEE);
        rule(rules, "identity:delete_trust", "rule:admin_required or user_id:%(target.trust.trustor_user_id)s");
        rule(rules, "identity:get_trust", ADMIN_OR_TRUSTOR_OR_TRUSTEE);

        // Users (user.py)
        rule(rules, "identity:get_user", "(rule:admin_required) or (role:reader and system_scope:all) or "
                + "(role:reader and token.domain.id:%(target.user.domain_id)s) or user_id:%(target.user.id)s");
        rule(rules, "identity:list_users", ADMIN_OR_DOMAIN_READER);
        rule(rules, "identity:list_projects_for_user", ANYONE);
        rule(rules, "identity:list_domains_for_user", ANYONE);
        rule(rules, "identity:create_user", ADMIN_OR_DOMAIN_USER_MANAGER);
        rule(rules, "identity:update_user", ADMIN_OR_DOMAIN_USER_MANAGER);
        rule(rules, "identity:delete_user", ADMIN_OR_DOMAIN_USER_MANAGER);
        rule(rules, "identity:revoke_tokens_for_user", "rule:admin_or_owner");

        return Collections.unmodifiableMap(rules);
    }

    private static void rule(Map<String, String> rules, String name, String checkString)
    {
        if (rules.putIfAbsent(name, checkString) != null) {
            throw new IllegalStateException("policy rule defined twice: " + name);
        }
    }
}

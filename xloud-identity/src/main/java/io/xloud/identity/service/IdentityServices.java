package io.xloud.identity.service;

import io.xloud.identity.IdentitySettings;
import io.xloud.identity.store.IdentityStore;

import static java.util.Objects.requireNonNull;

/** Identity's services over one store: what the HTTP resources, and the ports other modules use, call. */
public final class IdentityServices
{
    private final TokenService tokens;
    private final AuthService auth;
    private final PasswordHasher hasher;
    private final IdentitySettings settings;
    private final TokenCatalog catalog;
    private final EndpointFilterService endpointFilters;
    private final UnifiedLimitService unifiedLimits;
    private final ApplicationCredentialService applicationCredentials;
    private final CredentialService credentials;
    private final Ec2CredentialService ec2Credentials;
    private final Ec2TokenService ec2Tokens;
    private final CatalogService catalogs;
    private final GrantService grants;
    private final RoleService roles;
    private final GroupService groups;
    private final UserService users;
    private final ProjectService projects;
    private final DomainService domains;
    private final DomainConfigService domainConfigs;
    private final PolicyService policies;
    private final ConsumerService consumers;
    private final TrustService trusts;
    private final FederationService federation;
    private final FederatedAuthService federatedAuth;

    public IdentityServices(IdentityStore store, TokenService tokens, AuthService auth, PasswordHasher hasher, IdentitySettings settings)
    {
        requireNonNull(store, "store is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.auth = requireNonNull(auth, "auth is null");
        this.hasher = requireNonNull(hasher, "hasher is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.catalog = new TokenCatalog(store);
        this.endpointFilters = new EndpointFilterService(store);
        this.unifiedLimits = new UnifiedLimitService(store);
        this.applicationCredentials = new ApplicationCredentialService(store, tokens);
        this.credentials = new CredentialService(store);
        this.ec2Credentials = new Ec2CredentialService(store);
        this.ec2Tokens = new Ec2TokenService(store, tokens, settings);
        this.catalogs = new CatalogService(store);
        this.grants = new GrantService(store);
        this.roles = new RoleService(store);
        this.groups = new GroupService(store);
        this.users = new UserService(store, tokens, hasher, settings);
        this.projects = new ProjectService(store, tokens);
        this.domains = new DomainService(store, tokens);
        this.domainConfigs = new DomainConfigService(store);
        this.policies = new PolicyService(store);
        this.consumers = new ConsumerService(store);
        this.trusts = new TrustService(store, tokens);
        this.federation = new FederationService(store);
        this.federatedAuth = new FederatedAuthService(store, tokens, settings,
                new OidcTokenVerifier(new io.xloud.identity.driver.HttpJsonDocumentSource(), tokens::now));
    }

    public TokenService tokens()
    {
        return tokens;
    }

    public AuthService auth()
    {
        return auth;
    }

    public PasswordHasher hasher()
    {
        return hasher;
    }

    public IdentitySettings settings()
    {
        return settings;
    }

    public TokenCatalog catalog()
    {
        return catalog;
    }

    public EndpointFilterService endpointFilters()
    {
        return endpointFilters;
    }

    public UnifiedLimitService unifiedLimits()
    {
        return unifiedLimits;
    }

    public ApplicationCredentialService applicationCredentials()
    {
        return applicationCredentials;
    }

    public CredentialService credentials()
    {
        return credentials;
    }

    public Ec2CredentialService ec2Credentials()
    {
        return ec2Credentials;
    }

    public Ec2TokenService ec2Tokens()
    {
        return ec2Tokens;
    }

    public CatalogService catalogs()
    {
        return catalogs;
    }

    public GrantService grants()
    {
        return grants;
    }

    public RoleService roles()
    {
        return roles;
    }

    public GroupService groups()
    {
        return groups;
    }

    public UserService users()
    {
        return users;
    }

    public ProjectService projects()
    {
        return projects;
    }

    public DomainService domains()
    {
        return domains;
    }

    public DomainConfigService domainConfigs()
    {
        return domainConfigs;
    }

    public PolicyService policies()
    {
        return policies;
    }

    public ConsumerService consumers()
    {
        return consumers;
    }

    public TrustService trusts()
    {
        return trusts;
    }

    public FederationService federation()
    {
        return federation;
    }

    public FederatedAuthService federatedAuth()
    {
        return federatedAuth;
    }
}

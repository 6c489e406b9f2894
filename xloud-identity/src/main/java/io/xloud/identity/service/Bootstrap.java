package io.xloud.identity.service;

import io.xloud.identity.store.CatalogStore;
import io.xloud.identity.store.IdentityStore;
import io.xloud.identity.store.ResourceStore;
import io.xloud.identity.store.RoleStore;
import io.xloud.identity.store.UserStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What keystone-manage bootstrap does, once per cloud: the Default domain, the admin project and user,
 * the admin ⇒ member ⇒ reader roles, the region and the catalog. Nodes starting together serialise on
 * the bootstrap lock row, so exactly one of them does it.
 */
public final class Bootstrap
{
    /** A catalog entry: service type and name, and its URL below the public base URL. */
    public record CatalogEntry(String type, String name, String path) {}

    private Bootstrap() {}

    /** Returns true when this call bootstrapped the cloud, false when it already was. */
    /** Whether this cloud still has to be bootstrapped; a hint for start-up work, {@link #run} decides under the lock. */
    public static boolean needed(IdentityStore store)
    {
        return store.read(h -> ResourceStore.domain(h, "default").isEmpty());
    }

    public static boolean run(IdentityStore store, java.util.function.Supplier<String> adminPasswordHash, String region, String publicUrl,
            List<CatalogEntry> catalog)
    {
        return store.write(h -> {
            IdentityStore.lockBootstrap(h);
            if (ResourceStore.domain(h, "default").isPresent()) {
                syncCatalog(h, region, publicUrl, catalog);
                return false;
            }
            long now = System.currentTimeMillis();
            ResourceStore.insertDomain(h, new Domain("default", "Default", Optional.of("The default domain"), true, Map.of()));
            Project admin = new Project(Ids.newId(), "admin", "default", Optional.empty(), Optional.of("Bootstrap project for initializing the cloud."),
                    true, List.of(), Map.of());
            ResourceStore.insertProject(h, admin);
            Map<String, String> roles = new LinkedHashMap<>();
            for (String name : List.of("admin", "member", "reader", "service", "manager", "ResellerAdmin")) {
                String id = Ids.newId();
                roles.put(name, id);
                Map<String, Object> options = List.of("admin", "member", "reader").contains(name) ? Map.of("immutable", true) : Map.of();
                RoleStore.insertRole(h, new Role(id, name, Optional.empty(), Optional.empty(), options, Map.of()));
            }
            RoleStore.addImplication(h, roles.get("admin"), roles.get("manager"));
            RoleStore.addImplication(h, roles.get("manager"), roles.get("member"));
            RoleStore.addImplication(h, roles.get("member"), roles.get("reader"));
            String hash = adminPasswordHash.get();
            User user = new User(Ids.newId(), "admin", "default", true, Optional.of(admin.id()), Optional.of(hash), Optional.of(now),
                    Optional.empty(), 0, Optional.empty(), Map.of(), Map.of(), now);
            UserStore.insertUser(h, user);
            UserStore.addPasswordHistory(h, user.id(), hash, now);
            RoleStore.grant(h, new Assignment(Assignment.Type.UserProject, user.id(), admin.id(), roles.get("admin"), false));
            RoleStore.grant(h, new Assignment(Assignment.Type.UserSystem, user.id(), Assignment.SYSTEM_TARGET, roles.get("admin"), false));
            CatalogStore.insertRegion(h, new Region(region, Optional.empty(), Optional.empty(), Map.of()));
            syncCatalog(h, region, publicUrl, catalog);
            return true;
        });
    }

    /** Adds what the catalog lacks for the services this build serves, and points their endpoints at the public URL. */
    private static void syncCatalog(org.jdbi.v3.core.Handle h, String region, String publicUrl, List<CatalogEntry> catalog)
    {
        if (CatalogStore.region(h, region).isEmpty()) {
            CatalogStore.insertRegion(h, new Region(region, Optional.empty(), Optional.empty(), Map.of()));
        }
        List<Service> services = CatalogStore.services(h);
        List<Endpoint> endpoints = CatalogStore.endpoints(h);
        for (CatalogEntry entry : catalog) {
            Service service = services.stream().filter(s -> s.type().equals(entry.type())).findFirst().orElseGet(() -> {
                Service created = new Service(Ids.newId(), entry.type(), true, Map.of("name", entry.name()));
                CatalogStore.insertService(h, created);
                return created;
            });
            for (String face : List.of("public", "internal", "admin")) {
                String url = publicUrl + entry.path();
                Optional<Endpoint> existing = endpoints.stream()
                        .filter(e -> e.serviceId().equals(service.id()) && e.interfaceName().equals(face) && e.regionId().equals(Optional.of(region)))
                        .findFirst();
                if (existing.isEmpty()) {
                    CatalogStore.insertEndpoint(h, new Endpoint(Ids.newId(), service.id(), face, url, Optional.of(region), true, Map.of()));
                }
                else if (!existing.get().url().equals(url)) {
                    Endpoint e = existing.get();
                    CatalogStore.updateEndpoint(h, new Endpoint(e.id(), e.serviceId(), e.interfaceName(), url, e.regionId(), e.enabled(), e.extra()));
                }
            }
        }
    }
}

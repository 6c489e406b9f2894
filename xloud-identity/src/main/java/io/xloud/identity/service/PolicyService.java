package io.xloud.identity.service;

import io.xloud.identity.store.IdentityStore;
import io.xloud.identity.store.PolicyStore;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/** Policy blobs kept for other services (Keystone's v3 policies API). */
public final class PolicyService
{
    private final IdentityStore store;

    public PolicyService(IdentityStore store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    public Policy create(String type, String blob, Map<String, Object> extra)
    {
        Policy policy = new Policy(Ids.newId(), type, blob, extra);
        store.writeVoid(h -> PolicyStore.insertPolicy(h, policy));
        return policy;
    }

    public List<Policy> policies()
    {
        return store.read(PolicyStore::policies);
    }

    public Policy policy(String id)
    {
        return store.read(h -> policy(h, id));
    }

    /** Applies a change to the policy as it is now; its id stays. */
    public Policy update(String id, UnaryOperator<Policy> change)
    {
        return store.write(h -> {
            Policy changed = change.apply(policy(h, id));
            Policy next = new Policy(id, changed.type(), changed.blob(), changed.extra());
            PolicyStore.updatePolicy(h, next);
            return next;
        });
    }

    public void delete(String id)
    {
        store.writeVoid(h -> {
            policy(h, id);
            PolicyStore.deletePolicy(h, id);
        });
    }

    private static Policy policy(Handle h, String id)
    {
        return PolicyStore.policy(h, id).orElseThrow(() -> IdentityErrors.notFound("policy", id));
    }
}

package io.xloud.identity.store;

import io.xloud.identity.service.User;
import io.xloud.core.collection.Attribute;
import io.xloud.core.collection.ListDialect;
import io.xloud.core.collection.ListQuery;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SortDirection;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.identity.IdentityErrorCode;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.xloud.core.collection.Operator.CONTAINS;
import static io.xloud.core.collection.Operator.ENDSWITH;
import static io.xloud.core.collection.Operator.GT;
import static io.xloud.core.collection.Operator.GTE;
import static io.xloud.core.collection.Operator.ICONTAINS;
import static io.xloud.core.collection.Operator.IENDSWITH;
import static io.xloud.core.collection.Operator.IEQUALS;
import static io.xloud.core.collection.Operator.ISTARTSWITH;
import static io.xloud.core.collection.Operator.LT;
import static io.xloud.core.collection.Operator.LTE;
import static io.xloud.core.collection.Operator.NEQ;
import static io.xloud.core.collection.Operator.STARTSWITH;

/**
 * GET /v3/users as Keystone filters it, in the database: name (with the {@code __contains} family), domain_id, enabled,
 * password_expires_at with its {@code lt:}/{@code gte:}... operators; unknown filters are ignored as Keystone does.
 */
public final class UserList
{
    /** The federated-user filters: this deployment has no federated users, so any of them matches nothing. */
    private static final List<String> FEDERATED = List.of("idp_id", "protocol_id", "unique_id");

    public static final ListSpec SPEC = ListSpec.builder(ListDialect.KEYSTONE, "users")
            .id(Attribute.string("id", "id").filter())
            .attribute(Attribute.string("name", "name").filter(IEQUALS, CONTAINS, ICONTAINS, STARTSWITH, ISTARTSWITH, ENDSWITH, IENDSWITH).notNull())
            .attribute(Attribute.string("domain_id", "domain_id").filter().notNull())
            .attribute(Attribute.bool("enabled", "enabled").filter().notNull())
            .attribute(Attribute.string("default_project_id", "default_project_id").filter())
            .attribute(Attribute.epochMillis("password_expires_at", "password_expires_at").filter(NEQ, GT, GTE, LT, LTE))
            .defaultSort("name", SortDirection.ASC)
            .pageSize(ListSpec.UNLIMITED, ListSpec.UNLIMITED)
            .ignore(FEDERATED.toArray(String[]::new))
            .invalidInput(IdentityErrorCode.VALIDATION_ERROR)
            .build();

    private UserList() {}

    /** The request for a query, cut at {@code identity.list_limit} when it is set (0: no limit). */
    public static ListRequest request(Map<String, List<String>> query, int listLimit)
    {
        return ListRequest.parse(listLimit > 0 ? SPEC.withLimits(listLimit, listLimit) : SPEC, query);
    }

    /** The users the request selects, only those of {@code domainId} when the caller may see one domain only. */
    public static Page<User> page(Handle h, ListRequest request, Optional<String> domainId)
    {
        List<SqlPredicate> scope = new ArrayList<>();
        domainId.ifPresent(domain -> scope.add(SqlPredicate.of("domain_id = :scope_domain", "scope_domain", domain)));
        if (FEDERATED.stream().anyMatch(request.query()::containsKey)) {
            scope.add(SqlPredicate.none());
        }
        return ListQuery.page(h, request, scope, (rs, context) -> UserStore.user(rs));
    }
}

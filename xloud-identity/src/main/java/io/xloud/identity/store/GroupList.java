package io.xloud.identity.store;

import io.xloud.identity.service.Group;
import io.xloud.core.collection.Attribute;
import io.xloud.core.collection.ListDialect;
import io.xloud.core.collection.ListQuery;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SortDirection;
import io.xloud.identity.IdentityErrorCode;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Map;

import static io.xloud.core.collection.Operator.CONTAINS;
import static io.xloud.core.collection.Operator.ENDSWITH;
import static io.xloud.core.collection.Operator.ICONTAINS;
import static io.xloud.core.collection.Operator.IENDSWITH;
import static io.xloud.core.collection.Operator.IEQUALS;
import static io.xloud.core.collection.Operator.ISTARTSWITH;
import static io.xloud.core.collection.Operator.STARTSWITH;

/** GET /v3/groups as Keystone filters it (name with the {@code __contains} family, domain_id), in the database. */
public final class GroupList
{
    public static final ListSpec SPEC = ListSpec.builder(ListDialect.KEYSTONE, "groups_")
            .id(Attribute.string("id", "id").filter())
            .attribute(Attribute.string("name", "name").filter(IEQUALS, CONTAINS, ICONTAINS, STARTSWITH, ISTARTSWITH, ENDSWITH, IENDSWITH).notNull())
            .attribute(Attribute.string("domain_id", "domain_id").filter().notNull())
            .defaultSort("name", SortDirection.ASC)
            .pageSize(ListSpec.UNLIMITED, ListSpec.UNLIMITED)
            .invalidInput(IdentityErrorCode.VALIDATION_ERROR)
            .build();

    private GroupList() {}

    /** The request for a query, cut at {@code identity.list_limit} when it is set (0: no limit). */
    public static ListRequest request(Map<String, List<String>> query, int listLimit)
    {
        return ListRequest.parse(listLimit > 0 ? SPEC.withLimits(listLimit, listLimit) : SPEC, query);
    }

    public static Page<Group> page(Handle h, ListRequest request)
    {
        return ListQuery.page(h, request, List.of(), (rs, context) -> UserStore.group(rs));
    }
}

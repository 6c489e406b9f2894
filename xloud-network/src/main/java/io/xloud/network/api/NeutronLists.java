package io.xloud.network.api;

import io.xloud.core.collection.PageCache;
import io.xloud.core.http.Handler;
import io.xloud.core.collection.ListDialect;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.http.Exchange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Neutron's list requests and responses: any declared attribute filters (repeated keys OR), {@code fields=},
 * {@code sort_key}/{@code sort_dir}, {@code limit}/{@code marker} with {@code <collection>_links} and
 * {@code page_reverse}. A resource's service declares its spec (see {@code store.NeutronListQuery.spec}); this
 * parses the request against it and renders the page.
 */
public final class NeutronLists
{
    private final Supplier<String> publicUrl;

    private final PageCache pages;

    public NeutronLists(Supplier<String> publicUrl, PageCache pages)
    {
        this.publicUrl = requireNonNull(publicUrl, "publicUrl is null");
        this.pages = requireNonNull(pages, "pages is null");
    }

    /** A list handler whose answer is kept until data changes (see {@link PageCache}); for lists drawn from the database alone. */
    public Handler cached(Handler list)
    {
        return pages.cached(list);
    }

    /** The request's query checked against the spec: a 400 in Neutron's format for unknown filters or sort keys. */
    public static ListRequest request(Exchange exchange, ListSpec spec)
    {
        return ListRequest.parse(spec, query(exchange));
    }

    /** The request's query parameters, refusing a NUL in any name or value (400), which no database column may hold. */
    public static Map<String, List<String>> query(Exchange exchange)
    {
        Map<String, List<String>> query = exchange.queryParameters();
        query.forEach((name, values) -> {
            if (name.indexOf('\u0000') >= 0 || values.stream().anyMatch(value -> value != null && value.indexOf('\u0000') >= 0)) {
                throw Bodies.invalid("A query parameter holds a NUL character.");
            }
        });
        return query;
    }

    /** Answers 200 with {@code {collection: [...], collection_links: [...]}}, items projected to {@code fields=}. */
    public void respond(Exchange exchange, String collection, Page<Map<String, Object>> page, ListRequest request)
    {
        exchange.json(200, body(exchange, collection, page, request));
    }

    public Map<String, Object> body(Exchange exchange, String collection, Page<Map<String, Object>> page, ListRequest request)
    {
        List<Map<String, Object>> items = new ArrayList<>(page.items().size());
        for (Map<String, Object> item : page.items()) {
            items.add(project(request, item));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(collection, items);
        String url = publicUrl.get() + exchange.rawPath();
        body.putAll(ListDialect.NEUTRON.links(collection, page, request, url));
        return body;
    }

    /** Keeps the fields asked for with {@code fields=}; all of them when none were. */
    public static Map<String, Object> project(ListRequest request, Map<String, Object> view)
    {
        return request.project(view);
    }

    /** {@code fields=} of a show request (GET of one resource): Neutron projects those as well. */
    public static Map<String, Object> projectShow(Exchange exchange, Map<String, Object> view)
    {
        List<String> fields = new ArrayList<>();
        for (String value : exchange.queryAll("fields")) {
            for (String field : value.split(",")) {
                if (!field.isBlank()) {
                    fields.add(field.strip());
                }
            }
        }
        if (fields.isEmpty()) {
            return view;
        }
        Map<String, Object> projected = new LinkedHashMap<>();
        view.forEach((name, value) -> {
            if (fields.contains(name)) {
                projected.put(name, value);
            }
        });
        return projected;
    }
}

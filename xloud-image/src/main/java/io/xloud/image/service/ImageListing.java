package io.xloud.image.service;

import io.xloud.core.auth.AuthContext;
import io.xloud.core.collection.Attribute;
import io.xloud.core.collection.ListDialect;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Operator;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SortDirection;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.error.ApiException;
import io.xloud.image.store.ImageStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * GET /v2/images as Glance decides it: what the caller sees by default (its own images, public ones, and shared
 * ones it accepted; everything for an admin), the visibility and member_status choices, filters on core
 * attributes (with {@code in:} and, for times, {@code gt:}/{@code lte:}... operators), tags, size bounds and any
 * extra property; Glance's sort keys, and keyset paging with {@code limit}/{@code marker}.
 */
public final class ImageListing
{
    public static final ListSpec SPEC = ListSpec.builder(ListDialect.GLANCE, "image_images i")
            .select(ImageStore.COLUMNS)
            .id(Attribute.string("id", "i.id").filter(Operator.IN).sortable())
            .attribute(Attribute.string("name", "i.name").filter(Operator.IN).sortable())
            .attribute(Attribute.string("status", "i.status").filter(Operator.IN).sortable().notNull())
            .attribute(Attribute.string("owner", "i.owner").filter(Operator.IN).sortable().notNull())
            .attribute(Attribute.string("container_format", "i.container_format").filter(Operator.IN).sortable())
            .attribute(Attribute.string("disk_format", "i.disk_format").filter(Operator.IN).sortable())
            .attribute(Attribute.string("checksum", "i.checksum").filter(Operator.IN))
            .attribute(Attribute.string("os_hash_value", "i.os_hash_value").filter(Operator.IN))
            .attribute(Attribute.integer("size", "i.size").filter(Operator.GT, Operator.GTE, Operator.LT, Operator.LTE, Operator.NEQ).sortable())
            .attribute(Attribute.integer("virtual_size", "i.virtual_size").sortable())
            .attribute(Attribute.integer("min_disk", "i.min_disk").sortable().notNull())
            .attribute(Attribute.integer("min_ram", "i.min_ram").sortable().notNull())
            .attribute(Attribute.bool("protected", "i.protected").notNull())
            .attribute(Attribute.bool("os_hidden", "i.os_hidden").notNull())
            .attribute(Attribute.string("visibility", "i.visibility").sortable().notNull())
            .attribute(Attribute.timestamp("created_at", "i.created_at")
                    .filter(Operator.GT, Operator.GTE, Operator.LT, Operator.LTE, Operator.NEQ).sortable().notNull())
            .attribute(Attribute.timestamp("updated_at", "i.updated_at")
                    .filter(Operator.GT, Operator.GTE, Operator.LT, Operator.LTE, Operator.NEQ).sortable().notNull())
            .defaultSort("created_at", SortDirection.DESC)
            .defaultSort("id", SortDirection.DESC)
            .pageSize(25, 1000)
            .strictFilters(false)
            .ignore("visibility", "member_status", "tag", "size_min", "size_max", "os_hidden", "protected")
            .invalidInput(ImageErrorCode.BAD_REQUEST)
            .build();

    /** Query parameters that are never extra-property filters. */
    private static final Set<String> RESERVED = Set.of("limit", "marker", "sort", "sort_key", "sort_dir", "page_reverse", "fields",
            "visibility", "member_status", "tag", "size_min", "size_max");
    private static final Set<String> MEMBER_STATUSES = Set.of(ImageMember.PENDING, ImageMember.ACCEPTED, ImageMember.REJECTED, "all");
    private static final int MAX_TAG_FILTERS = 20;
    private static final int MAX_PROPERTY_FILTERS = 20;

    private final ImageStore store;

    public ImageListing(ImageStore store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    public record Listing(Page<Image> page, ListRequest request) {}

    public Listing list(AuthContext caller, Map<String, List<String>> query)
    {
        query.forEach((name, values) -> {
            ImageAttributes.text(name);
            values.forEach(ImageAttributes::text);
        });
        ListRequest request = ListRequest.parse(SPEC, query);
        List<SqlPredicate> scope = new ArrayList<>();
        String visibility = single(query, "visibility");
        if (visibility != null && !visibility.equals("all") && !ImageAttributes.VISIBILITIES.contains(visibility)) {
            throw bad("Invalid visibility value: " + ImageAttributes.shorten(visibility));
        }
        String memberStatus = single(query, "member_status");
        if (memberStatus == null) {
            memberStatus = ImageMember.ACCEPTED;
        }
        if (!MEMBER_STATUSES.contains(memberStatus)) {
            throw bad("Invalid status value: " + ImageAttributes.shorten(memberStatus));
        }
        if (!ImageService.isAdmin(caller)) {
            scope.add(visibleTo(ImageService.project(caller), visibility, memberStatus));
        }
        if (visibility != null && !visibility.equals("all")) {
            scope.add(SqlPredicate.of("i.visibility = :vis", "vis", visibility));
        }
        String hidden = single(query, "os_hidden");
        scope.add(SqlPredicate.of("i.os_hidden = :hidden", "hidden", hidden != null && bool("os_hidden", hidden)));
        String isProtected = single(query, "protected");
        if (isProtected != null) {
            scope.add(SqlPredicate.of("i.protected = :prot", "prot", bool("protected", isProtected)));
        }
        bound(query, "size_min", "i.size >= :size_min").ifPresent(scope::add);
        bound(query, "size_max", "i.size <= :size_max").ifPresent(scope::add);
        List<String> tags = query.getOrDefault("tag", List.of());
        if (tags.size() > MAX_TAG_FILTERS) {
            throw bad("Too many tag filters.");
        }
        for (int i = 0; i < tags.size(); i++) {
            scope.add(SqlPredicate.of("EXISTS (SELECT 1 FROM image_tags t WHERE t.image_id = i.id AND t.tag = :tag" + i + ")", "tag" + i, tags.get(i)));
        }
        int properties = 0;
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            String key = parameter.getKey();
            if (RESERVED.contains(key) || SPEC.attribute(key).isPresent() || key.contains("__") || parameter.getValue().isEmpty()) {
                continue;
            }
            if (++properties > MAX_PROPERTY_FILTERS) {
                throw bad("Too many property filters.");
            }
            Map<String, Object> parameters = new HashMap<>();
            parameters.put("pk" + properties, key);
            parameters.put("pv" + properties, parameter.getValue().getLast());
            scope.add(new SqlPredicate("EXISTS (SELECT 1 FROM image_properties p WHERE p.image_id = i.id AND p.prop_name = :pk" + properties
                    + " AND p.prop_value = :pv" + properties + ")", parameters));
        }
        return new Listing(store.list(request, scope), request);
    }

    /** Glance's visibility rules for a project: its own, public, community (only when asked), and shared with it. */
    private static SqlPredicate visibleTo(String project, String visibility, String memberStatus)
    {
        List<String> terms = new ArrayList<>();
        terms.add("i.owner = :me");
        if (visibility == null || visibility.equals("public") || visibility.equals("all")) {
            terms.add("i.visibility = 'public'");
        }
        if (visibility != null && (visibility.equals("community") || visibility.equals("all"))) {
            terms.add("i.visibility = 'community'");
        }
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("me", project);
        if (visibility == null || visibility.equals("shared") || visibility.equals("all")) {
            String status = memberStatus.equals("all") ? "" : " AND m.status = :member_status";
            terms.add("(i.visibility = 'shared' AND EXISTS (SELECT 1 FROM image_members m WHERE m.image_id = i.id AND m.member = :me" + status + "))");
            if (!memberStatus.equals("all")) {
                parameters.put("member_status", memberStatus);
            }
        }
        return new SqlPredicate(String.join(" OR ", terms), parameters);
    }

    private static java.util.Optional<SqlPredicate> bound(Map<String, List<String>> query, String name, String sql)
    {
        String value = single(query, name);
        if (value == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(SqlPredicate.of(sql, name, Long.parseLong(value.strip())));
        }
        catch (NumberFormatException e) {
            throw bad("Invalid value for " + name + ": " + ImageAttributes.shorten(value));
        }
    }

    private static boolean bool(String name, String value)
    {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw bad("Invalid value for " + name + ": " + ImageAttributes.shorten(value) + "; expected a boolean.");
        };
    }

    private static String single(Map<String, List<String>> query, String name)
    {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getLast();
    }

    private static ApiException bad(String message)
    {
        return new ApiException(ImageErrorCode.BAD_REQUEST, message);
    }
}

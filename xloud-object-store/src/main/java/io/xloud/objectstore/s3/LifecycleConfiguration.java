package io.xloud.objectstore.s3;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A bucket's lifecycle: {@code <LifecycleConfiguration><Rule>...</Rule>...</LifecycleConfiguration>}, 1 to 1000 rules.
 * A rule has an optional ID, a Status (Enabled or Disabled), a Filter (Prefix, Tag, ObjectSizeGreaterThan,
 * ObjectSizeLessThan, or And of them; or the older Prefix beside the Filter's place) and its actions: Expiration
 * (Days or Date, or ExpiredObjectDeleteMarker), NoncurrentVersionExpiration (NoncurrentDays, and
 * NewerNoncurrentVersions to keep) and AbortIncompleteMultipartUpload (DaysAfterInitiation). Transitions need
 * storage classes, which this server does not have: NotImplemented.
 */
public record LifecycleConfiguration(List<Rule> rules)
{
    public static final int MAX_RULES = 1000;
    public static final long MAX_BYTES = 64 * 1024;
    private static final Set<String> RULE_ELEMENTS = Set.of("ID", "Status", "Filter", "Prefix", "Expiration", "AbortIncompleteMultipartUpload",
            "Transition", "NoncurrentVersionTransition", "NoncurrentVersionExpiration");
    private static final Set<String> UNSUPPORTED_ACTIONS = Set.of("Transition", "NoncurrentVersionTransition");
    /** The most noncurrent versions a rule may keep, as S3 allows. */
    public static final int MAX_NEWER_NONCURRENT_VERSIONS = 100;
    private static final Set<String> FILTER_ELEMENTS = Set.of("Prefix", "Tag", "And", "ObjectSizeGreaterThan", "ObjectSizeLessThan");

    /** Which objects a rule applies to: all of the given conditions hold. */
    public record Filter(String prefix, List<Tagging.Tag> tags, OptionalLong sizeGreaterThan, OptionalLong sizeLessThan, Form form)
    {
        /** How the filter was written, to be written back the same way. */
        public enum Form
        {
            LEGACY_PREFIX, EMPTY, PREFIX, TAG, SIZE_GREATER_THAN, SIZE_LESS_THAN, AND
        }

        public Filter
        {
            requireNonNull(prefix, "prefix is null");
            tags = List.copyOf(tags);
            requireNonNull(sizeGreaterThan, "sizeGreaterThan is null");
            requireNonNull(sizeLessThan, "sizeLessThan is null");
            requireNonNull(form, "form is null");
        }

        public boolean matches(String key, long size, Map<String, String> objectTags)
        {
            return key.startsWith(prefix)
                    && tags.stream().allMatch(tag -> tag.value().equals(objectTags.get(tag.key())))
                    && (sizeGreaterThan.isEmpty() || size > sizeGreaterThan.getAsLong())
                    && (sizeLessThan.isEmpty() || size < sizeLessThan.getAsLong());
        }
    }

    /**
     * @param expiredObjectDeleteMarker when true, removes a delete marker that is the only version left of its name (kept as
     *         written, false included)
     * @param noncurrentDays a version that is no longer the latest goes this many days after it stopped being it
     * @param newerNoncurrentVersions how many of the newest noncurrent versions of a name stay whatever their age
     */
    public record Rule(Optional<String> id, boolean enabled, Filter filter, OptionalInt expirationDays, Optional<Instant> expirationDate,
            Optional<Boolean> expiredObjectDeleteMarker, OptionalInt noncurrentDays, OptionalInt newerNoncurrentVersions, OptionalInt abortIncompleteDays)
    {
        public Rule
        {
            requireNonNull(id, "id is null");
            requireNonNull(filter, "filter is null");
            requireNonNull(expirationDays, "expirationDays is null");
            requireNonNull(expirationDate, "expirationDate is null");
            requireNonNull(expiredObjectDeleteMarker, "expiredObjectDeleteMarker is null");
            requireNonNull(noncurrentDays, "noncurrentDays is null");
            requireNonNull(newerNoncurrentVersions, "newerNoncurrentVersions is null");
            requireNonNull(abortIncompleteDays, "abortIncompleteDays is null");
        }

        /**
         * Whether a noncurrent version goes under this rule: it became noncurrent at {@code noncurrentSince}, when the
         * version after it was made, and {@code newer} noncurrent versions of its name are newer than it.
         */
        public boolean noncurrentDue(Instant noncurrentSince, int newer, Instant now, Duration day)
        {
            if (noncurrentDays.isEmpty() || newer < newerNoncurrentVersions.orElse(0)) {
                return false;
            }
            return !afterDays(noncurrentSince, noncurrentDays.getAsInt(), day).isAfter(now);
        }

        /**
         * When an object made at {@code created} expires under this rule, if it does. With real days, as S3 counts:
         * the creation time plus the days, rounded up to the next midnight UTC; with shorter test days, no rounding.
         */
        public Optional<Instant> expiry(Instant created, Duration day)
        {
            if (expirationDate.isPresent()) {
                return expirationDate;
            }
            if (expirationDays.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(afterDays(created, expirationDays.getAsInt(), day));
        }

        /** When an upload begun at {@code initiated} is aborted under this rule, if it is. */
        public Optional<Instant> abortAt(Instant initiated, Duration day)
        {
            if (abortIncompleteDays.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(afterDays(initiated, abortIncompleteDays.getAsInt(), day));
        }

        private static Instant afterDays(Instant start, int days, Duration day)
        {
            Instant end = start.plus(day.multipliedBy(days));
            if (!day.equals(Duration.ofDays(1))) {
                return end;
            }
            Instant midnight = end.truncatedTo(ChronoUnit.DAYS);
            return midnight.equals(end) ? end : midnight.plus(1, ChronoUnit.DAYS);
        }
    }

    public LifecycleConfiguration
    {
        rules = List.copyOf(rules);
    }

    public static LifecycleConfiguration parse(InputStream body)
    {
        XmlElement root = S3XmlParser.parse(body, MAX_BYTES, 16 * 1024);
        if (!root.name().equals("LifecycleConfiguration")) {
            throw S3XmlParser.malformed();
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (XmlElement element : root.children()) {
            if (!element.name().equals("Rule")) {
                throw S3XmlParser.malformed();
            }
            Rule rule = rule(element);
            if (rule.id().isPresent() && !ids.add(rule.id().get())) {
                throw S3ErrorCode.INVALID_ARGUMENT.exception("Rule ID must be unique. Found same ID for more than one rule");
            }
            rules.add(rule);
        }
        if (rules.isEmpty()) {
            throw S3XmlParser.malformed();
        }
        if (rules.size() > MAX_RULES) {
            throw S3ErrorCode.INVALID_REQUEST.exception("The number of lifecycle rules should not exceed allowed limit of " + MAX_RULES + " rules");
        }
        return new LifecycleConfiguration(rules);
    }

    /** A configuration kept by {@link #toXml()}; it was checked when it was stored. */
    public static LifecycleConfiguration fromStored(String xml)
    {
        return parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Rule rule(XmlElement element)
    {
        for (XmlElement child : element.children()) {
            if (!RULE_ELEMENTS.contains(child.name())) {
                throw S3XmlParser.malformed();
            }
            if (element.children(child.name()).size() > 1 && !child.name().endsWith("Transition")) {
                throw S3XmlParser.malformed();
            }
        }
        Optional<String> id = element.childText("ID");
        if (id.isPresent() && id.get().length() > 255) {
            throw S3ErrorCode.INVALID_ARGUMENT.exception("ID length should not exceed allowed limit of 255");
        }
        boolean enabled = switch (element.childText("Status").map(String::strip).orElseThrow(S3XmlParser::malformed)) {
            case "Enabled" -> true;
            case "Disabled" -> false;
            default -> throw S3XmlParser.malformed();
        };
        Optional<XmlElement> filterElement = element.child("Filter");
        Optional<String> legacyPrefix = element.childText("Prefix");
        if (filterElement.isPresent() == legacyPrefix.isPresent()) {
            throw S3XmlParser.malformed();
        }
        Filter filter = filterElement.map(LifecycleConfiguration::filter)
                .orElseGet(() -> new Filter(legacyPrefix.orElseThrow(), List.of(), OptionalLong.empty(), OptionalLong.empty(), Filter.Form.LEGACY_PREFIX));

        for (String action : UNSUPPORTED_ACTIONS) {
            if (element.child(action).isPresent()) {
                throw S3ErrorCode.NOT_IMPLEMENTED.exception("Lifecycle " + action + " is not supported: this server has no storage classes.");
            }
        }
        OptionalInt days = OptionalInt.empty();
        Optional<Instant> date = Optional.empty();
        Optional<Boolean> expiredMarkers = Optional.empty();
        Optional<XmlElement> expiration = element.child("Expiration");
        if (expiration.isPresent()) {
            for (XmlElement child : expiration.get().children()) {
                if (!Set.of("Days", "Date", "ExpiredObjectDeleteMarker").contains(child.name())) {
                    throw S3XmlParser.malformed();
                }
            }
            Optional<String> daysText = expiration.get().childText("Days");
            Optional<String> dateText = expiration.get().childText("Date");
            Optional<String> markerText = expiration.get().childText("ExpiredObjectDeleteMarker").map(String::strip);
            if (markerText.isPresent()) {
                // alone in its Expiration, and not with a tag filter, as S3 has it
                if (daysText.isPresent() || dateText.isPresent() || !Set.of("true", "false").contains(markerText.get())) {
                    throw S3XmlParser.malformed();
                }
                if (!filter.tags().isEmpty()) {
                    throw S3ErrorCode.INVALID_REQUEST.exception("ExpiredObjectDeleteMarker cannot be specified with object tags");
                }
                expiredMarkers = Optional.of(markerText.get().equals("true"));
            }
            else if (daysText.isPresent() == dateText.isPresent()) {
                throw S3XmlParser.malformed();
            }
            else if (daysText.isPresent()) {
                days = OptionalInt.of(positiveDays(daysText.get(), "Expiration days must be a positive integer"));
            }
            else {
                date = Optional.of(midnight(dateText.get()));
            }
        }
        OptionalInt noncurrentDays = OptionalInt.empty();
        OptionalInt keepNewer = OptionalInt.empty();
        Optional<XmlElement> noncurrent = element.child("NoncurrentVersionExpiration");
        if (noncurrent.isPresent()) {
            for (XmlElement child : noncurrent.get().children()) {
                if (!Set.of("NoncurrentDays", "NewerNoncurrentVersions").contains(child.name()) || noncurrent.get().children(child.name()).size() > 1) {
                    throw S3XmlParser.malformed();
                }
            }
            noncurrentDays = OptionalInt.of(positiveDays(noncurrent.get().childText("NoncurrentDays").orElseThrow(S3XmlParser::malformed),
                    "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer"));
            Optional<String> newer = noncurrent.get().childText("NewerNoncurrentVersions");
            if (newer.isPresent()) {
                int count = positiveDays(newer.get(), "'NewerNoncurrentVersions' for NoncurrentVersionExpiration action must be a positive integer");
                if (count > MAX_NEWER_NONCURRENT_VERSIONS) {
                    throw S3ErrorCode.INVALID_ARGUMENT.exception("'NewerNoncurrentVersions' for NoncurrentVersionExpiration action must not exceed "
                            + MAX_NEWER_NONCURRENT_VERSIONS);
                }
                keepNewer = OptionalInt.of(count);
            }
        }
        OptionalInt abortDays = OptionalInt.empty();
        Optional<XmlElement> abort = element.child("AbortIncompleteMultipartUpload");
        if (abort.isPresent()) {
            if (abort.get().children().size() != 1) {
                throw S3XmlParser.malformed();
            }
            abortDays = OptionalInt.of(positiveDays(abort.get().childText("DaysAfterInitiation").orElseThrow(S3XmlParser::malformed),
                    "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer"));
            if (!filter.tags().isEmpty()) {
                throw S3ErrorCode.INVALID_REQUEST.exception("AbortIncompleteMultipartUpload cannot be specified with Tags.");
            }
        }
        if (expiration.isEmpty() && abort.isEmpty() && noncurrent.isEmpty()) {
            throw S3ErrorCode.INVALID_REQUEST.exception("At least one action needs to be specified in a rule");
        }
        return new Rule(id, enabled, filter, days, date, expiredMarkers, noncurrentDays, keepNewer, abortDays);
    }

    private static Filter filter(XmlElement element)
    {
        List<XmlElement> children = element.children();
        for (XmlElement child : children) {
            if (!FILTER_ELEMENTS.contains(child.name())) {
                throw S3XmlParser.malformed();
            }
        }
        if (children.isEmpty()) {
            return new Filter("", List.of(), OptionalLong.empty(), OptionalLong.empty(), Filter.Form.EMPTY);
        }
        if (children.size() > 1) {
            throw S3XmlParser.malformed();
        }
        XmlElement only = children.getFirst();
        return switch (only.name()) {
            case "Prefix" -> new Filter(only.text(), List.of(), OptionalLong.empty(), OptionalLong.empty(), Filter.Form.PREFIX);
            case "Tag" -> new Filter("", List.of(tag(only)), OptionalLong.empty(), OptionalLong.empty(), Filter.Form.TAG);
            case "ObjectSizeGreaterThan" -> new Filter("", List.of(), OptionalLong.of(size(only)), OptionalLong.empty(), Filter.Form.SIZE_GREATER_THAN);
            case "ObjectSizeLessThan" -> new Filter("", List.of(), OptionalLong.empty(), OptionalLong.of(size(only)), Filter.Form.SIZE_LESS_THAN);
            default -> and(only);
        };
    }

    private static Filter and(XmlElement element)
    {
        String prefix = "";
        List<Tagging.Tag> tags = new ArrayList<>();
        OptionalLong greater = OptionalLong.empty();
        OptionalLong less = OptionalLong.empty();
        Set<String> keys = new HashSet<>();
        for (XmlElement child : element.children()) {
            switch (child.name()) {
                case "Prefix" -> prefix = child.text();
                case "Tag" -> {
                    Tagging.Tag tag = tag(child);
                    if (!keys.add(tag.key())) {
                        throw S3ErrorCode.INVALID_REQUEST.exception("Duplicate Tag Keys are not allowed.");
                    }
                    tags.add(tag);
                }
                case "ObjectSizeGreaterThan" -> greater = OptionalLong.of(size(child));
                case "ObjectSizeLessThan" -> less = OptionalLong.of(size(child));
                default -> throw S3XmlParser.malformed();
            }
            if (element.children(child.name()).size() > 1 && !child.name().equals("Tag")) {
                throw S3XmlParser.malformed();
            }
        }
        return new Filter(prefix, tags, greater, less, Filter.Form.AND);
    }

    private static Tagging.Tag tag(XmlElement element)
    {
        if (element.children().size() != 2) {
            throw S3XmlParser.malformed();
        }
        String key = element.childText("Key").orElseThrow(S3XmlParser::malformed);
        String value = element.childText("Value").orElseThrow(S3XmlParser::malformed);
        // the same limits as on the tags themselves
        return Tagging.fromTags(List.of(new Tagging.Tag(key, value)), Tagging.MAX_OBJECT_TAGS).tags().getFirst();
    }

    private static long size(XmlElement element)
    {
        try {
            long size = Long.parseLong(element.text().strip());
            if (size >= 0) {
                return size;
            }
        }
        catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw S3XmlParser.malformed();
    }

    private static int positiveDays(String text, String message)
    {
        try {
            int days = Integer.parseInt(text.strip());
            if (days > 0) {
                return days;
            }
        }
        catch (NumberFormatException e) {
            throw S3XmlParser.malformed();
        }
        throw S3ErrorCode.INVALID_ARGUMENT.exception(message);
    }

    /** An ISO 8601 date-time at midnight UTC, as S3 requires of an expiration date; a date alone is taken as its midnight. */
    private static Instant midnight(String text)
    {
        String value = text.strip();
        Instant instant;
        try {
            instant = value.length() == 10 ? Instant.parse(value + "T00:00:00Z") : OffsetDateTime.parse(value).toInstant();
        }
        catch (DateTimeParseException e) {
            throw S3XmlParser.malformed();
        }
        if (!instant.truncatedTo(ChronoUnit.DAYS).equals(instant)) {
            throw S3ErrorCode.INVALID_ARGUMENT.exception("'Date' must be at midnight GMT");
        }
        return instant;
    }

    public String toXml()
    {
        return new String(XmlWriter.document(this::write), StandardCharsets.UTF_8);
    }

    public void write(XmlWriter xml)
    {
        xml.root("LifecycleConfiguration");
        for (Rule rule : rules) {
            xml.start("Rule");
            rule.id().ifPresent(id -> xml.element("ID", id));
            writeFilter(xml, rule.filter());
            xml.element("Status", rule.enabled() ? "Enabled" : "Disabled");
            if (rule.expirationDays().isPresent() || rule.expirationDate().isPresent() || rule.expiredObjectDeleteMarker().isPresent()) {
                xml.start("Expiration");
                rule.expirationDays().ifPresent(days -> xml.element("Days", days));
                rule.expirationDate().ifPresent(date -> xml.element("Date", S3Dates.iso(date)));
                rule.expiredObjectDeleteMarker().ifPresent(remove -> xml.element("ExpiredObjectDeleteMarker", remove.toString()));
                xml.end();
            }
            if (rule.noncurrentDays().isPresent()) {
                xml.start("NoncurrentVersionExpiration");
                xml.element("NoncurrentDays", rule.noncurrentDays().getAsInt());
                rule.newerNoncurrentVersions().ifPresent(count -> xml.element("NewerNoncurrentVersions", count));
                xml.end();
            }
            rule.abortIncompleteDays().ifPresent(days -> xml.start("AbortIncompleteMultipartUpload").element("DaysAfterInitiation", days).end());
            xml.end();
        }
        xml.end();
    }

    private static void writeFilter(XmlWriter xml, Filter filter)
    {
        switch (filter.form()) {
            case LEGACY_PREFIX -> xml.element("Prefix", filter.prefix());
            case EMPTY -> xml.start("Filter").end();
            case PREFIX -> xml.start("Filter").element("Prefix", filter.prefix()).end();
            case TAG -> {
                xml.start("Filter");
                writeTag(xml, filter.tags().getFirst());
                xml.end();
            }
            case SIZE_GREATER_THAN -> xml.start("Filter").element("ObjectSizeGreaterThan", filter.sizeGreaterThan().getAsLong()).end();
            case SIZE_LESS_THAN -> xml.start("Filter").element("ObjectSizeLessThan", filter.sizeLessThan().getAsLong()).end();
            case AND -> {
                xml.start("Filter").start("And");
                if (!filter.prefix().isEmpty()) {
                    xml.element("Prefix", filter.prefix());
                }
                filter.tags().forEach(tag -> writeTag(xml, tag));
                filter.sizeGreaterThan().ifPresent(size -> xml.element("ObjectSizeGreaterThan", size));
                filter.sizeLessThan().ifPresent(size -> xml.element("ObjectSizeLessThan", size));
                xml.end().end();
            }
        }
    }

    private static void writeTag(XmlWriter xml, Tagging.Tag tag)
    {
        xml.start("Tag").element("Key", tag.key()).element("Value", tag.value()).end();
    }
}

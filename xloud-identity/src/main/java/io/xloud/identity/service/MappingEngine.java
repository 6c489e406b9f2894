package io.xloud.identity.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.xloud.core.json.Json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static java.util.Objects.requireNonNull;

/**
 * Keystone's RuleProcessor (keystone/federation/utils.py): each rule whose remote requirements all hold adds its
 * local section, with {0}, {1}... replaced by the values its requirements matched; the local sections together name
 * the user, groups and projects. Assertion values hold several values separated by ';'.
 */
public final class MappingEngine
{
    private static final Pattern FIELD = Pattern.compile("\\{\\{|}}|\\{(\\d*)}");

    private final String mappingId;
    private final JsonNode rules;

    public MappingEngine(String mappingId, JsonNode rules)
    {
        this.mappingId = requireNonNull(mappingId, "mappingId is null");
        this.rules = requireNonNull(rules, "rules is null");
    }

    /** A group named by name within a domain named by id or name. */
    public record GroupName(String name, Optional<String> domainId, Optional<String> domainName) {}

    /** A project the mapping grants roles on, created in the provider's domain (or its own, schema 2.0) when absent. */
    public record MappedProject(String name, Optional<String> domainId, Optional<String> domainName, List<String> roles) {}

    /** What an assertion maps to. {@code user} holds id, name, email, domain and type ("ephemeral" unless "local"). */
    public record Mapped(JsonNode user, Set<String> groupIds, List<GroupName> groupNames, List<MappedProject> projects)
    {
        public String userType()
        {
            return user.path("type").asText("ephemeral");
        }
    }

    public Mapped process(Map<String, String> assertionData)
    {
        Map<String, List<String>> assertion = new LinkedHashMap<>();
        assertionData.forEach((name, value) -> assertion.put(name, List.of(value.split(";", -1))));
        List<JsonNode> identityValues = new ArrayList<>();
        for (JsonNode rule : rules) {
            Optional<List<List<String>>> directMaps = verifyAllRequirements(rule.path("remote"), assertion);
            if (directMaps.isEmpty()) {
                continue;
            }
            for (JsonNode local : rule.path("local")) {
                identityValues.add(directMaps.get().isEmpty() ? local : substitute(local, directMaps.get()));
            }
        }
        return transform(identityValues);
    }

    private Optional<List<List<String>>> verifyAllRequirements(JsonNode requirements, Map<String, List<String>> assertion)
    {
        List<List<String>> directMaps = new ArrayList<>();
        for (JsonNode requirement : requirements) {
            List<String> values = assertion.get(requirement.path("type").asText());
            boolean regex = requirement.path("regex").asBoolean(false);
            if (values == null || values.isEmpty() || values.size() == 1 && values.getFirst().isEmpty()) {
                return Optional.empty();
            }
            if (requirement.has("any_one_of")) {
                if (!anyMatch(strings(requirement.path("any_one_of")), values, regex)) {
                    return Optional.empty();
                }
                continue;
            }
            if (requirement.has("not_any_of")) {
                if (anyMatch(strings(requirement.path("not_any_of")), values, regex)) {
                    return Optional.empty();
                }
                continue;
            }
            List<String> kept = new ArrayList<>(values);
            if (requirement.has("blacklist")) {
                List<String> blacklist = strings(requirement.path("blacklist"));
                kept.removeIf(value -> regex ? anyMatch(blacklist, List.of(value), true) : blacklist.contains(value));
            }
            else if (requirement.has("whitelist")) {
                List<String> whitelist = strings(requirement.path("whitelist"));
                kept.removeIf(value -> !(regex ? anyMatch(whitelist, List.of(value), true) : whitelist.contains(value)));
            }
            directMaps.add(kept);
        }
        return Optional.of(directMaps);
    }

    private boolean anyMatch(List<String> wanted, List<String> values, boolean regex)
    {
        if (!regex) {
            return values.stream().anyMatch(wanted::contains);
        }
        for (String expression : wanted) {
            Pattern pattern;
            try {
                pattern = Pattern.compile(expression);
            }
            catch (PatternSyntaxException e) {
                throw IdentityErrors.validation("Mapping " + mappingId + " holds an invalid regular expression: " + expression);
            }
            for (String value : values) {
                if (pattern.matcher(value).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> strings(JsonNode array)
    {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.isTextual() ? value.asText() : value.toString()));
        return values;
    }

    /** Python's str.format(*direct_maps): a single matched value stands as itself, several as a list literal. */
    private JsonNode substitute(JsonNode local, List<List<String>> directMaps)
    {
        if (local.isObject()) {
            ObjectNode result = Json.object();
            Iterator<Map.Entry<String, JsonNode>> fields = local.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                result.set(field.getKey(), substitute(field.getValue(), directMaps));
            }
            return result;
        }
        if (local.isArray()) {
            ArrayNode result = Json.mapper().createArrayNode();
            local.forEach(item -> result.add(substitute(item, directMaps)));
            return result;
        }
        if (!local.isTextual()) {
            return local;
        }
        Matcher matcher = FIELD.matcher(local.asText());
        StringBuilder out = new StringBuilder();
        int automatic = 0;
        while (matcher.find()) {
            String replacement;
            if (matcher.group().equals("{{")) {
                replacement = "{";
            }
            else if (matcher.group().equals("}}")) {
                replacement = "}";
            }
            else {
                int index = matcher.group(1).isEmpty() ? automatic++ : Integer.parseInt(matcher.group(1));
                if (index >= directMaps.size()) {
                    throw IdentityErrors.validation("Local section in mapping " + mappingId
                            + " refers to a remote match that doesn't exist (e.g. {0} in a local section).");
                }
                List<String> values = directMaps.get(index);
                replacement = values.size() == 1 ? values.getFirst() : pythonList(values);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return TextNode.valueOf(out.toString());
    }

    private static String pythonList(List<String> values)
    {
        List<String> quoted = values.stream().map(value -> "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'").toList();
        return "[" + String.join(", ", quoted) + "]";
    }

    /** ast.literal_eval of a list of strings, else the text as the one value. */
    static List<String> literalList(String text)
    {
        String trimmed = text.strip();
        if (!trimmed.startsWith("[") || !trimmed.endsWith("]")) {
            return List.of(text);
        }
        List<String> values = new ArrayList<>();
        int i = 1;
        int end = trimmed.length() - 1;
        while (i < end) {
            char c = trimmed.charAt(i);
            if (c == ' ' || c == ',') {
                i++;
                continue;
            }
            if (c != '\'' && c != '"') {
                return List.of(text);
            }
            StringBuilder value = new StringBuilder();
            int j = i + 1;
            while (j < end && trimmed.charAt(j) != c) {
                if (trimmed.charAt(j) == '\\' && j + 1 < end) {
                    j++;
                }
                value.append(trimmed.charAt(j));
                j++;
            }
            if (j >= end) {
                return List.of(text);
            }
            values.add(value.toString());
            i = j + 1;
        }
        return values;
    }

    private Mapped transform(List<JsonNode> identityValues)
    {
        if (identityValues.isEmpty()) {
            throw IdentityErrors.validation("Could not map any federated user properties to identity values. "
                    + "Check debug logs or the mapping used for additional details.");
        }
        ObjectNode user = null;
        Set<String> groupIds = new LinkedHashSet<>();
        List<GroupName> groupNames = new ArrayList<>();
        List<MappedProject> projects = List.of();
        for (JsonNode value : identityValues) {
            if (value.has("user") && user == null) {
                user = ((ObjectNode) value.path("user")).deepCopy();
            }
            if (value.has("group")) {
                JsonNode group = value.path("group");
                if (group.has("id")) {
                    groupIds.add(group.path("id").asText());
                }
                else if (group.has("name")) {
                    groupNames.add(groupName(group.path("name").asText(), group.path("domain")));
                }
            }
            if (value.has("groups")) {
                if (!value.has("domain")) {
                    throw IdentityErrors.validation("Invalid rule: " + value + ". Both 'groups' and 'domain' keywords must be specified.");
                }
                for (String name : literalList(value.path("groups").asText())) {
                    groupNames.add(groupName(name, value.path("domain")));
                }
            }
            if (value.has("group_ids")) {
                groupIds.addAll(literalList(value.path("group_ids").asText()));
            }
            if (value.has("projects")) {
                List<MappedProject> mapped = new ArrayList<>();
                for (JsonNode project : value.path("projects")) {
                    List<String> roles = new ArrayList<>();
                    project.path("roles").forEach(role -> roles.add(role.path("name").asText()));
                    JsonNode domain = project.path("domain");
                    mapped.add(new MappedProject(project.path("name").asText(), text(domain, "id"), text(domain, "name"), roles));
                }
                projects = mapped;
            }
        }
        if (user == null) {
            user = Json.object();
        }
        if (!user.has("type")) {
            user.put("type", "ephemeral");
        }
        groupNames = List.copyOf(new LinkedHashSet<>(groupNames));
        return new Mapped(user, groupIds, groupNames, projects);
    }

    private static GroupName groupName(String name, JsonNode domain)
    {
        return new GroupName(name, text(domain, "id"), text(domain, "name"));
    }

    private static Optional<String> text(JsonNode node, String field)
    {
        return node.hasNonNull(field) ? Optional.of(node.path(field).asText()) : Optional.empty();
    }
}

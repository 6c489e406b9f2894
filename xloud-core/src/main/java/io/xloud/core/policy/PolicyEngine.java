package io.xloud.core.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * Decides oslo.policy rules: named check strings such as
 * {@code (role:reader and system_scope:all) or user_id:%(target.user.id)s}, evaluated against the caller's
 * credentials (see {@code AuthContext.toCredentials()}) and the target of the request.
 * <p>
 * Every rule is parsed, and every {@code rule:NAME} reference resolved, when the engine is built, so a
 * malformed default or override, an undefined reference or a cycle of references stops start-up.
 */
public final class PolicyEngine
{
    /** Made when a policy file is first read: most starts have none. */
    private static final class Yaml
    {
        static final YAMLMapper MAPPER = YAMLMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    private final Map<String, Check> rules;
    private final Map<String, String> checkStrings;

    /**
     * @param defaults the service's rules, name to check string
     * @param overrides the operator's rules from policy.yaml; they replace defaults of the same name and may add rules
     * @throws IllegalArgumentException naming the rule, if any rule is malformed, refers to an undefined rule, or is part of a cycle
     */
    public PolicyEngine(Map<String, String> defaults, Map<String, String> overrides)
    {
        requireNonNull(defaults, "defaults is null");
        requireNonNull(overrides, "overrides is null");
        Map<String, String> checkStrings = new TreeMap<>(Map.copyOf(defaults));
        checkStrings.putAll(Map.copyOf(overrides));

        Map<String, Check> parsed = new HashMap<>();
        checkStrings.forEach((name, checkString) -> {
            try {
                parsed.put(name, CheckParser.parse(checkString));
            }
            catch (IllegalArgumentException e) {
                String origin = overrides.containsKey(name) ? " (overridden in the policy file)" : "";
                throw new IllegalArgumentException("policy rule '" + name + "'" + origin + ": " + e.getMessage(), e);
            }
        });
        parsed.forEach((name, check) -> requireDefinedReferences("policy rule '" + name + "'", check, parsed));
        requireNoCycles(parsed);
        this.rules = Map.copyOf(parsed);
        this.checkStrings = java.util.Collections.unmodifiableMap(checkStrings);
    }

    /**
     * Whether the named rule admits these credentials on this target.
     * Both maps may use flat dotted keys ({@code "target.user.id"}), nested maps, or a mix; the flat key wins.
     * An absent key fails the check that reads it, while a key present with a null (or empty Optional) value
     * compares as Python's {@code None}, which Keystone's {@code None:%(target.role.domain_id)s} relies on.
     *
     * @throws IllegalArgumentException if no rule has that name: a route guarded by a rule nobody defined is a programming error
     */
    public boolean enforce(String ruleName, Map<String, Object> credentials, Map<String, Object> target)
    {
        requireNonNull(ruleName, "ruleName is null");
        Check rule = rules.get(ruleName);
        if (rule == null) {
            throw new IllegalArgumentException("no policy rule named '" + ruleName + "'");
        }
        return rule.evaluate(new Check.Evaluation(rules, credentials, target));
    }

    /**
     * Whether an ad-hoc check string admits these credentials on this target; it may refer to this engine's rules.
     *
     * @throws IllegalArgumentException if the check string is malformed or refers to an undefined rule
     */
    public boolean check(String checkString, Map<String, Object> credentials, Map<String, Object> target)
    {
        Check check = CheckParser.parse(checkString);
        requireDefinedReferences("check string \"" + checkString + "\"", check, rules);
        return check.evaluate(new Check.Evaluation(rules, credentials, target));
    }

    public boolean defines(String rule)
    {
        return rules.containsKey(rule);
    }

    public Set<String> ruleNames()
    {
        return Set.copyOf(rules.keySet());
    }

    /** The effective rules, defaults with the overrides applied, as check strings sorted by name. */
    public Map<String, String> checkStrings()
    {
        return checkStrings;
    }

    /**
     * Reads an oslo.policy style policy.yaml: a mapping of rule name to check string.
     * An absent file means no overrides.
     *
     * @throws IllegalArgumentException if the file is not YAML, not a mapping, or holds a value that is not a string
     */
    public static Map<String, String> loadOverrides(Path yamlFile)
    {
        requireNonNull(yamlFile, "yamlFile is null");
        if (!Files.exists(yamlFile)) {
            return Map.of();
        }
        JsonNode root;
        try (InputStream input = Files.newInputStream(yamlFile)) {
            root = Yaml.MAPPER.readTree(input);
        }
        catch (JacksonException e) {
            throw new IllegalArgumentException("policy file " + yamlFile + " is not valid YAML: " + e.getOriginalMessage(), e);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read policy file " + yamlFile, e);
        }
        // A file of nothing but comments, as oslopolicy-sample-generator writes, overrides nothing.
        if (root == null || root.isMissingNode() || root.isNull()) {
            return Map.of();
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("policy file " + yamlFile + " must be a mapping of rule name to check string, not a "
                    + root.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            JsonNode value = entry.getValue();
            if (!value.isTextual()) {
                throw new IllegalArgumentException("policy file " + yamlFile + ": rule '" + entry.getKey()
                        + "' must be a check string, not a " + value.getNodeType().name().toLowerCase(Locale.ROOT)
                        + " (quote it, e.g. \"" + entry.getKey() + "\": \"role:admin\")");
            }
            overrides.put(entry.getKey(), value.textValue());
        }
        return Map.copyOf(overrides);
    }

    private static void requireDefinedReferences(String owner, Check check, Map<String, Check> rules)
    {
        Set<String> references = new TreeSet<>();
        check.collectRuleReferences(references);
        for (String reference : references) {
            if (!rules.containsKey(reference)) {
                throw new IllegalArgumentException(owner + " refers to undefined rule '" + reference + "'");
            }
        }
    }

    /** oslo.policy refuses cyclical rules at load time too; refusing here also keeps evaluation finite. */
    private static void requireNoCycles(Map<String, Check> rules)
    {
        Map<String, Set<String>> references = new HashMap<>();
        rules.forEach((name, check) -> {
            Set<String> referenced = new TreeSet<>();
            check.collectRuleReferences(referenced);
            references.put(name, referenced);
        });
        Set<String> finished = new HashSet<>();
        for (String name : new TreeSet<>(rules.keySet())) {
            visit(name, references, new ArrayList<>(), finished);
        }
    }

    private static void visit(String name, Map<String, Set<String>> references, List<String> path, Set<String> finished)
    {
        if (finished.contains(name)) {
            return;
        }
        int earlier = path.indexOf(name);
        if (earlier >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(earlier, path.size()));
            cycle.add(name);
            throw new IllegalArgumentException("policy rules refer to each other in a cycle: " + String.join(" -> ", cycle));
        }
        path.add(name);
        for (String referenced : references.get(name)) {
            visit(referenced, references, path, finished);
        }
        path.removeLast();
        finished.add(name);
    }
}

package io.xloud.core.policy;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A parsed check string, evaluated the way oslo.policy evaluates it: values are compared as the
 * strings Python's {@code str()} would give, so {@code true} is {@code "True"} and a missing value is {@code "None"}.
 */
sealed interface Check
{
    boolean evaluate(Evaluation evaluation);

    /** Adds the names of the rules this check refers to with {@code rule:NAME}. */
    void collectRuleReferences(Set<String> references);

    /** What a check is evaluated against; the rules let {@code rule:NAME} resolve. */
    record Evaluation(Map<String, Check> rules, Map<String, Object> credentials, Map<String, Object> target)
    {
        public Evaluation
        {
            requireNonNull(rules, "rules is null");
            requireNonNull(credentials, "credentials is null");
            requireNonNull(target, "target is null");
        }
    }

    /** {@code @} and the empty check string. */
    record Always()
            implements Check
    {
        @Override
        public boolean evaluate(Evaluation evaluation)
        {
            return true;
        }

        @Override
        public void collectRuleReferences(Set<String> references) {}
    }

    /** {@code !}. */
    record Never()
            implements Check
    {
        @Override
        public boolean evaluate(Evaluation evaluation)
        {
            return false;
        }

        @Override
        public void collectRuleReferences(Set<String> references) {}
    }

    record And(List<Check> checks)
            implements Check
    {
        public And
        {
            checks = List.copyOf(checks);
        }

        @Override
        public boolean evaluate(Evaluation evaluation)
        {
            return checks.stream().allMatch(check -> check.evaluate(evaluation));
        }

        @Override
        public void collectRuleReferences(Set<String> references)
        {
            checks.forEach(check -> check.collectRuleReferences(references));
        }
    }

    record Or(List<Check> checks)
            implements Check
    {
        public Or
        {
            checks = List.copyOf(checks);
        }

        @Override
        public boolean evaluate(Evaluation evaluation)
        {
            return checks.stream().anyMatch(check -> check.evaluate(evaluation));
        }

        @Override
        public void collectRuleReferences(Set<String> references)
        {
            checks.forEach(check -> check.collectRuleReferences(references));
        }
    }

    record Not(Check check)
            implements Check
    {
        public Not
        {
            requireNonNull(check, "check is null");
        }

        @Override
        public boolean evaluate(Evaluation evaluation)
        {
            return !check.evaluate(evaluation);
        }

        @Override
        public void collectRuleReferences(Set<String> references)
        {
            check.collectRuleReferences(references);
        }
    }

    /** {@code rule:NAME}; the engine refuses undefined names and cycles before anything is evaluated. */
    record RuleReference(String name)
            implements Check
    {
        public RuleReference
        {
            requireNonNull(name, "name is null");
        }

        @Override
        public boolean evaluate(Evaluation evaluation)
        {
            Check rule = evaluation.rules().get(name);
            return rule != null && rule.evaluate(evaluation);
        }

        @Override
        public void collectRuleReferences(Set<String> references)
        {
            references.add(name);
        }
    }

    /** {@code role:NAME}: case-insensitive membership in the credentials' {@code roles}. */
    record RoleCheck(Template role)
            implements Check
    {
        public RoleCheck
        {
            requireNonNull(role, "role is null");
        }

        @Override
        public boolean evaluate(Evaluation evaluation)
        {
            Optional<String> wanted = role.render(evaluation.target());
            if (wanted.isEmpty() || !(evaluation.credentials().get("roles") instanceof Collection<?> roles)) {
                return false;
            }
            String lowered = wanted.get().toLowerCase(Locale.ROOT);
            return roles.stream()
                    .filter(String.class::isInstance)
                    .anyMatch(held -> ((String) held).toLowerCase(Locale.ROOT).equals(lowered));
        }

        @Override
        public void collectRuleReferences(Set<String> references) {}
    }

    /**
     * {@code key:value}: a credentials attribute, or a quoted literal, on the left; a literal or
     * {@code %(target.path)s} on the right.
     */
    record GenericCheck(Operand left, Template right)
            implements Check
    {
        public GenericCheck
        {
            requireNonNull(left, "left is null");
            requireNonNull(right, "right is null");
        }

        @Override
        public boolean evaluate(Evaluation evaluation)
        {
            Optional<String> expected = right.render(evaluation.target());
            if (expected.isEmpty()) {
                return false;
            }
            return switch (left) {
                case Operand.Literal literal -> literal.value().equals(expected.get());
                case Operand.Attribute attribute -> Values.anyMatches(evaluation.credentials(), attribute.path(), expected.get());
            };
        }

        @Override
        public void collectRuleReferences(Set<String> references) {}
    }

    sealed interface Operand
    {
        /** A Python literal on the left ({@code 'member'}, {@code True}, {@code None}, {@code 1}), already rendered with {@code str()}. */
        record Literal(String value)
                implements Operand
        {
            public Literal
            {
                requireNonNull(value, "value is null");
            }
        }

        /** A credentials attribute, possibly dotted ({@code token.is_admin_project}). */
        record Attribute(String path)
                implements Operand
        {
            public Attribute
            {
                requireNonNull(path, "path is null");
            }
        }
    }

    /** Text with {@code %(key)s} substitutions from the target, as Python's {@code %} operator applies them. */
    record Template(List<Part> parts)
    {
        sealed interface Part {}

        record Text(String text)
                implements Part
        {
            public Text
            {
                requireNonNull(text, "text is null");
            }
        }

        record Substitution(String key)
                implements Part
        {
            public Substitution
            {
                requireNonNull(key, "key is null");
            }
        }

        public Template
        {
            parts = List.copyOf(parts);
        }

        /** Empty when the target lacks a key: oslo.policy turns that KeyError into a failed check. */
        Optional<String> render(Map<String, Object> target)
        {
            StringBuilder rendered = new StringBuilder();
            for (Part part : parts) {
                switch (part) {
                    case Text text -> rendered.append(text.text());
                    case Substitution substitution -> {
                        Optional<String> value = Values.lookup(target, substitution.key());
                        if (value.isEmpty()) {
                            return Optional.empty();
                        }
                        rendered.append(value.get());
                    }
                }
            }
            return Optional.of(rendered.toString());
        }
    }

    /** Path lookups into credentials and targets, which may use flat dotted keys, nested maps, or both. */
    final class Values
    {
        private Values() {}

        /** The value at a path, rendered; the exact flat key wins over walking nested maps. */
        static Optional<String> lookup(Map<?, ?> map, String path)
        {
            if (map.containsKey(path)) {
                return Optional.of(pythonString(map.get(path)));
            }
            for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
                if (map.get(path.substring(0, dot)) instanceof Map<?, ?> nested) {
                    Optional<String> found = lookup(nested, path.substring(dot + 1));
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
            return Optional.empty();
        }

        /** Like oslo.policy's credentials walk: a list anywhere on the path matches if any element does. */
        static boolean anyMatches(Object node, String path, String expected)
        {
            if (node instanceof Collection<?> elements) {
                return elements.stream().anyMatch(element -> anyMatches(element, path, expected));
            }
            if (!(node instanceof Map<?, ?> map)) {
                return false;
            }
            if (map.containsKey(path)) {
                return valueMatches(map.get(path), expected);
            }
            for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
                String head = path.substring(0, dot);
                if (map.containsKey(head) && anyMatches(map.get(head), path.substring(dot + 1), expected)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean valueMatches(Object value, String expected)
        {
            if (value instanceof Collection<?> elements) {
                return elements.stream().anyMatch(element -> valueMatches(element, expected));
            }
            return pythonString(value).equals(expected);
        }

        /** What Python's {@code str()} gives, since oslo.policy compares everything as such strings. */
        static String pythonString(Object value)
        {
            return switch (value) {
                case null -> "None";
                case Boolean bool -> bool ? "True" : "False";
                case Optional<?> optional -> optional.map(Values::pythonString).orElse("None");
                default -> value.toString();
            };
        }
    }
}

package io.xloud.core.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyEngineTest
{
    private static final String KEYSTONE_GET_USER =
            "(role:reader and system_scope:all) or (role:reader and domain_id:%(target.user.domain_id)s) or user_id:%(target.user.id)s";

    private static final Map<String, Object> NO_TARGET = Map.of();

    private static final PolicyEngine EMPTY = new PolicyEngine(Map.of(), Map.of());

    private static boolean check(String checkString, Map<String, Object> credentials, Map<String, Object> target)
    {
        return EMPTY.check(checkString, credentials, target);
    }

    private static Map<String, Object> roles(String... roles)
    {
        return Map.of("roles", List.of(roles));
    }

    // --- constants and the empty check

    @Test
    void emptyCheckStringAlwaysPasses()
    {
        assertThat(check("", Map.of(), NO_TARGET)).isTrue();
    }

    @Test
    void atAlwaysPassesAndBangNeverDoes()
    {
        assertThat(check("@", Map.of(), NO_TARGET)).isTrue();
        assertThat(check("!", roles("admin"), NO_TARGET)).isFalse();
    }

    // --- role checks

    @Test
    void roleCheckIsCaseInsensitiveMembership()
    {
        assertThat(check("role:admin", roles("member", "Admin"), NO_TARGET)).isTrue();
        assertThat(check("role:ADMIN", roles("admin"), NO_TARGET)).isTrue();
        assertThat(check("role:admin", roles("member"), NO_TARGET)).isFalse();
    }

    @Test
    void roleCheckFailsWithoutRoles()
    {
        assertThat(check("role:admin", Map.of("user_id", "u1"), NO_TARGET)).isFalse();
    }

    @Test
    void roleCheckMaySubstituteFromTarget()
    {
        assertThat(check("role:%(target.role.name)s", roles("member"), Map.of("target.role.name", "member"))).isTrue();
        assertThat(check("role:%(target.role.name)s", roles("member"), NO_TARGET)).isFalse();
    }

    // --- generic checks

    @Test
    void genericCheckComparesCredentialWithLiteral()
    {
        assertThat(check("system_scope:all", Map.of("system_scope", "all"), NO_TARGET)).isTrue();
        assertThat(check("system_scope:all", Map.of("project_id", "p1"), NO_TARGET)).isFalse();
    }

    @Test
    void genericCheckSubstitutesFlatTargetKey()
    {
        Map<String, Object> credentials = Map.of("user_id", "u1");

        assertThat(check("user_id:%(target.user.id)s", credentials, Map.of("target.user.id", "u1"))).isTrue();
        assertThat(check("user_id:%(target.user.id)s", credentials, Map.of("target.user.id", "u2"))).isFalse();
    }

    @Test
    void genericCheckWalksNestedTargetMaps()
    {
        Map<String, Object> target = Map.of("target", Map.of("user", Map.of("id", "u1", "domain_id", "d1")));

        assertThat(check("user_id:%(target.user.id)s", Map.of("user_id", "u1"), target)).isTrue();
        assertThat(check("domain_id:%(target.user.domain_id)s", Map.of("domain_id", "d1"), target)).isTrue();
    }

    @Test
    void genericCheckWalksTargetMixingFlatAndNestedKeys()
    {
        Map<String, Object> target = Map.of("target.user", Map.of("id", "u1"));

        assertThat(check("user_id:%(target.user.id)s", Map.of("user_id", "u1"), target)).isTrue();
    }

    @Test
    void flatTargetKeyWinsOverNestedMaps()
    {
        Map<String, Object> target = Map.of(
                "target.user.id", "flat",
                "target", Map.of("user", Map.of("id", "nested")));

        assertThat(check("user_id:%(target.user.id)s", Map.of("user_id", "flat"), target)).isTrue();
        assertThat(check("user_id:%(target.user.id)s", Map.of("user_id", "nested"), target)).isFalse();
    }

    @Test
    void missingTargetKeyFailsTheCheckInsteadOfThrowing()
    {
        assertThat(check("user_id:%(target.user.id)s", Map.of("user_id", "u1"), NO_TARGET)).isFalse();
        assertThat(check("not user_id:%(target.user.id)s", Map.of("user_id", "u1"), NO_TARGET)).isTrue();
    }

    @Test
    void missingCredentialFailsTheCheck()
    {
        assertThat(check("project_id:%(target.project.id)s", Map.of("user_id", "u1"), Map.of("target.project.id", "p1"))).isFalse();
    }

    @Test
    void dottedCredentialAttributeUsesFlatKeyOrNestedMaps()
    {
        assertThat(check("token.is_admin_project:True", Map.of("token.is_admin_project", true), NO_TARGET)).isTrue();
        assertThat(check("token.domain.id:%(target.domain.id)s",
                Map.of("token", Map.of("domain", Map.of("id", "d1"))),
                Map.of("target.domain.id", "d1"))).isTrue();
    }

    @Test
    void credentialListMatchesIfAnyElementDoes()
    {
        assertThat(check("tags:blue", Map.of("tags", List.of("red", "blue")), NO_TARGET)).isTrue();
        assertThat(check("tags:green", Map.of("tags", List.of("red", "blue")), NO_TARGET)).isFalse();
    }

    @Test
    void booleansCompareAsPythonStrings()
    {
        assertThat(check("is_admin_project:True", Map.of("is_admin_project", true), NO_TARGET)).isTrue();
        assertThat(check("is_admin_project:True", Map.of("is_admin_project", "True"), NO_TARGET)).isTrue();
        assertThat(check("is_admin_project:False", Map.of("is_admin_project", true), NO_TARGET)).isFalse();
        assertThat(check("is_admin_project:true", Map.of("is_admin_project", true), NO_TARGET)).isFalse();
    }

    @Test
    void numbersCompareAsStrings()
    {
        assertThat(check("is_admin:1", Map.of("is_admin", 1), NO_TARGET)).isTrue();
        assertThat(check("is_admin:1", Map.of("is_admin", 0), NO_TARGET)).isFalse();
    }

    @Test
    void quotedLiteralOnTheRightIsUnquoted()
    {
        assertThat(check("user_id:'u1'", Map.of("user_id", "u1"), NO_TARGET)).isTrue();
        assertThat(check("user_id:\"u1\"", Map.of("user_id", "u1"), NO_TARGET)).isTrue();
    }

    @Test
    void quotedLiteralOnTheLeftIsComparedWithTheTarget()
    {
        assertThat(check("'member':%(role.name)s", Map.of(), Map.of("role.name", "member"))).isTrue();
        assertThat(check("\"member\":%(role.name)s", Map.of(), Map.of("role.name", "member"))).isTrue();
        assertThat(check("'member':%(role.name)s", Map.of(), Map.of("role.name", "admin"))).isFalse();
    }

    @Test
    void bareTrueOnTheLeftIsALiteral()
    {
        assertThat(check("True:%(user.enabled)s", Map.of(), Map.of("user.enabled", true))).isTrue();
        assertThat(check("True:%(user.enabled)s", Map.of(), Map.of("user.enabled", false))).isFalse();
    }

    @Test
    void absentTargetValueIsPythonNone()
    {
        // Keystone guards global roles with None:%(target.role.domain_id)s
        Map<String, Object> globalRole = new HashMap<>();
        globalRole.put("target.role.domain_id", null);

        assertThat(check("None:%(target.role.domain_id)s", Map.of(), globalRole)).isTrue();
        assertThat(check("None:%(target.role.domain_id)s", Map.of(), Map.of("target.role.domain_id", Optional.empty()))).isTrue();
        assertThat(check("None:%(target.role.domain_id)s", Map.of(), Map.of("target.role.domain_id", "d1"))).isFalse();
    }

    @Test
    void substitutionMayBeEmbeddedInText()
    {
        assertThat(check("project_id:p-%(target.suffix)s", Map.of("project_id", "p-1"), Map.of("target.suffix", "1"))).isTrue();
        assertThat(check("discount:50%%", Map.of("discount", "50%"), NO_TARGET)).isTrue();
    }

    // --- operators and precedence

    @Test
    void andRequiresBoth()
    {
        assertThat(check("role:reader and system_scope:all", Map.of("roles", List.of("reader"), "system_scope", "all"), NO_TARGET)).isTrue();
        assertThat(check("role:reader and system_scope:all", roles("reader"), NO_TARGET)).isFalse();
    }

    @Test
    void orRequiresEither()
    {
        assertThat(check("role:admin or role:reader", roles("reader"), NO_TARGET)).isTrue();
        assertThat(check("role:admin or role:reader", roles("member"), NO_TARGET)).isFalse();
    }

    @Test
    void andBindsTighterThanOr()
    {
        // Read as "@ or (! and !)", not "(@ or !) and !".
        assertThat(check("@ or ! and !", Map.of(), NO_TARGET)).isTrue();
        // Read as "(! and !) or @".
        assertThat(check("! and ! or @", Map.of(), NO_TARGET)).isTrue();
        // Read as "(@ and !) or (! and @)".
        assertThat(check("@ and ! or ! and @", Map.of(), NO_TARGET)).isFalse();
    }

    @Test
    void notBindsTighterThanAnd()
    {
        // Read as "(not !) and @", not "not (! and @)".
        assertThat(check("not ! and @", Map.of(), NO_TARGET)).isTrue();
        // Read as "(not @) and !" which fails, where "not (@ and !)" would pass.
        assertThat(check("not @ and !", Map.of(), NO_TARGET)).isFalse();
        assertThat(check("not not @", Map.of(), NO_TARGET)).isTrue();
    }

    @Test
    void parenthesesOverridePrecedence()
    {
        assertThat(check("(@ or !) and !", Map.of(), NO_TARGET)).isFalse();
        assertThat(check("not (@ and !)", Map.of(), NO_TARGET)).isTrue();
        assertThat(check("((role:admin))", roles("admin"), NO_TARGET)).isTrue();
    }

    @Test
    void operatorsAreCaseInsensitive()
    {
        assertThat(check("! OR @", Map.of(), NO_TARGET)).isTrue();
        assertThat(check("@ AND Not !", Map.of(), NO_TARGET)).isTrue();
    }

    @Test
    void keystoneGetUserRule()
    {
        PolicyEngine engine = new PolicyEngine(Map.of("identity:get_user", KEYSTONE_GET_USER), Map.of());
        Map<String, Object> target = Map.of("target.user.id", "u1", "target.user.domain_id", "d1");

        Map<String, Object> systemReader = Map.of("user_id", "x", "roles", List.of("reader"), "system_scope", "all");
        Map<String, Object> domainReader = Map.of("user_id", "x", "roles", List.of("reader"), "domain_id", "d1");
        Map<String, Object> otherDomainReader = Map.of("user_id", "x", "roles", List.of("reader"), "domain_id", "d2");
        Map<String, Object> self = Map.of("user_id", "u1", "roles", List.of("member"), "project_id", "p1");
        Map<String, Object> stranger = Map.of("user_id", "x", "roles", List.of("member"), "project_id", "p1");

        assertThat(engine.enforce("identity:get_user", systemReader, target)).isTrue();
        assertThat(engine.enforce("identity:get_user", domainReader, target)).isTrue();
        assertThat(engine.enforce("identity:get_user", otherDomainReader, target)).isFalse();
        assertThat(engine.enforce("identity:get_user", self, target)).isTrue();
        assertThat(engine.enforce("identity:get_user", stranger, target)).isFalse();
    }

    // --- rule references

    @Test
    void ruleReferenceEvaluatesTheNamedRule()
    {
        PolicyEngine engine = new PolicyEngine(Map.of(
                "admin_required", "role:admin or is_admin:1",
                "owner", "user_id:%(user_id)s",
                "admin_or_owner", "rule:admin_required or rule:owner"), Map.of());

        assertThat(engine.enforce("admin_or_owner", Map.of("roles", List.of("admin")), NO_TARGET)).isTrue();
        assertThat(engine.enforce("admin_or_owner", Map.of("user_id", "u1"), Map.of("user_id", "u1"))).isTrue();
        assertThat(engine.enforce("admin_or_owner", Map.of("user_id", "u1"), Map.of("user_id", "u2"))).isFalse();
        assertThat(engine.check("rule:owner", Map.of("user_id", "u1"), Map.of("user_id", "u1"))).isTrue();
    }

    @Test
    void unknownRuleNameIsAProgrammingError()
    {
        PolicyEngine engine = new PolicyEngine(Map.of("a", "@"), Map.of());

        assertThatThrownBy(() -> engine.enforce("identity:nope", Map.of(), NO_TARGET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("identity:nope");
    }

    @Test
    void referenceToUndefinedRuleFailsConstruction()
    {
        assertThatThrownBy(() -> new PolicyEngine(Map.of("a", "role:admin or rule:missing"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a'")
                .hasMessageContaining("missing");
    }

    @Test
    void referenceToUndefinedRuleFailsAdHocCheck()
    {
        assertThatThrownBy(() -> EMPTY.check("rule:missing", Map.of(), NO_TARGET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void cycleFailsConstructionNamingTheRules()
    {
        assertThatThrownBy(() -> new PolicyEngine(Map.of(
                "a", "rule:b",
                "b", "role:x or rule:c",
                "c", "rule:a"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cycle")
                .hasMessageContaining("a -> b -> c -> a");
    }

    @Test
    void selfReferenceIsACycle()
    {
        assertThatThrownBy(() -> new PolicyEngine(Map.of("a", "not rule:a"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a -> a");
    }

    @Test
    void overrideThatIntroducesACycleFailsConstruction()
    {
        Map<String, String> defaults = Map.of("a", "rule:b", "b", "@");

        assertThatThrownBy(() -> new PolicyEngine(defaults, Map.of("b", "rule:a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cycle");
    }

    @Test
    void sharedReferencesAreNotACycle()
    {
        PolicyEngine engine = new PolicyEngine(Map.of(
                "base", "@",
                "left", "rule:base",
                "right", "rule:base",
                "top", "rule:left and rule:right"), Map.of());

        assertThat(engine.enforce("top", Map.of(), NO_TARGET)).isTrue();
    }

    // --- malformed rules

    @Test
    void malformedRuleFailsConstructionNamingTheRule()
    {
        assertThatRuleIsMalformed("role:admin and");
        assertThatRuleIsMalformed("and role:admin");
        assertThatRuleIsMalformed("(role:admin");
        assertThatRuleIsMalformed("role:admin)");
        assertThatRuleIsMalformed("role:admin role:member");
        assertThatRuleIsMalformed("()");
        assertThatRuleIsMalformed("not");
        assertThatRuleIsMalformed("admin");
        assertThatRuleIsMalformed("rule:");
        assertThatRuleIsMalformed(":value");
        assertThatRuleIsMalformed("'quoted'");
        assertThatRuleIsMalformed("user_id:%(target.user.id)d");
        assertThatRuleIsMalformed("user_id:%(target.user.id");
        assertThatRuleIsMalformed("http:https://example.com/check");
        assertThatRuleIsMalformed("   ");
    }

    @Test
    void absurdNestingIsMalformed()
    {
        assertThatRuleIsMalformed("(".repeat(100) + "@" + ")".repeat(100));
    }

    @Test
    void malformedOverrideSaysItCameFromThePolicyFile()
    {
        assertThatThrownBy(() -> new PolicyEngine(Map.of("identity:get_user", "@"), Map.of("identity:get_user", "role:admin or")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("identity:get_user")
                .hasMessageContaining("policy file");
    }

    @Test
    void malformedAdHocCheckThrows()
    {
        assertThatThrownBy(() -> EMPTY.check("role:admin or", Map.of(), NO_TARGET))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertThatRuleIsMalformed(String checkString)
    {
        assertThatThrownBy(() -> new PolicyEngine(Map.of("identity:broken", checkString), Map.of()))
                .as("check string %s", checkString)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("identity:broken");
    }

    // --- overrides

    @Test
    void overrideReplacesDefault()
    {
        PolicyEngine engine = new PolicyEngine(Map.of("identity:list_users", "role:admin"), Map.of("identity:list_users", "role:reader"));

        assertThat(engine.enforce("identity:list_users", roles("reader"), NO_TARGET)).isTrue();
        assertThat(engine.enforce("identity:list_users", roles("admin"), NO_TARGET)).isFalse();
    }

    @Test
    void overrideMayAddRulesThatDefaultsThenUse()
    {
        PolicyEngine engine = new PolicyEngine(
                Map.of("identity:create_user", "role:admin"),
                Map.of("is_domain_manager", "role:domain-manager",
                        "identity:create_user", "role:admin or rule:is_domain_manager"));

        assertThat(engine.ruleNames()).containsExactlyInAnyOrder("identity:create_user", "is_domain_manager");
        assertThat(engine.enforce("identity:create_user", roles("domain-manager"), NO_TARGET)).isTrue();
    }

    @Test
    void ruleNamesAreImmutable()
    {
        PolicyEngine engine = new PolicyEngine(Map.of("a", "@"), Map.of());

        assertThatThrownBy(() -> engine.ruleNames().add("b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void loadsOverridesFromYaml(@TempDir Path directory)
            throws IOException
    {
        Path file = directory.resolve("policy.yaml");
        Files.writeString(file, """
                # Generated by oslopolicy-sample-generator, then edited.
                "identity:get_user": "role:admin or user_id:%(target.user.id)s"
                identity:list_users: rule:admin_required
                "identity:get_auth_catalog": ""
                "identity:delete_user": "!"
                """);

        assertThat(PolicyEngine.loadOverrides(file)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "identity:get_user", "role:admin or user_id:%(target.user.id)s",
                "identity:list_users", "rule:admin_required",
                "identity:get_auth_catalog", "",
                "identity:delete_user", "!"));
    }

    @Test
    void absentPolicyFileMeansNoOverrides(@TempDir Path directory)
    {
        assertThat(PolicyEngine.loadOverrides(directory.resolve("policy.yaml"))).isEmpty();
    }

    @Test
    void commentOnlyPolicyFileMeansNoOverrides(@TempDir Path directory)
            throws IOException
    {
        Path file = directory.resolve("policy.yaml");
        Files.writeString(file, "#\"identity:get_user\": \"rule:admin_required\"\n");

        assertThat(PolicyEngine.loadOverrides(file)).isEmpty();
    }

    @Test
    void nonStringValueInPolicyFileIsRejected(@TempDir Path directory)
            throws IOException
    {
        Path file = directory.resolve("policy.yaml");
        Files.writeString(file, "\"identity:get_user\": true\n");

        assertThatThrownBy(() -> PolicyEngine.loadOverrides(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("identity:get_user")
                .hasMessageContaining("must be a check string");
    }

    @Test
    void nestedValueInPolicyFileIsRejected(@TempDir Path directory)
            throws IOException
    {
        Path file = directory.resolve("policy.yaml");
        Files.writeString(file, "\"identity:get_user\":\n  - role:admin\n");

        assertThatThrownBy(() -> PolicyEngine.loadOverrides(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("identity:get_user");
    }

    @Test
    void policyFileThatIsNotAMappingIsRejected(@TempDir Path directory)
            throws IOException
    {
        Path file = directory.resolve("policy.yaml");
        Files.writeString(file, "- role:admin\n");

        assertThatThrownBy(() -> PolicyEngine.loadOverrides(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mapping");
    }

    @Test
    void duplicateRuleInPolicyFileIsRejected(@TempDir Path directory)
            throws IOException
    {
        Path file = directory.resolve("policy.yaml");
        Files.writeString(file, "\"a\": \"@\"\n\"a\": \"!\"\n");

        assertThatThrownBy(() -> PolicyEngine.loadOverrides(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid YAML");
    }
}

package io.xloud.identity.service;

import io.xloud.core.error.ApiException;
import io.xloud.core.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keystone's rule engine on the rule shapes of its mapping_fixtures. */
class MappingEngineTest
{
    private static MappingEngine.Mapped map(String rules, Map<String, String> assertion)
    {
        return new MappingEngine("m1", Json.parse(rules)).process(assertion);
    }

    @Test
    void directMappingNamesAnEphemeralUser()
    {
        MappingEngine.Mapped mapped = map("""
                [{"local": [{"user": {"name": "{0}", "email": "{1}"}}], "remote": [{"type": "UserName"}, {"type": "Email"}]}]""",
                Map.of("UserName", "bob", "Email", "bob@example.com"));
        assertThat(mapped.user().path("name").asText()).isEqualTo("bob");
        assertThat(mapped.user().path("email").asText()).isEqualTo("bob@example.com");
        assertThat(mapped.userType()).isEqualTo("ephemeral");
        assertThat(mapped.groupIds()).isEmpty();
    }

    @Test
    void substitutionsCombineInOneValue()
    {
        MappingEngine.Mapped mapped = map("""
                [{"local": [{"user": {"name": "{0} {1}", "id": "{{literal}}-{1}"}}], "remote": [{"type": "First"}, {"type": "Last"}]}]""",
                Map.of("First", "Ada", "Last", "Lovelace"));
        assertThat(mapped.user().path("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(mapped.user().path("id").asText()).isEqualTo("{literal}-Lovelace");
    }

    @Test
    void anyOneOfSelectsTheRule()
    {
        String rules = """
                [{"local": [{"group": {"id": "admins"}}], "remote": [{"type": "orgPersonType", "any_one_of": ["Admin", "Boss"]}]},
                 {"local": [{"user": {"name": "{0}"}}], "remote": [{"type": "UserName"}]}]""";
        assertThat(map(rules, Map.of("UserName", "u", "orgPersonType", "Tester;Boss")).groupIds()).containsExactly("admins");
        assertThat(map(rules, Map.of("UserName", "u", "orgPersonType", "Tester")).groupIds()).isEmpty();
    }

    @Test
    void notAnyOfExcludes()
    {
        String rules = """
                [{"local": [{"user": {"name": "{0}"}}, {"group": {"id": "staff"}}],
                  "remote": [{"type": "UserName"}, {"type": "orgPersonType", "not_any_of": ["Contractor", "Guest"]}]}]""";
        assertThat(map(rules, Map.of("UserName", "u", "orgPersonType", "Employee")).groupIds()).containsExactly("staff");
        assertThatThrownBy(() -> map(rules, Map.of("UserName", "u", "orgPersonType", "Employee;Guest")))
                .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).status()).isEqualTo(400);
    }

    @Test
    void regexMatchesAnywhereInAValue()
    {
        String rules = """
                [{"local": [{"user": {"name": "{0}"}}, {"group": {"id": "devs"}}],
                  "remote": [{"type": "UserName"}, {"type": "groups", "any_one_of": [".*dev.*"], "regex": true}]}]""";
        assertThat(map(rules, Map.of("UserName", "u", "groups", "ops;core-developers")).groupIds()).containsExactly("devs");
        assertThatThrownBy(() -> map(rules, Map.of("UserName", "u", "groups", "ops"))).isInstanceOf(ApiException.class);
    }

    @Test
    void whitelistKeepsOnlyListedValuesAsGroupNames()
    {
        MappingEngine.Mapped mapped = map("""
                [{"local": [{"user": {"name": "{0}"}}, {"groups": "{1}", "domain": {"id": "d1"}}],
                  "remote": [{"type": "UserName"}, {"type": "orgGroups", "whitelist": ["Developer", "Contractor"]}]}]""",
                Map.of("UserName", "u", "orgGroups", "Developer;Tester;Contractor"));
        assertThat(mapped.groupNames()).containsExactly(
                new MappingEngine.GroupName("Developer", Optional.of("d1"), Optional.empty()),
                new MappingEngine.GroupName("Contractor", Optional.of("d1"), Optional.empty()));
    }

    @Test
    void blacklistDropsListedValues()
    {
        MappingEngine.Mapped mapped = map("""
                [{"local": [{"user": {"name": "{0}"}}, {"groups": "{1}", "domain": {"name": "corp"}}],
                  "remote": [{"type": "UserName"}, {"type": "orgGroups", "blacklist": ["Manager"]}]}]""",
                Map.of("UserName", "u", "orgGroups", "Manager;Tester"));
        assertThat(mapped.groupNames()).containsExactly(new MappingEngine.GroupName("Tester", Optional.empty(), Optional.of("corp")));
    }

    @Test
    void aMissingAttributeSkipsTheRuleAndNoMatchIsRefused()
    {
        String rules = """
                [{"local": [{"user": {"name": "{0}"}}], "remote": [{"type": "UserName"}]},
                 {"local": [{"group": {"id": "g"}}], "remote": [{"type": "Missing"}]}]""";
        assertThat(map(rules, Map.of("UserName", "u")).groupIds()).isEmpty();
        assertThatThrownBy(() -> map(rules, Map.of("Other", "x")))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("Could not map any federated user properties");
    }

    @Test
    void groupIdsAcceptAListLiteral()
    {
        MappingEngine.Mapped mapped = map("""
                [{"local": [{"user": {"name": "{0}"}}, {"group_ids": "{1}"}], "remote": [{"type": "UserName"}, {"type": "Ids"}]}]""",
                Map.of("UserName", "u", "Ids", "abc;def"));
        assertThat(mapped.groupIds()).containsExactlyInAnyOrder("abc", "def");
        assertThat(MappingEngine.literalList("['a', \"b\"]")).containsExactly("a", "b");
        assertThat(MappingEngine.literalList("[broken")).containsExactly("[broken");
    }

    @Test
    void theFirstUserWinsAcrossRules()
    {
        MappingEngine.Mapped mapped = map("""
                [{"local": [{"user": {"name": "first", "type": "local", "domain": {"name": "Default"}}}], "remote": [{"type": "A"}]},
                 {"local": [{"user": {"name": "second"}}], "remote": [{"type": "A"}]}]""",
                Map.of("A", "x"));
        assertThat(mapped.user().path("name").asText()).isEqualTo("first");
        assertThat(mapped.userType()).isEqualTo("local");
    }

    @Test
    void projectsCarryTheirRoles()
    {
        MappingEngine.Mapped mapped = map("""
                [{"local": [{"user": {"name": "{0}"}}, {"projects": [{"name": "proj-{0}", "roles": [{"name": "member"}, {"name": "reader"}]},
                                                              {"name": "shared", "domain": {"id": "d2"}, "roles": [{"name": "reader"}]}]}],
                  "remote": [{"type": "UserName"}]}]""",
                Map.of("UserName", "zoe"));
        assertThat(mapped.projects()).containsExactly(
                new MappingEngine.MappedProject("proj-zoe", Optional.empty(), Optional.empty(), List.of("member", "reader")),
                new MappingEngine.MappedProject("shared", Optional.of("d2"), Optional.empty(), List.of("reader")));
    }

    @Test
    void aReferenceBeyondTheMatchesIsABadMapping()
    {
        assertThatThrownBy(() -> map("""
                [{"local": [{"user": {"name": "{3}"}}], "remote": [{"type": "UserName"}]}]""", Map.of("UserName", "u")))
                .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).status()).isEqualTo(400);
    }

    @Test
    void anInvalidRegularExpressionIsABadMapping()
    {
        assertThatThrownBy(() -> map("""
                [{"local": [{"user": {"name": "x"}}], "remote": [{"type": "A", "any_one_of": ["(unclosed"], "regex": true}]}]""", Map.of("A", "u")))
                .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).status()).isEqualTo(400);
    }

    @Test
    void severalMatchedValuesFormatAsAPythonList()
    {
        MappingEngine.Mapped mapped = map("""
                [{"local": [{"user": {"name": "u"}}, {"groups": "{0}", "domain": {"id": "d"}}], "remote": [{"type": "G"}]}]""",
                Map.of("G", "it's;b"));
        assertThat(mapped.groupNames()).extracting(MappingEngine.GroupName::name).containsExactly("it's", "b");
    }
}

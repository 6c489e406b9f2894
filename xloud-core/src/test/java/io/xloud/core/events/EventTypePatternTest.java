package io.xloud.core.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventTypePatternTest
{
    @Test
    void starMatchesAnyRunIncludingDots()
    {
        assertThat(new EventTypePattern("identity.project.*").matches("identity.project.created")).isTrue();
        assertThat(new EventTypePattern("identity.*").matches("identity.project.created")).isTrue();
        assertThat(new EventTypePattern("*").matches("objectstore.object.create")).isTrue();
        assertThat(new EventTypePattern("*.deleted").matches("identity.user.deleted")).isTrue();
        assertThat(new EventTypePattern("identity.project.created").matches("identity.project.created")).isTrue();
    }

    @Test
    void otherTypesDoNotMatch()
    {
        assertThat(new EventTypePattern("identity.project.*").matches("identity.user.created")).isFalse();
        assertThat(new EventTypePattern("identity.project").matches("identity.project.created")).isFalse();
        assertThat(new EventTypePattern("*.deleted").matches("identity.user.deleted.x")).isFalse();
    }

    @Test
    void manyStarsStayFast()
    {
        EventTypePattern pattern = new EventTypePattern("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b");
        long start = System.nanoTime();
        assertThat(pattern.matches("a".repeat(250))).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(100_000_000L);
    }

    @Test
    void likeEscapesSqlWildcards()
    {
        assertThat(new EventTypePattern("identity.user_x.*").toLike()).isEqualTo("identity.user\\_x.%");
    }

    @Test
    void invalidPatternsAreRefused()
    {
        assertThat(EventTypePattern.isValid("")).isFalse();
        assertThat(EventTypePattern.isValid("a".repeat(256))).isFalse();
        assertThat(EventTypePattern.isValid("identity.%")).isFalse();
        assertThat(EventTypePattern.isValid("Identity.Project")).isFalse();
        assertThatThrownBy(() -> new EventTypePattern("a b")).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.xloud.core.microversion;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How a service declares a view that changes with the microversion: one constant listing the versions at which
 * the view changes, and handlers that only say {@code FLAVOR_VIEW.apply(exchange.microversion(), flavor)}.
 */
class VersionedTest
{
    // the domain record and its wire views, as a Compute module would have them (api/model/FlavorView.java)
    record Flavor(String id, String name, String description) {}

    sealed interface FlavorView
    {
        // 2.1 to 2.54: id and name
        static FlavorView v21(Flavor flavor)
        {
            return new Basic(flavor.id(), flavor.name());
        }

        // from 2.55: the description too (Nova's flavor.description)
        static FlavorView v255(Flavor flavor)
        {
            return new Described(flavor.id(), flavor.name(), Optional.ofNullable(flavor.description()));
        }

        record Basic(String id, String name)
                implements FlavorView {}

        record Described(String id, String name, Optional<String> description)
                implements FlavorView {}
    }

    // the one place that knows when the view changed
    static final Versioned<Flavor, FlavorView> FLAVOR_VIEW = Versioned.initially(FlavorView::v21)
            .from("2.55", FlavorView::v255);

    private static final Flavor TINY = new Flavor("1", "m1.tiny", "the smallest");

    @Test
    void viewBeforeTheChange()
    {
        assertThat(FLAVOR_VIEW.apply(Microversion.parse("2.1"), TINY)).isEqualTo(new FlavorView.Basic("1", "m1.tiny"));
        assertThat(FLAVOR_VIEW.apply(Microversion.parse("2.54"), TINY)).isEqualTo(new FlavorView.Basic("1", "m1.tiny"));
    }

    @Test
    void viewFromTheChangeOn()
    {
        assertThat(FLAVOR_VIEW.apply(Microversion.parse("2.55"), TINY))
                .isEqualTo(new FlavorView.Described("1", "m1.tiny", Optional.of("the smallest")));
        assertThat(FLAVOR_VIEW.apply(Microversion.parse("2.96"), TINY))
                .isEqualTo(new FlavorView.Described("1", "m1.tiny", Optional.of("the smallest")));
    }

    @Test
    void eachStepLastsUntilTheNext()
    {
        Versioned<Integer, String> steps = Versioned.initially((Integer n) -> "a" + n).from("2.10", n -> "b" + n).from("2.47", n -> "c" + n);
        assertThat(steps.apply(Microversion.parse("2.9"), 1)).isEqualTo("a1");
        assertThat(steps.apply(Microversion.parse("2.10"), 1)).isEqualTo("b1");
        assertThat(steps.apply(Microversion.parse("2.46"), 1)).isEqualTo("b1");
        assertThat(steps.apply(Microversion.parse("2.47"), 1)).isEqualTo("c1");
        assertThat(steps.apply(Microversion.parse("3.0"), 1)).isEqualTo("c1");
        assertThat(steps.changes()).extracting(Microversion::toString).containsExactly("2.10", "2.47");
    }

    @Test
    void aListUsesOneViewForEveryItem()
    {
        List<FlavorView> views = List.of(TINY, new Flavor("2", "m1.small", null)).stream()
                .<FlavorView>map(FLAVOR_VIEW.viewAt(Microversion.parse("2.1")))
                .toList();
        assertThat(views).containsExactly(new FlavorView.Basic("1", "m1.tiny"), new FlavorView.Basic("2", "m1.small"));
    }

    @Test
    void stepsMustIncrease()
    {
        Versioned<Integer, String> steps = Versioned.initially((Integer n) -> "a").from("2.47", n -> "b");
        assertThatThrownBy(() -> steps.from("2.47", n -> "c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> steps.from("2.10", n -> "c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> steps.from("2.x", n -> "c")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addingAStepLeavesTheOriginalAsItWas()
    {
        Versioned<Integer, String> base = Versioned.initially((Integer n) -> "a");
        base.from("2.2", n -> "b");
        assertThat(base.apply(Microversion.parse("2.5"), 0)).isEqualTo("a");
    }
}

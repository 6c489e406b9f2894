package io.xloud.core.microversion;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * A view (or any function of a request's input) that changes with the microversion, declared once as a
 * sequence of steps instead of {@code if (version >= 2.47)} in handlers. Each step applies from its version
 * up to the next step; the first applies from the lowest version. Steps cannot overlap or leave gaps.
 * <pre>{@code
 * // in FlavorViews: 2.55 added "description", 2.61 "extra_specs"
 * static final Versioned<Flavor, FlavorView> FLAVOR = Versioned.initially(FlavorView::v21)
 *         .from("2.55", FlavorView::v255)
 *         .from("2.61", FlavorView::v261);
 *
 * // in the handler
 * exchange.json(200, Map.of("flavor", FlavorViews.FLAVOR.apply(exchange.microversion(), flavor)));
 * }</pre>
 * Immutable: {@link #from} returns a new instance, so declarations can be constants.
 */
public final class Versioned<I, O>
{
    private record Step<I, O>(Microversion since, Function<? super I, ? extends O> view) {}

    private final List<Step<I, O>> steps;

    private Versioned(List<Step<I, O>> steps)
    {
        this.steps = List.copyOf(steps);
    }

    /** The view of the lowest versions, up to the first {@link #from}. */
    public static <I, O> Versioned<I, O> initially(Function<? super I, ? extends O> view)
    {
        return new Versioned<>(List.of(new Step<>(new Microversion(0, 0), requireNonNull(view, "view is null"))));
    }

    /** The view from a version on (until a later step); versions must be given in increasing order. */
    public Versioned<I, O> from(String version, Function<? super I, ? extends O> view)
    {
        Microversion since = Microversion.parse(version);
        Microversion last = steps.getLast().since();
        if (since.compareTo(last) <= 0) {
            throw new IllegalArgumentException("versioned steps must increase: " + since + " after " + last);
        }
        List<Step<I, O>> next = new ArrayList<>(steps);
        next.add(new Step<>(since, requireNonNull(view, "view is null")));
        return new Versioned<>(next);
    }

    public O apply(Microversion version, I input)
    {
        return viewAt(version).apply(input);
    }

    /** The function serving a version, for callers that apply it to many inputs (a list). */
    public Function<? super I, ? extends O> viewAt(Microversion version)
    {
        requireNonNull(version, "version is null");
        for (int i = steps.size() - 1; i > 0; i--) {
            if (version.isAtLeast(steps.get(i).since())) {
                return steps.get(i).view();
            }
        }
        return steps.getFirst().view();
    }

    /** The versions at which the view changes, for documentation and tests. */
    public List<Microversion> changes()
    {
        return steps.stream().skip(1).map(Step::since).toList();
    }
}

package io.xloud.network.service;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The QoS rule types (qos, qos-bw-limit-direction, qos-bw-minimum-ingress, qos-pps, qos-pps-minimum) with the
 * parameters each takes, their ranges or choices and defaults: what {@code /v2.0/qos/rule-types/{type}} describes and
 * what a rule's create and update are checked against.
 */
public enum QosRuleType
{
    BANDWIDTH_LIMIT("bandwidth_limit",
            Parameter.range("max_kbps", true, Optional.empty()),
            Parameter.range("max_burst_kbps", false, Optional.of(0L)),
            Parameter.choices("direction", List.of("egress", "ingress"), Optional.of("egress"))),
    DSCP_MARKING("dscp_marking",
            Parameter.choices("dscp_mark", List.of(0L, 8L, 10L, 12L, 14L, 16L, 18L, 20L, 22L, 24L, 26L, 28L, 30L, 32L, 34L, 36L, 38L, 40L, 44L, 46L,
                    48L, 56L), Optional.empty()).required()),
    MINIMUM_BANDWIDTH("minimum_bandwidth",
            Parameter.range("min_kbps", true, Optional.empty()),
            Parameter.choices("direction", List.of("egress", "ingress"), Optional.of("egress"))),
    PACKET_RATE_LIMIT("packet_rate_limit",
            Parameter.range("max_kpps", true, Optional.empty()),
            Parameter.range("max_burst_kpps", false, Optional.of(0L)),
            Parameter.choices("direction", List.of("egress", "ingress"), Optional.of("egress"))),
    MINIMUM_PACKET_RATE("minimum_packet_rate",
            Parameter.range("min_kpps", true, Optional.empty()),
            Parameter.choices("direction", List.of("any", "egress", "ingress"), Optional.of("egress")));

    /** The largest rate Neutron stores (a signed 32-bit integer). */
    public static final long MAX_RATE = Integer.MAX_VALUE;

    /**
     * One parameter of a rule type: an integer in [0, {@link #MAX_RATE}] or one of a list of choices (strings or
     * integers); a parameter without a default must be given on create.
     */
    public record Parameter(String name, boolean range, List<Object> choices, Optional<Object> defaultValue, boolean mandatory)
    {
        public Parameter
        {
            requireNonNull(name, "name is null");
            choices = List.copyOf(choices);
            requireNonNull(defaultValue, "defaultValue is null");
        }

        static Parameter range(String name, boolean mandatory, Optional<Long> defaultValue)
        {
            return new Parameter(name, true, List.of(), defaultValue.map(Object.class::cast), mandatory);
        }

        static Parameter choices(String name, List<?> choices, Optional<Object> defaultValue)
        {
            return new Parameter(name, false, List.copyOf(choices), defaultValue, false);
        }

        Parameter required()
        {
            return new Parameter(name, range, choices, defaultValue, true);
        }
    }

    private final String wireName;
    private final List<Parameter> parameters;

    QosRuleType(String wireName, Parameter... parameters)
    {
        this.wireName = wireName;
        this.parameters = List.of(parameters);
    }

    /** The type's name on the wire, e.g. {@code bandwidth_limit}. */
    public String wireName()
    {
        return wireName;
    }

    /** The rule's body name, e.g. {@code bandwidth_limit_rule}. */
    public String member()
    {
        return wireName + "_rule";
    }

    /** The rules' URL collection under a policy, e.g. {@code bandwidth_limit_rules}. */
    public String collection()
    {
        return wireName + "_rules";
    }

    public List<Parameter> parameters()
    {
        return parameters;
    }

    public boolean hasDirection()
    {
        return parameters.stream().anyMatch(parameter -> parameter.name().equals("direction"));
    }

    public static Optional<QosRuleType> of(String wireName)
    {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst();
    }
}

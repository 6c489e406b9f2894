package io.xloud.network.service;

import java.util.List;
import java.util.Optional;

/**
 * The attributes a create or an update of a network gives; absent ones keep their value (update) or take Neutron's
 * default (create). {@code qosPolicyId}: outer empty is absent, inner empty clears it.
 */
public record NetworkChange(
        Optional<String> name,
        Optional<String> description,
        Optional<Boolean> adminStateUp,
        Optional<Boolean> shared,
        Optional<Boolean> external,
        Optional<Boolean> isDefault,
        Optional<Integer> mtu,
        Optional<Boolean> portSecurityEnabled,
        Optional<String> networkType,
        Optional<String> physicalNetwork,
        Optional<Integer> segmentationId,
        Optional<List<String>> availabilityZoneHints,
        Optional<String> dnsDomain,
        Optional<Optional<String>> qosPolicyId)
{
}

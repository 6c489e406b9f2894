package io.xloud.identity.service;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointGroupTest
{
    private static final Endpoint PUBLIC_COMPUTE = new Endpoint("e1", "compute", "public", "http://x/compute", Optional.of("RegionOne"), true, Map.of());
    private static final Endpoint ADMIN_COMPUTE = new Endpoint("e2", "compute", "admin", "http://x/compute", Optional.empty(), true, Map.of());

    @Test
    void selectsEndpointsMatchingEveryFilter()
    {
        EndpointGroup group = new EndpointGroup("g", "public compute", Optional.empty(), Map.of("service_id", "compute", "interface", "public"));

        assertThat(List.of(PUBLIC_COMPUTE, ADMIN_COMPUTE).stream().filter(group::selects).toList()).containsExactly(PUBLIC_COMPUTE);
    }

    @Test
    void regionFilterNeverSelectsAnEndpointWithoutRegion()
    {
        EndpointGroup group = new EndpointGroup("g", "region", Optional.empty(), Map.of("region_id", "RegionOne"));

        assertThat(group.selects(ADMIN_COMPUTE)).isFalse();
        assertThat(group.selects(PUBLIC_COMPUTE)).isTrue();
    }

    @Test
    void keepsFiltersInTheOrderGiven()
    {
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("region_id", "RegionOne");
        filters.put("interface", "public");
        filters.put("service_id", "compute");

        assertThat(new EndpointGroup("g", "n", Optional.empty(), filters).filters().keySet())
                .containsExactly("region_id", "interface", "service_id");
    }
}

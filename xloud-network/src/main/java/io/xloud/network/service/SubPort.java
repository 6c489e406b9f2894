package io.xloud.network.service;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A port that carries one segment of a trunk's traffic: {@code vlan} with its VLAN id (1 to 4094), or {@code inherit},
 * which takes the segmentation of the subport's network and so names no id of its own here.
 */
public record SubPort(String portId, String segmentationType, Optional<Integer> segmentationId)
{
    public static final String VLAN = "vlan";
    public static final String INHERIT = "inherit";
    public static final int MIN_VLAN = 1;
    public static final int MAX_VLAN = 4094;

    public SubPort
    {
        requireNonNull(portId, "portId is null");
        requireNonNull(segmentationType, "segmentationType is null");
        requireNonNull(segmentationId, "segmentationId is null");
    }
}

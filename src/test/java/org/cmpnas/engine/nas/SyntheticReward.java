package org.cmpnas.engine.nas;

import java.util.function.ToDoubleFunction;
import org.cmpnas.engine.model.SubnetSpec;

/**
 * A stand-in for the supernet's mAP: rises smoothly and saturates with MACs, plus a fixed per-subnet
 * wobble of up to ±2 points from the text's hash, so equal-MACs subnets differ and the search has
 * something to find. Counts its calls.
 */
final class SyntheticReward implements ToDoubleFunction<SubnetSpec> {
    int calls;

    static double of(SubnetSpec subnet) {
        double smooth = 90 * (1 - Math.exp(-subnet.macs() / 3e6));
        double wobble = ((subnet.text().hashCode() & 0xffff) / 65535.0 - 0.5) * 4;
        return smooth + wobble;
    }

    @Override
    public double applyAsDouble(SubnetSpec subnet) {
        calls++;
        return of(subnet);
    }
}

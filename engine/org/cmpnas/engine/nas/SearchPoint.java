package org.cmpnas.engine.nas;

import org.cmpnas.engine.model.SubnetSpec;

/** One evaluated subnet: its MACs and its reward (heterogeneous mAP on the NAS reward set by default). */
public record SearchPoint(SubnetSpec subnet, long macs, double reward) implements ParetoFront.Point {
}

package org.cmpnas.engine.nas;

import org.cmpnas.engine.model.SubnetSpec;

/** The best subnet found within one MACs budget (the CLI's {@code {budget, subnet, macs, reward}}). */
public record SearchResult(long budget, SubnetSpec subnet, long macs, double reward) {
}

package org.cmpnas.engine.nas;

import org.cmpnas.engine.model.SubnetSpec;

/**
 * The best subnet found within one MACs budget (the CLI's {@code {budget, subnet, macs, reward}}); in
 * a pair search, with the gallery subnet it is best with (else {@code gallery} null, {@code galleryMacs} 0).
 */
public record SearchResult(long budget, SubnetSpec subnet, long macs, double reward, SubnetSpec gallery, long galleryMacs) {

    public SearchResult(long budget, SubnetSpec subnet, long macs, double reward) {
        this(budget, subnet, macs, reward, null, 0);
    }
}

package org.cmpnas.engine.nas;

import org.cmpnas.engine.model.SubnetSpec;

/**
 * One evaluated subnet: its MACs and its reward (heterogeneous mAP on the NAS reward set by default).
 * In a pair search, also the gallery subnet it was scored with and that one's MACs; otherwise
 * {@code gallery} is null and {@code galleryMacs} 0.
 */
public record SearchPoint(SubnetSpec subnet, long macs, double reward, SubnetSpec gallery, long galleryMacs) implements ParetoFront.Point {

    /** A subnet scored against a fixed gallery. */
    public SearchPoint(SubnetSpec subnet, long macs, double reward) {
        this(subnet, macs, reward, null, 0);
    }

    /** The cache key: the subnet's text form, followed by the gallery's in a pair search. */
    public String key() {
        return key(subnet, gallery);
    }

    static String key(SubnetSpec query, SubnetSpec gallery) {
        return gallery == null ? query.text() : query.text() + " " + gallery.text();
    }
}

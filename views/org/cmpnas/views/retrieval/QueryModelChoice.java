package org.cmpnas.views.retrieval;

import org.cmpnas.views.common.Formats;

/**
 * A model the demo can embed queries with, and what the store knows of it: its test mAP alone,
 * M(Q,Q), and against the current gallery model, M(Q,G) (null when not evaluated).
 */
public record QueryModelChoice(String runId, String name, String kind, long macs, Double mapAlone, Double mapAgainstGallery) {

    /** E.g. "resnet-q bct · 2.37M MACs · M(Q,G) mAP 84.83". */
    public String label() {
        return name + " · " + Formats.count(macs) + " MACs"
                + (mapAgainstGallery == null ? " · not evaluated with G" : " · M(Q,G) mAP " + Formats.percent(mapAgainstGallery));
    }
}

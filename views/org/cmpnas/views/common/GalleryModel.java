package org.cmpnas.views.common;

import org.cmpnas.engine.store.RunRecord;

/** The model that embeds the gallery for every comparison the workbench draws. */
public record GalleryModel(String runId, String name, String arch, long macs) {

    public static GalleryModel of(RunRecord r) {
        return new GalleryModel(r.id(), r.name(), r.arch(), r.macs());
    }

    /** E.g. "resnet-g · 80.52M MACs", or "resnet-g · 105.76M MACs at 3×64 px" for a model of another input than 1 × 28. */
    public String summary() {
        return name + " · " + Formats.count(macs) + " MACs" + Formats.input(arch);
    }
}

package org.cmpnas.views.common;

import org.cmpnas.engine.store.RunRecord;

/** The model that embeds the gallery for every comparison the workbench draws. */
public record GalleryModel(String runId, String name, String arch, long macs) {

    public static GalleryModel of(RunRecord r) {
        return new GalleryModel(r.id(), r.name(), r.arch(), r.macs());
    }

    /** E.g. "resnet-g · 80.52M MACs". */
    public String summary() {
        return name + " · " + Formats.count(macs) + " MACs";
    }
}

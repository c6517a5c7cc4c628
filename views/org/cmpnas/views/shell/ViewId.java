package org.cmpnas.views.shell;

import java.util.Arrays;
import java.util.Optional;

/** The main views, in sidebar order. The id names the screenshot file and the remembered view. */
public enum ViewId {
    MODELS("models", "Models", "Every model in the store. Pick the gallery model the other views compare against."),
    JOBS("jobs", "Jobs", "Train models in the background engine, one job at a time; follow their progress live."),
    PARETO("pareto", "Pareto", "Accuracy against query cost for the gallery model: which small model comes closest to the paragon."),
    RETRIEVAL("retrieval", "Retrieval demo", "One query searched three ways: the small model alone, against the large model's gallery, and the large model itself."),
    RUNS("runs", "Runs", "The run history: configuration, provenance and metrics of every run; rename, note, resume, repeat or delete one.");

    private final String id;
    private final String title;
    private final String description;

    ViewId(String id, String title, String description) {
        this.id = id;
        this.title = title;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    public static Optional<ViewId> byId(String id) {
        return Arrays.stream(values()).filter(v -> v.id.equals(id)).findFirst();
    }
}

package org.cmpnas.views.jobs;

import java.util.Optional;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.model.GalleryImport;
import org.cmpnas.engine.nas.ExportConfig;
import org.cmpnas.engine.nas.SearchRunConfig;
import org.cmpnas.engine.nas.SupernetConfig;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.engine.catalogue.RunConfig;

/** Makes the engine job for each kind of form; the app binds them to the window's current store. */
public interface JobFactory {

    Job training(TrainConfig config);

    Job supernet(SupernetConfig config);

    /** A search whose job reports each generation's population as a structured event. */
    Job search(SearchRunConfig config);

    Job export(ExportConfig config);

    Job importGallery(GalleryImport.Request request);

    /** Continues an interrupted or cancelled training, supernet or search run; {@code config} is its stored config. */
    Job resume(String runId, RunConfig config);

    /**
     * The evaluation of a finished model: M(Q, Q), and M(Q, G) against {@code chosenGallery} (may be null) and the
     * gallery it was trained with or exported beside; empty when the run is not a model to evaluate. Factories
     * without an engine (tests) evaluate nothing.
     */
    default Optional<Job> evaluation(String runId, String chosenGallery) {
        return Optional.empty();
    }
}

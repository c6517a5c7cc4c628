package org.cmpnas.engine.eval;

import java.util.Objects;
import java.util.function.Function;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.Datasets;
import org.cmpnas.engine.data.ImageOptions;
import org.cmpnas.engine.store.RunRecord;

/**
 * Loads the dataset a run was trained on and keeps the last one, so that switching between models
 * trained on the same data (the retrieval demo) does not read and decode it again.
 */
public final class LastDataset implements Function<RunRecord, DataSplits> {
    private String data;
    private ImageOptions images;
    private DataSplits splits;

    @Override
    public synchronized DataSplits apply(RunRecord run) {
        if (splits == null || !run.data().equals(data) || !Objects.equals(run.images(), images)) {
            splits = null; // let the old one go before the new one is read: both can be large
            splits = Datasets.load(run.data(), run.images());
            data = run.data();
            images = run.images();
        }
        return splits;
    }
}

package org.cmpnas.engine.data;

import java.util.function.Function;

/**
 * Loads a dataset by its {@code --data} name and keeps the last one, so that switching between
 * models trained on the same data (the retrieval demo) does not read and decode it again.
 */
public final class LastDataset implements Function<String, DataSplits> {
    private String name;
    private DataSplits splits;

    @Override
    public synchronized DataSplits apply(String data) {
        if (splits == null || !data.equals(name)) {
            splits = null; // let the old one go before the new one is read: both can be large
            splits = Datasets.load(data);
            name = data;
        }
        return splits;
    }
}

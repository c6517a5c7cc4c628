package org.cmpnas.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.cmpnas.engine.eval.Embedder;
import org.cmpnas.engine.index.ShardEmbedder;

/**
 * Part of a shard, one Spark task: {@value #SIZE} images from {@code offset}, a multiple of the embedder's batch,
 * so that its batches are the ones the local path embeds (a batch's results may depend on what else is in it).
 */
record Slice(int shard, int offset, List<String> files) implements Serializable {
    static final int SIZE = 2 * Embedder.BATCH;

    static List<Slice> of(ShardEmbedder.Shard shard) {
        List<Slice> slices = new ArrayList<>();
        for (int offset = 0; offset < shard.files().size(); offset += SIZE) {
            slices.add(new Slice(shard.number(), offset, List.copyOf(shard.files().subList(offset, Math.min(shard.files().size(), offset + SIZE)))));
        }
        return slices;
    }
}

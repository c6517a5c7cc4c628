package org.cmpnas.spark;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import org.cmpnas.engine.eval.Embeddings;

/** A slice's embeddings on their way from an executor to the driver. */
record EmbeddedShard(int number, int offset, float[] data, int count, int dim) implements Serializable {

    /** A shard's slices, in any order, as one shard's embeddings. */
    static Embeddings join(List<EmbeddedShard> slices) {
        List<EmbeddedShard> ordered = slices.stream().sorted(Comparator.comparingInt(EmbeddedShard::offset)).toList();
        int count = ordered.stream().mapToInt(EmbeddedShard::count).sum();
        int dim = ordered.get(0).dim();
        float[] data = new float[count * dim];
        for (EmbeddedShard e : ordered) {
            System.arraycopy(e.data(), 0, data, e.offset() * dim, e.count() * dim);
        }
        return new Embeddings(data, count, dim);
    }
}

package org.cmpnas.engine.index;

import java.time.Instant;
import java.util.List;

/**
 * {@code manifest.json} of a gallery index: which gallery model embedded which images how, and its shards.
 * Written when an index starts ({@code state} "building", no shards listed) and again when every shard is
 * there ("complete", each shard's rows and SHA-256, and {@code checksum}: the SHA-256 of the shards' hashes
 * in order, so one value says whether two indexes hold the same embeddings).
 *
 * @param format       version of this layout ({@link GalleryIndex#FORMAT})
 * @param protocol     the workbench protocol version the gallery model and the embedding follow
 * @param galleryRun   the run id of the gallery model; {@code galleryWeights} the SHA-256 of its weights file
 * @param source       the folder or list the images came from; {@code imagesSha256} the hash of its listing
 * @param ann          the approximate nearest-neighbour index beside the shards, or null while there is none
 */
public record IndexManifest(int format, String state, int protocol, String galleryRun, String galleryArch, String galleryWeights,
                            IndexReading reading, String source, String imagesSha256, int count, int dim, int shardSize,
                            List<Shard> shards, String checksum, Instant created, Instant completed, Ann ann) {

    public static final String BUILDING = "building";
    public static final String COMPLETE = "complete";

    public IndexManifest {
        shards = shards == null ? List.of() : List.copyOf(shards);
    }

    /** One shard: its embedding file, the file of its rows' paths, its number of rows and the embedding file's SHA-256. */
    public record Shard(String embeddings, String paths, int rows, String sha256) {
    }

    /** The HNSW graph in {@code folder}: Lucene's, with {@code m} neighbours per node, built with beam {@code beamWidth}. */
    public record Ann(String kind, String folder, int m, int beamWidth, Instant built) {
    }

    public int shardCount() {
        return (count + shardSize - 1) / shardSize;
    }

    public boolean complete() {
        return COMPLETE.equals(state);
    }

    IndexManifest completed(List<Shard> done, String sum, int dimension, Instant at) {
        return new IndexManifest(format, COMPLETE, protocol, galleryRun, galleryArch, galleryWeights, reading, source, imagesSha256,
                count, dimension, shardSize, done, sum, created, at, null);
    }

    IndexManifest withAnn(Ann built) {
        return new IndexManifest(format, state, protocol, galleryRun, galleryArch, galleryWeights, reading, source, imagesSha256,
                count, dim, shardSize, shards, checksum, created, completed, built);
    }
}

package org.cmpnas.engine.index;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.FieldProblem;
import org.cmpnas.engine.data.Normalization;
import org.cmpnas.engine.data.Sha256;
import org.cmpnas.engine.eval.EmbeddingFile;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.model.ArchSpec;
import org.cmpnas.engine.model.InputShape;
import org.cmpnas.engine.model.ModelFiles;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.store.Provenance;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.store.StoreWriteException;

/**
 * {@code cmpnas index}: embeds every image of a source with a gallery model into a {@link GalleryIndex},
 * then builds its HNSW graph. Resumable: finished shards are kept (each is written atomically, paths first,
 * embeddings last), and a run of the same command embeds only the missing ones; a folder that holds the
 * index of another gallery model or another listing is refused rather than mixed.
 */
public final class IndexJob implements Job {
    public static final int DEFAULT_SHARD_SIZE = 4096;

    private final RunStore store;
    private final String galleryRun;
    private final Path images;
    private final Path out;
    private final int shardSize;
    private final ShardEmbedder embedder;
    private final HnswIndex.Parameters ann;
    private final Clock clock;

    /** {@code ann} null: the shards only, no graph. */
    public IndexJob(RunStore store, String galleryRun, Path images, Path out, int shardSize, ShardEmbedder embedder,
                    HnswIndex.Parameters ann, Clock clock) {
        if (shardSize < 1) {
            throw FieldProblem.of("shard-size", "must be at least 1", shardSize);
        }
        this.store = store;
        this.galleryRun = galleryRun;
        this.images = images;
        this.out = out;
        this.shardSize = shardSize;
        this.embedder = embedder;
        this.ann = ann;
        this.clock = clock;
    }

    @Override
    public String title() {
        return "index " + images.getFileName();
    }

    @Override
    public String run(JobListener listener, CancellationToken token) {
        RunRecord gallery = store.finished(galleryRun, RunStore.Input.GALLERY_MODEL);
        Path weights = store.dir(gallery.id()).resolve("weights");
        IndexReading reading = readingOf(gallery, weights);
        ImageSource source = ImageSource.of(images);
        IndexManifest manifest = startOrResume(gallery, weights, reading, source);
        listener.log("indexing " + source.size() + " images of " + images + " with gallery model " + gallery.id() + " (" + gallery.arch()
                + ", images read as " + reading.text() + ") on " + embedder.describe() + ", " + manifest.shardCount()
                + (manifest.shardCount() == 1 ? " shard of " : " shards of ") + shardSize);

        List<ShardEmbedder.Shard> todo = new ArrayList<>();
        for (int s = 0; s < manifest.shardCount(); s++) {
            if (!shardDone(s, rows(s, source.size()))) {
                todo.add(new ShardEmbedder.Shard(s, files(source, s)));
            }
        }
        int[] done = {manifest.shardCount() - todo.size()};
        if (done[0] > 0) {
            listener.log("resuming: " + done[0] + " of " + manifest.shardCount() + " shards are already embedded");
        }
        listener.progress(images(done[0], source.size()), source.size(), "embedded " + done[0] + "/" + manifest.shardCount() + " shards");
        embedder.embed(weights, reading, todo, (shard, embeddings) -> {
            writeShard(shard, source, embeddings);
            done[0]++;
            listener.progress(images(done[0], source.size()), source.size(), "embedded " + done[0] + "/" + manifest.shardCount() + " shards");
        }, token);

        IndexManifest complete = GalleryIndex.seal(out, manifest, clock.instant());
        Json.writeAtomically(out.resolve(GalleryIndex.MANIFEST), complete);
        listener.log("gallery index complete: " + complete.count() + " × " + complete.dim() + " embeddings, checksum " + complete.checksum());
        if (ann != null) {
            HnswIndex.build(GalleryIndex.open(out), ann, listener, token);
        }
        return out.toString();
    }

    private int images(int shardsDone, int total) {
        return (int) Math.min(total, (long) shardsDone * shardSize);
    }

    /** The model's input, statistics and how its training data was read, from its card and its run's config. */
    private static IndexReading readingOf(RunRecord gallery, Path weights) {
        Properties card = ModelFiles.readCard(weights);
        InputShape input = card.getProperty(ModelFiles.INPUT) != null ? InputShape.parse(card.getProperty(ModelFiles.INPUT))
                : ArchSpec.parse(card.getProperty("arch", "")).input();
        return IndexReading.of(input, Normalization.parse(card.getProperty(ModelFiles.NORMALIZATION)), gallery.images());
    }

    private IndexManifest startOrResume(RunRecord gallery, Path weights, IndexReading reading, ImageSource source) {
        String listing = listingHash(source);
        String weightsHash = GalleryIndex.fileHash(ModelFiles.weightsFile(weights));
        Optional<IndexManifest> existing = GalleryIndex.readManifest(out);
        if (existing.isEmpty() && Files.isDirectory(out) && !isEmpty(out)) {
            throw new BadInputException("--out " + out + " is a folder with other files in it: give an empty or new folder for the index");
        }
        if (existing.isPresent()) {
            IndexManifest m = existing.get();
            String differs = !m.galleryRun().equals(gallery.id()) || !m.galleryWeights().equals(weightsHash) ? "another gallery model ("
                    + m.galleryRun() + ")"
                    : !m.imagesSha256().equals(listing) ? "another list of images (" + m.count() + " from " + m.source() + ")"
                    : m.shardSize() != shardSize ? "another shard size (" + m.shardSize() + ")"
                    : m.protocol() != Provenance.PROTOCOL_VERSION || m.format() != GalleryIndex.FORMAT ? "another protocol (v" + m.protocol() + ")"
                    : null;
            if (differs != null) {
                throw new BadInputException("--out " + out + " holds a gallery index of " + differs
                        + ": give another folder, or delete it to start again");
            }
            return m;
        }
        IndexManifest m = new IndexManifest(GalleryIndex.FORMAT, IndexManifest.BUILDING, Provenance.PROTOCOL_VERSION, gallery.id(), gallery.arch(),
                weightsHash, reading, source.root().toAbsolutePath().normalize().toString(), listing, source.size(), 0, shardSize,
                List.of(), null, clock.instant(), null, null);
        try {
            Files.createDirectories(out.resolve(GalleryIndex.SHARDS));
        } catch (IOException e) {
            throw StoreWriteException.of(out, e);
        }
        Json.writeAtomically(out.resolve(GalleryIndex.MANIFEST), m);
        return m;
    }

    private int rows(int shard, int total) {
        return Math.min(shardSize, total - shard * shardSize);
    }

    private List<String> files(ImageSource source, int shard) {
        List<String> files = new ArrayList<>();
        for (int r = shard * shardSize; r < shard * shardSize + rows(shard, source.size()); r++) {
            files.add(source.file(r).toAbsolutePath().toString());
        }
        return files;
    }

    /** A shard is done when both its files are there and its embeddings read back whole. */
    private boolean shardDone(int shard, int rows) {
        return Files.isRegularFile(GalleryIndex.shardPaths(out, shard))
                && EmbeddingFile.read(GalleryIndex.shardEmbeddings(out, shard)).map(e -> e.count() == rows).orElse(false);
    }

    private void writeShard(int shard, ImageSource source, Embeddings embeddings) {
        int first = shard * shardSize;
        GalleryIndex.writeShard(out, shard, first, source.paths().subList(first, first + embeddings.count()), embeddings);
    }

    private static String listingHash(ImageSource source) {
        MessageDigest md = Sha256.digest();
        md.update(source.root().toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
        for (String path : source.paths()) {
            md.update((byte) '\n');
            md.update(path.getBytes(StandardCharsets.UTF_8));
        }
        return Sha256.hex(md.digest());
    }

    private static boolean isEmpty(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}

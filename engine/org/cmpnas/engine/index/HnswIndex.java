package org.cmpnas.engine.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.FieldProblem;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.eval.TopKSearch;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.store.StoreWriteException;

/**
 * The approximate nearest-neighbour search of a gallery index: Lucene's HNSW graph over its embeddings
 * (dot product of unit vectors), in {@code INDEX/hnsw/}. Built from the shards a shard at a time by as many
 * threads as asked (each fills a segment), then merged into one graph by the same number of merge workers;
 * each document carries its index row. A search explores {@code ef} candidates per query (Lucene's k) and
 * keeps the best {@code k}; queries are spread over threads. Exact search stays the reference for every metric.
 */
public final class HnswIndex implements AutoCloseable {
    static final String FOLDER = "hnsw";
    private static final String VECTOR = "v";
    private static final String ROW = "row";

    /** Graph degree {@code m}, construction beam, threads for building and searching. */
    public record Parameters(int m, int beamWidth, int threads) {
        public static final int DEFAULT_M = 16;
        public static final int DEFAULT_BEAM = 100;

        public Parameters {
            if (m < 2 || m > 512) {
                throw FieldProblem.of("hnsw-m", "must be between 2 and 512", m);
            }
            if (beamWidth < 1 || beamWidth > 3200) {
                throw FieldProblem.of("hnsw-beam", "must be between 1 and 3200", beamWidth);
            }
            threads = Math.max(1, threads);
        }

        public static Parameters defaults() {
            return new Parameters(DEFAULT_M, DEFAULT_BEAM, Runtime.getRuntime().availableProcessors());
        }
    }

    private final DirectoryReader reader;
    private final LeafReader leaf;
    private final int[] rowOfDoc;

    private HnswIndex(DirectoryReader reader) throws IOException {
        this.reader = reader;
        if (reader.leaves().size() != 1) {
            throw new IOException("expected one merged segment, found " + reader.leaves().size());
        }
        this.leaf = reader.leaves().get(0).reader();
        this.rowOfDoc = new int[leaf.maxDoc()];
        NumericDocValues rows = leaf.getNumericDocValues(ROW);
        for (int doc = rows.nextDoc(); doc != NumericDocValues.NO_MORE_DOCS; doc = rows.nextDoc()) {
            rowOfDoc[doc] = (int) rows.longValue();
        }
    }

    /** Builds the graph of a complete index (replacing an earlier one) and records it in the manifest. */
    public static void build(GalleryIndex index, Parameters p, JobListener listener, CancellationToken token) {
        Path folder = index.dir().resolve(FOLDER);
        IndexManifest manifest = index.manifest();
        listener.log("building the HNSW graph (m " + p.m() + ", beam " + p.beamWidth() + ", " + p.threads() + " threads) over "
                + index.size() + " rows");
        long start = System.nanoTime();
        ExecutorService merges = Executors.newFixedThreadPool(p.threads());
        try {
            deleteTree(folder);
            IndexWriterConfig config = new IndexWriterConfig()
                    .setCodec(codec(p, merges))
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                    .setRAMBufferSizeMB(1024)
                    .setCommitOnClose(false);
            try (FSDirectory dir = FSDirectory.open(folder); IndexWriter writer = new IndexWriter(dir, config)) {
                AtomicLong added = new AtomicLong();
                int shards = manifest.shardCount();
                long total = index.size() + index.size() / 2; // the merge re-inserts about half the rows
                for (int s = 0; s < shards; s++) {
                    token.check();
                    Embeddings e = index.shard(s);
                    int base = s * manifest.shardSize();
                    int per = (e.count() + p.threads() - 1) / p.threads();
                    IntStream.range(0, p.threads()).parallel().forEach(t -> {
                        for (int i = t * per; i < Math.min(e.count(), (t + 1) * per); i++) {
                            add(writer, e.row(i), base + i);
                        }
                    });
                    listener.progress(added.addAndGet(e.count()), total, "HNSW graph: added " + added.get() + "/" + index.size() + " rows");
                }
                listener.progress(index.size(), total, "HNSW graph: merging into one");
                writer.forceMerge(1);
                writer.commit();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof CancellationToken.CancelledException) {
                throw (CancellationToken.CancelledException) e;
            }
            throw new StoreWriteException("cannot build the HNSW graph in " + folder + ": " + Json.describe(e), e);
        } finally {
            merges.shutdownNow();
        }
        IndexManifest.Ann ann = new IndexManifest.Ann("lucene-hnsw", FOLDER, p.m(), p.beamWidth(), Instant.now());
        Json.writeAtomically(index.dir().resolve(GalleryIndex.MANIFEST), manifest.withAnn(ann));
        listener.log(String.format("HNSW graph built in %.1f s", (System.nanoTime() - start) / 1e9));
    }

    private static void add(IndexWriter writer, float[] vector, int row) {
        Document doc = new Document();
        doc.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
        doc.add(new NumericDocValuesField(ROW, row));
        try {
            writer.addDocument(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Lucene912Codec codec(Parameters p, ExecutorService merges) {
        KnnVectorsFormat format = new Lucene99HnswVectorsFormat(p.m(), p.beamWidth(), p.threads(), p.threads() > 1 ? merges : null);
        return new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
    }

    /** The graph of {@code index}; an index without one is one line saying how to build it. */
    public static HnswIndex open(GalleryIndex index) {
        if (index.manifest().ann() == null) {
            throw new BadInputException("gallery index " + index.dir() + " has no HNSW graph: build it with cmpnas index again (without --no-ann),"
                    + " or search exactly with --exact");
        }
        try {
            return new HnswIndex(DirectoryReader.open(FSDirectory.open(index.dir().resolve(index.manifest().ann().folder()))));
        } catch (IOException e) {
            throw new BadInputException("the HNSW graph of gallery index " + index.dir() + " is unreadable (" + e.getMessage()
                    + "): build it again with cmpnas index", e);
        }
    }

    /** The {@code k} best rows per query (scores: dot products), exploring {@code ef} ≥ k candidates each, on {@code threads} threads. */
    public TopKSearch.Result search(Embeddings queries, int k, int ef, int threads) {
        int explore = Math.max(k, ef);
        int[] indices = new int[queries.count() * k];
        float[] scores = new float[queries.count() * k];
        Arrays.fill(indices, -1);
        Arrays.fill(scores, Float.NEGATIVE_INFINITY);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            int per = Math.max(1, (queries.count() + threads - 1) / threads);
            var futures = IntStream.range(0, (queries.count() + per - 1) / per).mapToObj(t -> pool.submit(() -> {
                for (int q = t * per; q < Math.min(queries.count(), (t + 1) * per); q++) {
                    searchOne(queries.row(q), k, explore, q, indices, scores);
                }
                return null;
            })).toList();
            for (var f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("search interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("HNSW search failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new TopKSearch.Result(k, indices, scores);
    }

    private void searchOne(float[] query, int k, int explore, int q, int[] indices, float[] scores) throws IOException {
        TopDocs top = leaf.searchNearestVectors(VECTOR, query, explore, leaf.getLiveDocs(), Integer.MAX_VALUE);
        ScoreDoc[] docs = top.scoreDocs;
        for (int r = 0; r < Math.min(k, docs.length); r++) {
            indices[q * k + r] = rowOfDoc[docs[r].doc];
            scores[q * k + r] = 2 * docs[r].score - 1; // Lucene's dot-product score is (1 + dot) / 2
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            // read-only: nothing to lose
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package org.cmpnas.engine.index;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.Sha256;
import org.cmpnas.engine.eval.EmbeddingFile;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.eval.TopKSearch;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.store.Provenance;
import org.cmpnas.engine.store.StoreWriteException;

/**
 * A gallery index on disk, the gallery side of visual search at scale:
 * <pre>
 * INDEX/manifest.json        what it holds (see {@link IndexManifest})
 * INDEX/shards/00000.emb     the L2-normalised embeddings of rows 0 .. shardSize-1, in {@link EmbeddingFile}'s format
 * INDEX/shards/00000.tsv     those rows' "row TAB path", the path relative to the source
 * INDEX/hnsw/                the approximate nearest-neighbour graph (Lucene), once built
 * </pre>
 * Reading one shard at a time keeps memory at a shard's size, whatever the collection's.
 */
public final class GalleryIndex {
    public static final int FORMAT = 1;
    public static final String MANIFEST = "manifest.json";
    static final String SHARDS = "shards";

    private final Path dir;
    private final IndexManifest manifest;

    private GalleryIndex(Path dir, IndexManifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    /** A complete index of this workbench's format and protocol; anything else is one line saying what it is. */
    public static GalleryIndex open(Path dir) {
        IndexManifest manifest = readManifest(dir).orElseThrow(() -> new BadInputException(
                Files.isDirectory(dir) ? dir + " is not a gallery index (no " + MANIFEST + "; make one with cmpnas index)"
                        : "gallery index not found: " + dir));
        if (manifest.format() != FORMAT) {
            throw new BadInputException("gallery index " + dir + " has format " + manifest.format() + "; this workbench reads format " + FORMAT);
        }
        if (manifest.protocol() != Provenance.PROTOCOL_VERSION) {
            throw new BadInputException("gallery index " + dir + " was built under protocol v" + manifest.protocol() + " and this workbench follows v"
                    + Provenance.PROTOCOL_VERSION + ": build it again with cmpnas index");
        }
        if (!manifest.complete()) {
            throw new BadInputException("gallery index " + dir + " is not complete (" + manifest.state()
                    + "): run the same cmpnas index again to finish it");
        }
        return new GalleryIndex(dir, manifest);
    }

    /**
     * An index of embeddings already at hand (benchmarks, tests): rows named by {@code paths}, written as
     * {@code cmpnas index} writes them, without a gallery run ("none") or a graph.
     */
    public static GalleryIndex of(Path dir, Embeddings embeddings, List<String> paths, int shardSize, Instant at) {
        IndexManifest m = new IndexManifest(FORMAT, IndexManifest.BUILDING, Provenance.PROTOCOL_VERSION, "none", "none", "none",
                null, dir.toAbsolutePath().toString(), "none", embeddings.count(), embeddings.dim(), shardSize, List.of(), null, at, null, null);
        for (int s = 0; s < m.shardCount(); s++) {
            int first = s * shardSize;
            int rows = Math.min(shardSize, embeddings.count() - first);
            float[] part = Arrays.copyOfRange(embeddings.data(), first * embeddings.dim(), (first + rows) * embeddings.dim());
            writeShard(dir, s, first, paths.subList(first, first + rows), new Embeddings(part, rows, embeddings.dim()));
        }
        IndexManifest sealed = seal(dir, m, at);
        Json.writeAtomically(dir.resolve(MANIFEST), sealed);
        return new GalleryIndex(dir, sealed);
    }

    /** Writes one shard: its rows' paths first, its embeddings last (a shard is done once its embeddings read back). */
    static void writeShard(Path dir, int shard, int firstRow, List<String> paths, Embeddings embeddings) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < paths.size(); i++) {
            text.append(firstRow + i).append('\t').append(paths.get(i)).append('\n');
        }
        try {
            Files.createDirectories(dir.resolve(SHARDS));
        } catch (IOException e) {
            throw StoreWriteException.of(dir, e);
        }
        Json.writeAtomically(shardPaths(dir, shard), text.toString().getBytes(StandardCharsets.UTF_8));
        EmbeddingFile.write(shardEmbeddings(dir, shard), embeddings);
    }

    /** The manifest of a finished index: each shard's rows and hash, and the checksum over them. */
    static IndexManifest seal(Path dir, IndexManifest manifest, Instant at) {
        List<IndexManifest.Shard> shards = new ArrayList<>();
        MessageDigest sum = Sha256.digest();
        int dim = 0;
        for (int s = 0; s < manifest.shardCount(); s++) {
            Path file = shardEmbeddings(dir, s);
            String hash = fileHash(file);
            Embeddings e = EmbeddingFile.read(file).orElseThrow(() -> new BadInputException("shard " + file + " was damaged while the index was built"));
            dim = e.dim();
            shards.add(new IndexManifest.Shard(SHARDS + "/" + file.getFileName(), SHARDS + "/" + shardPaths(dir, s).getFileName(), e.count(), hash));
            sum.update(hash.getBytes(StandardCharsets.US_ASCII));
        }
        return manifest.completed(shards, Sha256.hex(sum.digest()), dim, at);
    }

    static String fileHash(Path file) {
        try (var in = Files.newInputStream(file)) {
            MessageDigest md = Sha256.digest();
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
            return Sha256.hex(md.digest());
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The manifest in {@code dir}, or empty where there is none; an unreadable one is a BadInputException. */
    static Optional<IndexManifest> readManifest(Path dir) {
        Path file = dir.resolve(MANIFEST);
        try {
            return Optional.of(Json.mapper().readValue(Files.readString(file), IndexManifest.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException("the manifest of gallery index " + dir + " is unreadable: " + Json.describe(e), e);
        }
    }

    static Path shardEmbeddings(Path dir, int shard) {
        return dir.resolve(SHARDS).resolve(String.format("%05d.emb", shard));
    }

    static Path shardPaths(Path dir, int shard) {
        return dir.resolve(SHARDS).resolve(String.format("%05d.tsv", shard));
    }

    public Path dir() {
        return dir;
    }

    public IndexManifest manifest() {
        return manifest;
    }

    public int size() {
        return manifest.count();
    }

    /** Shard {@code s}'s embeddings; a missing or damaged file is a BadInputException. */
    public Embeddings shard(int s) {
        Path file = shardEmbeddings(dir, s);
        Embeddings e = EmbeddingFile.read(file)
                .orElseThrow(() -> new BadInputException("shard " + file + " of gallery index " + dir + " is missing or damaged: build the index again"));
        if (e.count() != manifest.shards().get(s).rows() || e.dim() != manifest.dim()) {
            throw new BadInputException("shard " + file + " holds " + e.count() + " × " + e.dim() + " embeddings, the manifest says "
                    + manifest.shards().get(s).rows() + " × " + manifest.dim());
        }
        return e;
    }

    /** The source paths of shard {@code s}'s rows, in row order. */
    public List<String> shardPaths(int s) {
        Path file = shardPaths(dir, s);
        try {
            List<String> paths = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                paths.add(line.substring(line.indexOf('\t') + 1));
            }
            return paths;
        } catch (IOException | StringIndexOutOfBoundsException e) {
            throw new BadInputException("paths " + file + " of gallery index " + dir + " are unreadable: " + e.getMessage(), e);
        }
    }

    /** The source path of each row, looked up shard by shard. */
    public List<String> paths(int[] rows) {
        List<String> out = new ArrayList<>(rows.length);
        Map<Integer, List<String>> shards = new HashMap<>();
        for (int row : rows) {
            out.add(row < 0 ? null : shards.computeIfAbsent(row / manifest.shardSize(), this::shardPaths).get(row % manifest.shardSize()));
        }
        return out;
    }

    /** Where a stored path points: relative paths are relative to the source the index was built from. */
    public Path file(String path) {
        return Path.of(manifest.source()).resolve(path);
    }

    /** Exact top-k of the queries over every row, a shard at a time: the reference the ANN search is measured against. */
    public TopKSearch.Result exactSearch(Embeddings queries, int k) {
        TopKSearch.Result best = null;
        for (int s = 0; s < manifest.shardCount(); s++) {
            TopKSearch.Result part = TopKSearch.search(queries, shard(s), k);
            best = best == null ? part : merge(best, part, s * manifest.shardSize(), queries.count(), k);
        }
        return best;
    }

    /** The k best of {@code a} (rows as they are) and {@code b} (rows offset by {@code offset}); ties to the lower row. */
    private static TopKSearch.Result merge(TopKSearch.Result a, TopKSearch.Result b, int offset, int queries, int k) {
        int[] indices = new int[queries * k];
        float[] scores = new float[queries * k];
        for (int q = 0; q < queries; q++) {
            int i = 0;
            int j = 0;
            for (int r = 0; r < k; r++) {
                boolean takeA = b.index(q, j) < 0 || (a.index(q, i) >= 0 && a.score(q, i) >= b.score(q, j));
                if (takeA) {
                    indices[q * k + r] = a.index(q, i);
                    scores[q * k + r] = a.score(q, i++);
                } else {
                    indices[q * k + r] = b.index(q, j) + offset;
                    scores[q * k + r] = b.score(q, j++);
                }
            }
        }
        return new TopKSearch.Result(k, indices, scores);
    }
}

package org.cmpnas.engine.index;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.ImageFolderOptions;
import org.cmpnas.engine.data.ImageFolderReader;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.eval.DemoHit;
import org.cmpnas.engine.eval.DemoQuery;
import org.cmpnas.engine.eval.DemoRow;
import org.cmpnas.engine.eval.DemoSearch;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.eval.RetrievalDemo;
import org.cmpnas.engine.eval.TopKSearch;

/**
 * A gallery index as the retrieval demo's fourth row: the query, embedded by the demo's query model, searched
 * in the index's HNSW graph; the hits' files read as the demo's dataset images are, to be drawn beside the
 * others (the last few hundred kept, so stepping through queries reads few files). The index must have been
 * embedded by the demo's gallery model: another model's embeddings are not comparable.
 */
public final class IndexDemoGallery implements RetrievalDemo.ExtraGallery {
    private static final int EF = 100;
    private static final int PICTURES_KEPT = 512;

    private final GalleryIndex index;
    private final HnswIndex hnsw;
    private final String queryModel;
    private final String galleryModel;
    private final long queryMacs;
    private final LabeledImages shape;
    private final Map<Integer, byte[]> pictures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, byte[]> eldest) {
            return size() > PICTURES_KEPT;
        }
    };

    private IndexDemoGallery(GalleryIndex index, HnswIndex hnsw, RetrievalDemo demo) {
        this.index = index;
        this.hnsw = hnsw;
        this.queryModel = demo.queryRun().name();
        this.galleryModel = demo.galleryRun().name();
        this.queryMacs = demo.queryRun().macs();
        this.shape = demo.queries();
    }

    /** The index in {@code dir} for {@code demo}; one of another gallery model, or without a graph, is one line saying so. */
    public static IndexDemoGallery open(Path dir, RetrievalDemo demo) {
        GalleryIndex index = GalleryIndex.open(dir);
        String gallery = demo.galleryRun().id();
        if (!index.manifest().galleryRun().equals(gallery)) {
            throw new BadInputException("gallery index " + dir.getFileName() + " was embedded by gallery model " + index.manifest().galleryRun()
                    + ", not by " + demo.galleryRun().name() + " (" + gallery + "): use that one as the gallery model to search it");
        }
        return new IndexDemoGallery(index, HnswIndex.open(index), demo);
    }

    @Override
    public String describe() {
        return index.dir().getFileName() + " (" + String.format(Locale.ROOT, "%,d", index.size()) + " images)";
    }

    @Override
    public synchronized DemoRow search(DemoQuery query, int k) {
        float[] q = query.byQueryModel();
        TopKSearch.Result top = hnsw.search(new Embeddings(q, 1, q.length), k, Math.max(EF, k), 1);
        int[] rows = new int[k];
        for (int r = 0; r < k; r++) {
            rows[r] = top.index(0, r);
        }
        List<String> paths = index.paths(rows);
        List<DemoHit> hits = new ArrayList<>();
        byte[] drawn = new byte[k * shape.imageSize()];
        for (int r = 0; r < k && rows[r] >= 0; r++) {
            System.arraycopy(picture(rows[r], paths.get(r)), 0, drawn, r * shape.imageSize(), shape.imageSize());
            hits.add(new DemoHit(r, -1, top.score(0, r), null, paths.get(r)));
        }
        LabeledImages drawnImages = new LabeledImages(Arrays.copyOf(drawn, hits.size() * shape.imageSize()), new int[hits.size()],
                shape.channels(), shape.rows(), shape.cols(), List.of("index"), shape.normalization());
        return new DemoRow(DemoSearch.INDEX, queryModel, galleryModel, queryMacs, hits, drawnImages);
    }

    /** Row {@code row}'s image as the dataset's images are; a file that cannot be read any more is drawn black. */
    private byte[] picture(int row, String path) {
        return pictures.computeIfAbsent(row, r -> {
            try {
                return ImageFolderReader.readImage(index.file(path), new ImageFolderOptions(shape.rows(), shape.cols(), ImageFolderOptions.Fit.crop,
                        shape.channels() == 1, shape.normalization()), shape.channels());
            } catch (BadInputException e) {
                return new byte[shape.imageSize()];
            }
        });
    }

    @Override
    public void close() {
        hnsw.close();
    }
}

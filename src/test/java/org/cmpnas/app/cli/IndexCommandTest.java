package org.cmpnas.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.cmpnas.engine.index.GalleryIndex;
import org.cmpnas.engine.index.IndexFixtures;
import org.cmpnas.engine.index.IndexManifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cmpnas index} and {@code query} as a user runs them: killed and resumed, answering, refusing bad input in one line. */
class IndexCommandTest {
    @TempDir
    static Path tmp;
    static Path store;
    static Path images;

    @BeforeAll
    static void prepare() {
        store = tmp.resolve("store");
        IndexFixtures.sampleStore(store);
        images = IndexFixtures.pngFolder(tmp.resolve("images"), 400);
    }

    private static String[] index(Path out) {
        return new String[] {"index", "--gallery", IndexFixtures.GALLERY, "--images", images.toString(), "--out", out.toString(),
                "--shard-size", "40"};
    }

    @Test
    void aKilledIndexResumesToByteIdenticalShards() throws Exception {
        Path logs = tmp.resolve("logs");
        Path straight = tmp.resolve("straight");
        ChildCli reference = ChildCli.start(store, logs, index(straight));
        assertThat(reference.waitFor(300)).as(reference.err()).isZero();
        assertThat(reference.lastLine()).isEqualTo(straight.toString());

        Path killed = tmp.resolve("killed");
        ChildCli child = ChildCli.start(store, logs, index(killed));
        // kill once a few of the ten shards are on disk
        while (child.isAlive() && shards(killed) < 3) {
            child.waitFor(20, TimeUnit.MILLISECONDS);
        }
        child.kill();
        long kept = shards(killed);
        ChildCli resumed = ChildCli.start(store, logs, index(killed));
        assertThat(resumed.waitFor(300)).as(resumed.err()).isZero();
        if (kept < 10) {
            assertThat(resumed.err()).contains("resuming: " + kept + " of 10 shards");
        }
        IndexManifest a = GalleryIndex.open(straight).manifest();
        IndexManifest b = GalleryIndex.open(killed).manifest();
        assertThat(b.checksum()).isEqualTo(a.checksum());
        for (IndexManifest.Shard s : a.shards()) {
            assertThat(Files.readAllBytes(killed.resolve(s.embeddings()))).isEqualTo(Files.readAllBytes(straight.resolve(s.embeddings())));
        }
        assertThat(b.ann()).isNotNull();
    }

    private static long shards(Path out) throws Exception {
        Path dir = out.resolve("shards");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".emb")).count();
        }
    }

    @Test
    void queryPrintsRanksScoresRowsAndPathsAndWarnsOfUnknownCompatibility() {
        Path out = tmp.resolve("queried");
        assertThat(Cli.run(store, index(out)).code()).isZero();
        String image = images.resolve("shoes/img-0010.png").toString();
        Cli.Result self = Cli.run(store, "query", "--index", out.toString(), "--model", IndexFixtures.GALLERY, "-k", "3", image);
        assertThat(self.code()).as(self.err()).isZero();
        assertThat(self.err()).doesNotContain("warning");
        assertThat(self.out().lines().toList()).hasSize(4).first().isEqualTo(image);
        assertThat(self.out().lines().skip(1).findFirst().orElseThrow()).matches("\\s+1\\s+1\\.0000\\s+\\d+\\s+shoes/img-0010\\.png");

        Cli.Result other = Cli.run(store, "query", "--index", out.toString(), "--model", IndexFixtures.OTHER_QUERY, "--exact", image);
        assertThat(other.code()).as(other.err()).isZero();
        assertThat(other.err().lines().filter(l -> l.startsWith("warning:")).count()).isEqualTo(1);
        assertThat(other.out().lines().count()).isEqualTo(11);
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Path out = tmp.resolve("bad");
        Path corrupt = IndexFixtures.pngFolder(tmp.resolve("corrupt"), 5);
        Files.writeString(corrupt.resolve("shoes/broken.jpg"), "no jpeg");
        Path stale = tmp.resolve("stale");
        assertThat(Cli.run(store, "index", "--gallery", IndexFixtures.GALLERY, "--images", IndexFixtures.pngFolder(tmp.resolve("few"), 4).toString(),
                "--out", stale.toString(), "--no-ann").code()).isZero();
        Path manifest = stale.resolve(GalleryIndex.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"protocol\" : \\d+", "\"protocol\" : 1"));
        String[][] cases = {
                {"index", "--gallery", IndexFixtures.GALLERY, "--images", tmp.resolve("nowhere").toString(), "--out", out.toString()},
                {"index", "--gallery", IndexFixtures.GALLERY, "--images", corrupt.toString(), "--out", out.toString()},
                {"index", "--gallery", "20261206-222511-10af", "--images", images.toString(), "--out", out.toString()},
                {"index", "--gallery", IndexFixtures.GALLERY, "--images", images.toString(), "--out", out.toString(), "--shard-size", "0"},
                {"query", "--index", stale.toString(), "--model", IndexFixtures.GALLERY, images.resolve("shoes/img-0000.png").toString()},
                {"query", "--index", tmp.resolve("nothing").toString(), "--model", IndexFixtures.GALLERY, images.resolve("shoes/img-0000.png").toString()},
        };
        String[] mentions = {"images not found", "broken.jpg", "search run", "--shard-size", "protocol v1", "gallery index not found"};
        for (int i = 0; i < cases.length; i++) {
            Cli.Result r = Cli.run(store, cases[i]);
            assertThat(r.code()).as(String.join(" ", cases[i]) + ": " + r.err()).isEqualTo(2);
            // the error is the last line, one line (a corrupt image deep in a collection is met after the job's first log line)
            List<String> lines = r.err().strip().lines().toList();
            assertThat(lines.get(lines.size() - 1)).as(r.err()).startsWith("cmpnas: ").contains(mentions[i]);
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }
}

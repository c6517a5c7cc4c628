package org.cmpnas.engine.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.Sha256;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.eval.TopKSearch;
import org.cmpnas.engine.store.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk gallery index: shards and manifest read back as written; exact search across shards; what it refuses. */
class GalleryIndexTest {
    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    private static List<String> paths(int n) {
        return IntStream.range(0, n).mapToObj(i -> "class-" + i % 3 + "/img-" + i + ".png").toList();
    }

    @Test
    void shardsAndManifestRoundTrip() throws Exception {
        Embeddings rows = IndexFixtures.randomRows(1000, 16, 1);
        GalleryIndex written = GalleryIndex.of(dir, rows, paths(1000), 300, AT);

        GalleryIndex index = GalleryIndex.open(dir);
        IndexManifest m = index.manifest();
        assertThat(m).isEqualTo(written.manifest());
        assertThat(Json.mapper().readValue(Files.readString(dir.resolve(GalleryIndex.MANIFEST)), IndexManifest.class)).isEqualTo(m);
        assertThat(m.count()).isEqualTo(1000);
        assertThat(m.dim()).isEqualTo(16);
        assertThat(m.shards()).extracting(IndexManifest.Shard::rows).containsExactly(300, 300, 300, 100);
        for (int s = 0; s < 4; s++) {
            Embeddings shard = index.shard(s);
            for (int i = 0; i < shard.count(); i++) {
                assertThat(shard.row(i)).isEqualTo(rows.row(300 * s + i));
            }
            assertThat(index.shardPaths(s)).isEqualTo(paths(1000).subList(300 * s, 300 * s + shard.count()));
            // the manifest's hash is the file's, as sha256sum computes it
            assertThat(m.shards().get(s).sha256()).isEqualTo(Sha256.hex(Sha256.of(Files.readAllBytes(dir.resolve(m.shards().get(s).embeddings())))));
        }
        assertThat(index.paths(new int[] {0, 299, 300, 999, -1})).containsExactly("class-0/img-0.png", "class-2/img-299.png",
                "class-0/img-300.png", "class-0/img-999.png", null);
    }

    @Test
    void exactSearchAcrossShardsEqualsOneSearchOfEveryRow() {
        Embeddings rows = IndexFixtures.randomRows(1000, 16, 2);
        Embeddings queries = IndexFixtures.randomRows(40, 16, 3);
        TopKSearch.Result sharded = GalleryIndex.of(dir, rows, paths(1000), 128, AT).exactSearch(queries, 10);
        TopKSearch.Result whole = TopKSearch.search(queries, rows, 10);
        assertThat(sharded.indices()).isEqualTo(whole.indices());
        // the products' blocking follows the gallery's size, so scores may differ in their last bit
        for (int i = 0; i < whole.scores().length; i++) {
            assertThat(sharded.scores()[i]).isCloseTo(whole.scores()[i], org.assertj.core.api.Assertions.within(1e-6f));
        }
    }

    @Test
    void refusesAnIndexOfAnotherProtocolInOneLine() throws Exception {
        GalleryIndex.of(dir, IndexFixtures.randomRows(10, 4, 4), paths(10), 8, AT);
        Path manifest = dir.resolve(GalleryIndex.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"protocol\" : \\d+", "\"protocol\" : 2"));
        assertThatThrownBy(() -> GalleryIndex.open(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("protocol v2").hasMessageContaining("build it again").hasMessageNotContaining("\n");
    }

    @Test
    void refusesWhatIsNotACompleteIndex() throws Exception {
        assertThatThrownBy(() -> GalleryIndex.open(dir.resolve("missing"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("gallery index not found");
        assertThatThrownBy(() -> GalleryIndex.open(dir)).isInstanceOf(BadInputException.class).hasMessageContaining("not a gallery index");
        Files.writeString(dir.resolve(GalleryIndex.MANIFEST), "{ not json");
        assertThatThrownBy(() -> GalleryIndex.open(dir)).isInstanceOf(BadInputException.class).hasMessageContaining("unreadable");
        Path other = dir.resolve("other");
        GalleryIndex.of(other, IndexFixtures.randomRows(10, 4, 5), paths(10), 8, AT);
        Files.writeString(other.resolve(GalleryIndex.MANIFEST), Files.readString(other.resolve(GalleryIndex.MANIFEST))
                .replace("\"complete\"", "\"building\""));
        assertThatThrownBy(() -> GalleryIndex.open(other)).isInstanceOf(BadInputException.class).hasMessageContaining("not complete");
    }
}

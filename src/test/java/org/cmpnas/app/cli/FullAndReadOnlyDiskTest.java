package org.cmpnas.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store on a real small file system that fills up, then turns read-only: {@code cmpnas} runs in a
 * private mount namespace ({@code unshare -rm}, no root needed) on a tmpfs of a few hundred KB. Every
 * failed write is one line naming the path and the reason, and the run saved before is untouched.
 * Skipped where user namespaces are not available.
 */
class FullAndReadOnlyDiskTest {
    @TempDir
    Path tmp;

    private static final String SCRIPT = """
            set -u
            mount -t tmpfs -o size=1024k tmpfs "$DISK" || exit 90
            cp -r "$SEED"/. "$DISK"/
            avail=$(df -k --output=avail "$DISK" | tail -1)
            dd if=/dev/zero of="$DISK/.filler" bs=1k count=$((avail - 48)) 2>/dev/null
            cmpnas() { "$JAVA" -Dai.djl.offline=true -Xmx1g -cp "$CP" org.cmpnas.app.Main "$@" --store "$DISK"; }
            cmpnas train --arch resnet-q --epochs 1 --limit 256 --name full >"$OUT/full.out" 2>"$OUT/full.err"; echo $? >"$OUT/full.code"
            mount -o remount,ro "$DISK" || exit 91
            cmpnas train --arch resnet-q --epochs 1 --limit 256 --name ro >"$OUT/ro-train.out" 2>"$OUT/ro-train.err"; echo $? >"$OUT/ro-train.code"
            cmpnas runs delete "$IMPORTED" >"$OUT/ro-delete.out" 2>"$OUT/ro-delete.err"; echo $? >"$OUT/ro-delete.code"
            cmpnas runs list --json >"$OUT/ro-list.out" 2>"$OUT/ro-list.err"; echo $? >"$OUT/ro-list.code"
            mkdir "$OUT/store" && cp -r "$DISK"/. "$OUT/store"/
            """;

    @Test
    void aFullDiskAndThenAReadOnlyStoreFailWithTheirPathAndLoseNothing() throws Exception {
        assumeTrue(canUnshare(), "needs unshare -rm (user and mount namespaces)");
        Path seed = Files.createDirectory(tmp.resolve("seed"));
        Path tiny = Path.of(getClass().getResource("/torchscript/tiny.pt").toURI());
        Cli.Result imported = Cli.run(seed, "import-gallery", "--torchscript", tiny.toString(), "--name", "saved before", "--macs", "7568");
        assertThat(imported.code()).as(imported.err()).isZero();
        String savedId = imported.out().strip();
        Path disk = Files.createDirectory(tmp.resolve("disk"));
        Path out = Files.createDirectory(tmp.resolve("out"));

        ProcessBuilder builder = new ProcessBuilder("unshare", "-rm", "sh", "-c", SCRIPT).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("script.log").toFile());
        builder.environment().put("DISK", disk.toString());
        builder.environment().put("SEED", seed.toString());
        builder.environment().put("OUT", out.toString());
        builder.environment().put("IMPORTED", savedId);
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().put("CP", System.getProperty("java.class.path"));
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process script = builder.start();
        assertThat(script.waitFor(600, TimeUnit.SECONDS)).isTrue();
        assertThat(script.exitValue()).as(Files.readString(tmp.resolve("script.log"))).isZero();

        // Full disk: the first checkpoint does not fit.
        assertThat(read(out, "full.code")).isEqualTo("2");
        String[] fullErr = read(out, "full.err").split("\n"); // the epoch's log line, then the error
        assertThat(fullErr[fullErr.length - 1]).startsWith("cmpnas: cannot write a checkpoint into " + disk)
                .endsWith(": no space left on device");
        assertThat(fullErr).filteredOn(line -> line.startsWith("cmpnas:")).hasSize(1);
        // Read-only: refused before anything is written, naming the store.
        assertThat(read(out, "ro-train.code")).isEqualTo("2");
        assertThat(read(out, "ro-train.err")).doesNotContain("\n").contains(disk.toString()).contains("not writable");
        assertThat(read(out, "ro-delete.code")).isEqualTo("2");
        assertThat(read(out, "ro-delete.err")).doesNotContain("\n").contains(disk.toString());
        assertThat(read(out, "ro-list.code")).as("a read-only store can still be read").isEqualTo("0");
        JsonNode listed = Json.mapper().readTree(read(out, "ro-list.out"));
        assertThat(listed.size()).isEqualTo(2);

        Path after = out.resolve("store");
        StoreChecks.assertIntact(after);
        RunStore store = new RunStore(after);
        RunRecord saved = store.load(savedId);
        assertThat(saved.status()).isEqualTo(RunStatus.finished);
        assertThat(saved.deleted()).isFalse();
        assertSameFiles(seed.resolve(savedId), after.resolve(savedId));
        RunRecord full = store.list().stream().flatMap(l -> l.record().stream()).filter(r -> r.name().equals("full")).findFirst().orElseThrow();
        assertThat(full.status()).as("the run that hit the full disk does not look finished").isEqualTo(RunStatus.failed);
        assertThat(full.message()).contains("no space left on device");
    }

    private static void assertSameFiles(Path expected, Path actual) throws Exception {
        try (Stream<Path> files = Files.walk(expected)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                assertThat(actual.resolve(expected.relativize(f))).as("kept unchanged").hasSameBinaryContentAs(f);
            }
        }
    }

    private static String read(Path dir, String name) throws Exception {
        return Files.readString(dir.resolve(name)).strip();
    }

    private static boolean canUnshare() {
        try {
            Process p = new ProcessBuilder("unshare", "-rm", "sh", "-c", "mount -t tmpfs tmpfs /mnt || mount -t tmpfs tmpfs /tmp")
                    .redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}

package org.cmpnas.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunListing;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue of bad inputs: every one is refused by the command line with exit code 2 and one
 * line on stderr naming what is wrong, and none leaves a run behind that looks finished or alive.
 * Add a line to {@link #catalogue()} for every new kind of bad input.
 */
class BadInputCatalogueTest {
    @TempDir
    static Path tmp;

    private static Path store;
    private static Path files;
    private static String imported;
    private static String badConfig;
    private static String damaged = "20200101-000000-dead";

    /** One bad input: the arguments (given the fixture) and the words its message must contain. */
    record Case(String name, Function<Fixture, String[]> args, Function<Fixture, String[]> mentions, Function<Fixture, Path> store) {
        Case(String name, Function<Fixture, String[]> args, Function<Fixture, String[]> mentions) {
            this(name, args, mentions, f -> f.store());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Paths and run ids the cases refer to. */
    record Fixture(Path store, Path files, String imported, String badConfig, String damaged) {
        String file(String name) {
            return files.resolve(name).toString();
        }
    }

    private static Case c(String name, Function<Fixture, String[]> args, String... mentions) {
        return new Case(name, args, f -> mentions);
    }

    private static Case c(String name, Function<Fixture, String[]> args, Function<Fixture, String[]> mentions) {
        return new Case(name, args, mentions);
    }

    private static String[] a(String... args) {
        return args;
    }

    static Stream<Case> catalogue() {
        List<Case> cases = new ArrayList<>(List.of(
                // command-line options
                c("unknown architecture", f -> a("train", "--arch", "resnet-x"), "resnet-x"),
                c("malformed subnet text", f -> a("train", "--arch", "d2-1_w16"), "d2-1_w16"),
                c("missing --arch", f -> a("train"), "--arch"),
                c("non-numeric --epochs", f -> a("train", "--arch", "resnet-q", "--epochs", "many"), "--epochs", "many"),
                c("zero epochs", f -> a("train", "--arch", "resnet-q", "--epochs", "0"), "--epochs"),
                c("negative learning rate", f -> a("train", "--arch", "resnet-q", "--lr", "-1"), "--lr"),
                c("NaN learning rate", f -> a("train", "--arch", "resnet-q", "--lr", "NaN"), "--lr"),
                c("infinite learning rate", f -> a("train", "--arch", "resnet-q", "--lr", "Infinity"), "--lr"),
                c("zero batch", f -> a("train", "--arch", "resnet-q", "--batch", "0"), "--batch"),
                c("negative --limit", f -> a("train", "--arch", "resnet-q", "--limit", "-5"), "--limit"),
                c("misspelt option", f -> a("train", "--arch", "resnet-q", "--epoch", "2"), "--epoch"),
                c("unknown loss", f -> a("train", "--arch", "resnet-q", "--loss", "magic"), "magic"),
                c("compatibility loss without gallery", f -> a("train", "--arch", "resnet-q", "--loss", "bct"), "--gallery"),
                c("negative lambda", f -> a("train", "--arch", "resnet-q", "--loss", "bct", "--gallery", f.imported(), "--lambda", "-1"), "--lambda"),
                c("joint loss without gallery arch", f -> a("train", "--arch", "resnet-q", "--loss", "joint"), "--gallery-arch"),
                c("unknown command", f -> a("trian", "--arch", "resnet-q"), "trian"),
                // data folders and IDX files
                c("missing data folder", f -> a("train", "--arch", "resnet-q", "--data", f.file("nowhere")), f -> a(f.file("nowhere"))),
                c("data is a file", f -> a("train", "--arch", "resnet-q", "--data", f.file("notes.txt")), f -> a(f.file("notes.txt"))),
                c("image folder without val split", f -> a("train", "--arch", "resnet-q", "--data", f.file("no-val")), "val"),
                c("corrupt image", f -> a("train", "--arch", "resnet-q", "--data", f.file("corrupt")), "broken.png"),
                c("empty class folder", f -> a("train", "--arch", "resnet-q", "--data", f.file("empty-class")), "shirt"),
                c("IDX file with wrong magic", f -> a("train", "--arch", "resnet-q", "--data", f.file("idx-magic")), "magic"),
                c("truncated IDX file", f -> a("train", "--arch", "resnet-q", "--data", f.file("idx-truncated")), "truncated"),
                c("IDX labels not matching images", f -> a("train", "--arch", "resnet-q", "--data", f.file("idx-count")), "labels"),
                // TorchScript and .npy
                c("missing TorchScript file", f -> a("import-gallery", "--torchscript", f.file("absent.pt"), "--name", "g", "--macs", "100"),
                        f -> a(f.file("absent.pt"))),
                c("text file as TorchScript", f -> a("import-gallery", "--torchscript", f.file("notes.pt"), "--name", "g", "--macs", "100"),
                        f -> a(f.file("notes.pt"))),
                c("classifier that is not .npy", f -> a("import-gallery", "--torchscript", tiny(), "--classifier", f.file("w.csv.npy"), "--name", "g"),
                        f -> a(f.file("w.csv.npy"), "npy")),
                c("classifier of wrong shape", f -> a("import-gallery", "--torchscript", tiny(), "--classifier", f.file("w64.npy"), "--name", "g"),
                        f -> a(f.file("w64.npy"), "(10, 64)")),
                c("classifier of integers", f -> a("import-gallery", "--torchscript", tiny(), "--classifier", f.file("ints.npy"), "--name", "g"),
                        f -> a(f.file("ints.npy"), "float32")),
                c("negative --macs", f -> a("import-gallery", "--torchscript", tiny(), "--name", "g", "--macs", "-5"), "--macs"),
                c("sidecar that is not JSON", f -> a("import-gallery", "--torchscript", f.file("sidecar/model.pt"), "--name", "g"), "model.json"),
                // run ids and stored configs
                c("unknown run id", f -> a("runs", "show", "20990101-000000-zzzz"), "20990101-000000-zzzz"),
                c("ambiguous run prefix", f -> a("runs", "show", "2020"), "ambiguous"),
                c("run id with a path", f -> a("runs", "show", "../etc"), "../etc"),
                c("empty run id", f -> a("runs", "delete", " "), "empty"),
                c("damaged run", f -> a("runs", "show", f.damaged()), f -> a(f.damaged(), "damaged")),
                c("resume of an unknown run", f -> a("train", "--resume", "nope"), "nope"),
                c("resume of a finished run", f -> a("train", "--resume", f.imported()), f -> a(f.imported())),
                c("resume of a run whose config is unreadable", f -> a("train", "--resume", f.badConfig()), f -> a(f.badConfig(), "config")),
                c("evaluate against an unknown gallery", f -> a("evaluate", "--query", f.imported(), "--gallery", "nope"), "nope"),
                new Case("store that is a file", f -> a("runs", "list"), f -> a(f.file("notes.txt")), f -> Path.of(f.file("notes.txt"))),
                new Case("store folder that cannot be created", f -> a("train", "--arch", "resnet-q"), f -> a(f.file("notes.txt")),
                        f -> Path.of(f.file("notes.txt"), "runs")),
                // budgets and search settings
                c("search resume of a run that is no search", f -> a("search", "--resume", f.imported()), f -> a(f.imported(), "search --resume")),
                c("supernet resume of a run that is no supernet", f -> a("supernet", "--resume", f.imported()), f -> a(f.imported(), "supernet --resume")),
                c("search resume of an unknown run", f -> a("search", "--resume", "nope"), "nope"),
                c("search without budgets", f -> a("search", "--supernet", f.imported()), "--budgets"),
                c("budget that is not a number", f -> a("search", "--supernet", f.imported(), "--budgets", "abc"), "abc"),
                c("empty budgets", f -> a("search", "--supernet", f.imported(), "--budgets", ""), "--budgets"),
                c("negative budget", f -> a("search", "--supernet", f.imported(), "--budgets", "-1M"), "-1M"),
                c("budget below the smallest subnet", f -> a("search", "--supernet", f.imported(), "--budgets", "1K"), "1000"),
                c("search in a run that is no supernet", f -> a("search", "--supernet", f.imported(), "--budgets", "5M"), "not a supernet"),
                c("zero population", f -> a("search", "--supernet", f.imported(), "--budgets", "5M", "--population", "0"), "--population"),
                c("gallery budget below the smallest subnet", f -> a("search", "--supernet", f.imported(), "--budgets", "5M", "--gallery-budget", "1K"),
                        "--gallery-budget"),
                c("gallery budget that is not a number", f -> a("search", "--supernet", f.imported(), "--budgets", "5M", "--gallery-budget", "big"), "big"),
                c("pair supernet with a gallery too", f -> a("supernet", "--pair", "--gallery", f.imported()), f -> a("--pair", f.imported())),
                c("export budget that is not a number", f -> a("export", "--search", f.imported(), "--budget", "lots"), "lots")));
        return cases.stream();
    }

    private static String tiny() {
        try {
            return Path.of(BadInputCatalogueTest.class.getResource("/torchscript/tiny.pt").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void prepare() throws Exception {
        store = Files.createDirectory(tmp.resolve("store"));
        files = Files.createDirectory(tmp.resolve("files"));
        Cli.Result imp = Cli.run(store, "import-gallery", "--torchscript", tiny(), "--name", "imported", "--macs", "7568");
        assertThat(imp.code()).as(imp.err()).isZero();
        imported = imp.out().strip().lines().reduce((x, y) -> y).orElseThrow();

        RunStore runs = new RunStore(store);
        ObjectNode config = Json.mapper().createObjectNode().put("arch", 42).put("epochs", "several");
        var bad = runs.create("bad config", RunKind.gallery, "resnet-q", 0, 0, config, null);
        bad.setStatus(RunStatus.cancelled, "cancelled");
        badConfig = bad.id();
        Files.createDirectories(store.resolve(damaged));
        Files.writeString(store.resolve(damaged).resolve("run.json"), "{\"schemaVersion\": 1, \"id\": ");
        Files.createDirectories(store.resolve("20200101-000000-beef"));
        Files.writeString(store.resolve("20200101-000000-beef").resolve("run.json"), "");

        Files.writeString(files.resolve("notes.txt"), "not a folder\n");
        Files.writeString(files.resolve("notes.pt"), "this is not a TorchScript archive\n");
        Files.writeString(files.resolve("w.csv.npy"), "0.1,0.2,0.3\n");
        npy(files.resolve("w64.npy"), "<f4", new byte[4 * 10 * 64], 10, 64);
        npy(files.resolve("ints.npy"), "<i4", new byte[4 * 10 * 128], 10, 128);
        Path sidecar = Files.createDirectory(files.resolve("sidecar"));
        Files.copy(Path.of(tiny()), sidecar.resolve("model.pt"));
        Files.writeString(sidecar.resolve("model.json"), "{\"macs\": 7568,");

        imageFolder(files.resolve("no-val"), Map.of("train/shirt/a.png", png()));
        imageFolder(files.resolve("corrupt"), Map.of("train/shirt/a.png", png(), "train/shirt/broken.png", "PNG but not really".getBytes(),
                "val/shirt/a.png", png(), "test/shirt/a.png", png()));
        imageFolder(files.resolve("empty-class"), Map.of("train/coat/a.png", png(), "val/coat/a.png", png(), "test/coat/a.png", png()));
        Files.createDirectories(files.resolve("empty-class/train/shirt"));

        byte[] images = idxImages(4);
        byte[] labels = idxLabels(4);
        idxFolder(files.resolve("idx-magic"), withMagic(images, 0x0803 + 1), labels);
        idxFolder(files.resolve("idx-truncated"), Arrays.copyOf(images, images.length - 100), labels);
        idxFolder(files.resolve("idx-count"), images, idxLabels(3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void badInputIsOneLineExitTwoAndLeavesNoRunThatLooksFinished(Case c) {
        Fixture f = new Fixture(store, files, imported, badConfig, damaged);
        List<RunListing> before = new RunStore(store).list(true);
        Cli.Result r = Cli.run(c.store().apply(f), c.args().apply(f));

        assertThat(r.code()).as("exit code; stderr: %s", r.err()).isEqualTo(CmpnasCommand.USER_ERROR);
        assertThat(r.out()).as("stdout").isEmpty();
        String message = r.err().strip();
        assertThat(message).startsWith("cmpnas: ").doesNotContain("\n").doesNotContain("internal error").doesNotContain("Exception");
        for (String mention : c.mentions().apply(f)) {
            assertThat(message).contains(mention);
        }
        List<RunListing> after = new RunStore(store).list(true);
        List<String> known = before.stream().map(RunListing::id).toList();
        List<RunRecord> added = after.stream().filter(l -> !known.contains(l.id())).flatMap(l -> l.record().stream()).toList();
        assertThat(added).as("a refused input leaves no run, or one marked failed")
                .allSatisfy(run -> assertThat(run.status()).isEqualTo(RunStatus.failed));
        assertThat(after.stream().filter(l -> known.contains(l.id())).collect(Collectors.toMap(RunListing::id, l -> l.record().map(RunRecord::status))))
                .as("runs that were there are unchanged")
                .isEqualTo(before.stream().collect(Collectors.toMap(RunListing::id, l -> l.record().map(RunRecord::status))));
    }

    // ----- small writers of test files -----

    private static void imageFolder(Path root, Map<String, byte[]> entries) throws IOException {
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            Path file = root.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
        }
    }

    private static byte[] png() throws IOException {
        var image = new java.awt.image.BufferedImage(28, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static void npy(Path file, String descr, byte[] data, int... shape) throws IOException {
        String dims = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", ")) + (shape.length == 1 ? "," : "");
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                .putShort((short) header.length()).put(header.toString().getBytes(StandardCharsets.US_ASCII)).put(data);
        Files.write(file, buf.array());
    }

    private static byte[] idxImages(int count) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * 28 * 28);
        b.putInt(0x0803).putInt(count).putInt(28).putInt(28);
        return b.array();
    }

    private static byte[] idxLabels(int count) {
        ByteBuffer b = ByteBuffer.allocate(8 + count);
        b.putInt(0x0801).putInt(count);
        return b.array();
    }

    private static byte[] withMagic(byte[] idx, int magic) {
        byte[] copy = idx.clone();
        ByteBuffer.wrap(copy).putInt(0, magic);
        return copy;
    }

    private static void idxFolder(Path dir, byte[] trainImages, byte[] trainLabels) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("train-images-idx3-ubyte"), trainImages);
        Files.write(dir.resolve("train-labels-idx1-ubyte"), trainLabels);
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), idxImages(4));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idxLabels(4));
    }
}

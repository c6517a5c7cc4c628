package org.cmpnas.engine.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The fixtures of tools/make_torchscript_fixture.py and a writer of small .npy files for bad inputs. */
final class TorchScriptFixtures {
    private TorchScriptFixtures() {
    }

    /** A fixture file (tiny.pt, tiny.json, tiny-classifier.npy, inputs.npy, expected.npy, wrong-dim.pt). */
    static Path fixture(String name) {
        try {
            var url = TorchScriptFixtures.class.getResource("/torchscript/" + name);
            if (url == null) {
                throw new IllegalStateException("test fixture torchscript/" + name + " is missing: run "
                        + "/usr/bin/python3 tools/make_torchscript_fixture.py");
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies fixtures into {@code dir} (e.g. a module without its sidecar). */
    static Path copy(String name, Path dir, String as) throws IOException {
        return Files.copy(fixture(name), dir.resolve(as));
    }

    /** Writes a float32 C-order .npy array of the given shape filled with {@code value}. */
    static Path float32Npy(Path file, float value, int... shape) throws IOException {
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        ByteBuffer data = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            data.putFloat(value);
        }
        return npy(file, "<f4", data.array(), shape);
    }

    /** Writes an .npy (version 1.0) file with the given descr and raw little-endian data. */
    static Path npy(Path file, String descr, byte[] data, int... shape) throws IOException {
        String dims = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        if (shape.length == 1) {
            dims += ",";
        }
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(header.length() & 0xFF);
        out.write(header.length() >> 8);
        out.write(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(data);
        return Files.write(file, out.toByteArray());
    }
}

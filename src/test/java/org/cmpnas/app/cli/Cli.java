package org.cmpnas.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.cmpnas.engine.store.Json;

/** Runs {@code cmpnas} in this JVM against a given store, capturing stdout and stderr. */
final class Cli {
    private Cli() {
    }

    record Result(int code, String out, String err) {
        JsonNode json() throws Exception {
            return Json.mapper().readTree(out);
        }
    }

    static Result run(Path store, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            String[] withStore = new String[args.length + 2];
            System.arraycopy(args, 0, withStore, 0, args.length);
            withStore[args.length] = "--store";
            withStore[args.length + 1] = store.toString();
            int code = CmpnasCommand.run(withStore);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}

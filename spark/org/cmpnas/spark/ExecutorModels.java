package org.cmpnas.spark;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cmpnas.engine.NativeRuntime;
import org.cmpnas.engine.eval.Embedder;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.index.IndexReading;
import org.cmpnas.engine.model.ModelFiles;

/**
 * The executor side: the gallery model written once per executor JVM into a temporary folder and loaded
 * once per task thread (a model's arrays belong to the thread that uses them), then a slice read and
 * embedded in the embedder's batches, exactly as the local path does. Each task runs libtorch on one thread
 * (set for the whole process at the first task): Spark already gives every core a task of its own.
 */
final class ExecutorModels {
    private static final Map<String, Path> FOLDERS = new HashMap<>();
    private static final ThreadLocal<Map<String, Embedder>> EMBEDDERS = ThreadLocal.withInitial(HashMap::new);

    private ExecutorModels() {
    }

    static EmbeddedShard embed(ModelFilesBytes model, IndexReading reading, Slice slice) {
        List<byte[]> pixels = new ArrayList<>();
        for (String file : slice.files()) {
            pixels.add(reading.read(Path.of(file)));
        }
        Embeddings e = embedder(model).embed(reading.images(pixels));
        return new EmbeddedShard(slice.shard(), slice.offset(), e.data(), e.count(), e.dim());
    }

    private static Embedder embedder(ModelFilesBytes model) {
        return EMBEDDERS.get().computeIfAbsent(model.sha256(), hash -> {
            Path weights = folder(model);
            // the thread's manager and model live as long as the executor's thread: Spark reuses its task threads
            NDManager manager = NDManager.newBaseManager();
            return new Embedder(ModelFiles.open(weights, manager), manager);
        });
    }

    private static synchronized Path folder(ModelFilesBytes model) {
        return FOLDERS.computeIfAbsent(model.sha256(), hash -> {
            NativeRuntime.prepare();
            // one libtorch thread per task, for the whole process (in local mode the driver's too; it embeds nothing itself)
            ai.djl.engine.Engine.getEngine("PyTorch"); // loads libtorch, which the next call needs
            ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
            try {
                Path dir = Files.createTempDirectory("cmpnas-gallery-" + hash.substring(0, 12));
                dir.toFile().deleteOnExit();
                return model.writeTo(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the gallery model on this executor: " + e.getMessage(), e);
            }
        });
    }
}

package org.cmpnas.engine.pareto;

import java.util.function.ToDoubleFunction;
import org.cmpnas.engine.store.Evaluation;

/** The accuracy a Pareto chart plots against query cost; every one a percentage (0–100) of the test protocol. */
public enum RetrievalMetric {
    TOP1("top-1", "top1", Evaluation::top1),
    TOP5("top-5", "top5", Evaluation::top5),
    MAP("mAP", "mAP", Evaluation::mAP),
    TAR_FAR_1E3("TAR@FAR=1e-3", "tar_far_1e3", Evaluation::tarAtFar1e3),
    TAR_FAR_1E4("TAR@FAR=1e-4", "tar_far_1e4", Evaluation::tarAtFar1e4);

    /** The primary metric of the protocol. */
    public static final RetrievalMetric PRIMARY = MAP;

    private final String label;
    private final String column;
    private final ToDoubleFunction<Evaluation> value;

    RetrievalMetric(String label, String column, ToDoubleFunction<Evaluation> value) {
        this.label = label;
        this.column = column;
        this.value = value;
    }

    /** As people write it: "mAP", "TAR@FAR=1e-3". */
    public String label() {
        return label;
    }

    /** Its name in CSV headers and JSON: "mAP", "tar_far_1e3". */
    public String column() {
        return column;
    }

    public double of(Evaluation e) {
        return value.applyAsDouble(e);
    }

    @Override
    public String toString() {
        return label;
    }
}

package org.cmpnas.engine.repro;

import java.util.Locale;
import org.cmpnas.engine.train.TrainConfig;

/** The {@code cmpnas train} command line that runs a training config, for the report. */
final class TrainCommands {
    private TrainCommands() {
    }

    static String of(TrainConfig c) {
        StringBuilder s = new StringBuilder("cmpnas train --arch ").append(c.arch())
                .append(" --epochs ").append(c.epochs())
                .append(" --batch ").append(c.batch())
                .append(" --lr ").append(String.format(Locale.ROOT, "%s", c.lr()))
                .append(" --seed ").append(c.seed());
        if (c.limit() > 0) {
            s.append(" --limit ").append(c.limit());
        }
        if (c.gallery() != null) {
            s.append(" --loss ").append(c.loss()).append(" --gallery ").append(c.gallery())
                    .append(" --lambda ").append(String.format(Locale.ROOT, "%s", c.lambda()));
        }
        return s.toString();
    }
}

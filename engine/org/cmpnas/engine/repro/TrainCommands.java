package org.cmpnas.engine.repro;

import java.util.Locale;
import org.cmpnas.engine.train.Schedule;
import org.cmpnas.engine.train.TrainConfig;

/** The {@code cmpnas train} command line that runs a training config, for the report. */
final class TrainCommands {
    private TrainCommands() {
    }

    static String of(TrainConfig c) {
        Schedule schedule = c.schedule();
        StringBuilder s = new StringBuilder("cmpnas train --arch ").append(c.arch())
                .append(" --epochs ").append(schedule.epochs())
                .append(" --batch ").append(schedule.batch())
                .append(" --lr ").append(String.format(Locale.ROOT, "%s", schedule.lr()))
                .append(" --seed ").append(schedule.seed());
        if (c.data().limit() > 0) {
            s.append(" --limit ").append(c.data().limit());
        }
        if (c.gallery() != null) {
            s.append(" --loss ").append(c.loss().text()).append(" --gallery ").append(c.gallery())
                    .append(" --lambda ").append(String.format(Locale.ROOT, "%s", c.loss().lambda()));
        }
        return s.toString();
    }
}

package org.cmpnas.views.common;

/** One value a job reported, e.g. {@code train.step_loss} at a step of an epoch. */
public record MetricPoint(String name, double value, long step, int epoch) {
}

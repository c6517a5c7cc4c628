package org.cmpnas.engine.train;

/** Cosine decay from {@code base} to zero over {@code totalSteps} optimiser steps. */
record CosineSchedule(double base, long totalSteps) {
    float at(long step) {
        double t = Math.min(1.0, (double) step / Math.max(1, totalSteps));
        return (float) (0.5 * base * (1 + Math.cos(Math.PI * t)));
    }
}

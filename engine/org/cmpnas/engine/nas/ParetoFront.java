package org.cmpnas.engine.nas;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Cost/accuracy trade-offs: fewer MACs is better, a higher reward is better. */
public final class ParetoFront {

    /** Anything with a cost and a reward: searched subnets, exported models, baselines. */
    public interface Point {
        long macs();

        double reward();
    }

    private ParetoFront() {
    }

    /** {@code a} dominates {@code b}: no more MACs, no less reward, and strictly better in one. */
    public static boolean dominates(Point a, Point b) {
        return a.macs() <= b.macs() && a.reward() >= b.reward() && (a.macs() < b.macs() || a.reward() > b.reward());
    }

    /**
     * The non-dominated points, by MACs ascending. Equal points (same MACs and reward, e.g. two
     * subnets that tie) do not dominate each other, so both stay; a point given twice (equal by
     * {@code equals}) appears once. Points with a NaN reward cannot be ranked and are left out.
     */
    public static <T extends Point> List<T> of(Collection<T> points) {
        List<T> sorted = points.stream()
                .filter(p -> !Double.isNaN(p.reward()))
                .distinct()
                .sorted(Comparator.<T>comparingLong(Point::macs).thenComparing(Point::reward, Comparator.reverseOrder()))
                .toList();
        // Sweep by MACs: a point is on the front when it beats the reward of everything cheaper,
        // or exactly ties the last point kept.
        List<T> front = new ArrayList<>();
        for (T p : sorted) {
            T last = front.isEmpty() ? null : front.get(front.size() - 1);
            if (last == null || p.reward() > last.reward() || (p.macs() == last.macs() && p.reward() == last.reward())) {
                front.add(p);
            }
        }
        return front;
    }
}

package dev.resilient.observation.aggregation;

import java.time.Instant;
import java.util.List;

/**
 * The errors collected over one window, grouped. Errors beyond {@code maxGroups} distinct kinds are
 * counted in {@link #otherCount()} rather than dropped, so {@link #totalCount()} is exact.
 *
 * @param windowStart when collection for this report started
 * @param windowEnd when it was flushed
 * @param groups the groups, most frequent first
 * @param otherCount errors of kinds that did not fit in {@code maxGroups}
 */
public record ErrorReport(Instant windowStart, Instant windowEnd, List<ErrorGroup> groups, long otherCount) {

    public ErrorReport {
        groups = List.copyOf(groups);
    }

    /** Every error in this report: the groups' counts plus the other bucket. */
    public long totalCount() {
        long total = otherCount;
        for (ErrorGroup group : groups) {
            total += group.count();
        }
        return total;
    }

    /** A multi-line summary: one line per group, then the other bucket. */
    public String summary() {
        StringBuilder text = new StringBuilder(128)
                .append(totalCount())
                .append(" errors between ")
                .append(windowStart)
                .append(" and ")
                .append(windowEnd);
        for (ErrorGroup group : groups) {
            text.append("\n  ")
                    .append(group.count())
                    .append(" x ")
                    .append(group.instance())
                    .append(": ")
                    .append(group.exceptionType());
            if (group.message() != null) {
                text.append(": ").append(group.message());
            }
        }
        if (otherCount > 0) {
            text.append("\n  ").append(otherCount).append(" x other (more kinds than maxGroups)");
        }
        return text.toString();
    }
}

package dev.orderpipeline.deployment;

import java.util.HashMap;
import java.util.Map;

/**
 * What a Prometheus text exposition (/q/metrics) declares: each metric family with its type, from its
 * {@code # TYPE} line. A PromQL name is exposed when it is a family, or a family's series: {@code _bucket},
 * {@code _count}, {@code _sum} of a histogram, {@code _count}, {@code _sum} of a summary, {@code _total} of a counter.
 */
record MetricsExposition(Map<String, String> types) {

    static MetricsExposition parse(String text) {
        Map<String, String> types = new HashMap<>();
        text.lines().filter(line -> line.startsWith("# TYPE ")).forEach(line -> {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 4) {
                types.put(parts[2], parts[3]);
            }
        });
        return new MetricsExposition(Map.copyOf(types));
    }

    /** The family a PromQL name belongs to: a suffix is stripped only where the family's type has that series. */
    String family(String name) {
        for (String suffix : new String[] { "_bucket", "_count", "_sum", "_total" }) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                String type = types.get(base);
                boolean series = switch (suffix) {
                    case "_bucket" -> "histogram".equals(type);
                    case "_count", "_sum" -> "histogram".equals(type) || "summary".equals(type);
                    default -> "counter".equals(type);
                };
                if (series) {
                    return base;
                }
            }
        }
        return name;
    }

    /** Whether Prometheus would store a series of this name: a family's series, or a gauge or untyped family itself. */
    boolean exposes(String name) {
        if (!family(name).equals(name)) {
            return true;
        }
        String type = types.get(name);
        if (type == null) {
            return false;
        }
        return switch (type) {
            case "histogram", "summary" -> false;
            case "counter" -> name.endsWith("_total");
            default -> true;
        };
    }
}

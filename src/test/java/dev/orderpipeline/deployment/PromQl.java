package dev.orderpipeline.deployment;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects, read with a small tokenizer: string literals, label matchers
 * ({@code {...}}), ranges ({@code [...]}) and Grafana variables are dropped; functions (a name before {@code (}),
 * aggregation operators, keywords, numbers and durations, and the label lists after {@code by}, {@code without},
 * {@code on}, {@code ignoring}, {@code group_left} and {@code group_right} are not metric names. Names are returned
 * as written ({@code x_bucket} stays {@code x_bucket}).
 */
final class PromQl {

    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern TOKENS = Pattern.compile(
            "(?<variable>\\$\\{?\\w+}?)|(?<number>[0-9][0-9A-Za-z_.]*)|(?<name>[A-Za-z_:][A-Za-z0-9_:]*)|(?<open>\\()|(?<close>\\))");

    private PromQl() {
    }

    static Set<String> metricNames(String expression) {
        String text = STRINGS.matcher(expression).replaceAll(" ");
        text = MATCHERS.matcher(text).replaceAll(" ");
        text = RANGES.matcher(text).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher tokens = TOKENS.matcher(text);
        int skipDepth = -1;
        int depth = 0;
        boolean labelListNext = false;
        while (tokens.find()) {
            if (tokens.group("open") != null) {
                if (labelListNext) {
                    skipDepth = depth;
                    labelListNext = false;
                }
                depth++;
                continue;
            }
            if (tokens.group("close") != null) {
                depth--;
                if (depth == skipDepth) {
                    skipDepth = -1;
                }
                continue;
            }
            String name = tokens.group("name");
            if (name == null || skipDepth >= 0) {
                continue;
            }
            String lower = name.toLowerCase();
            if (LABEL_LIST_KEYWORDS.contains(lower)) {
                labelListNext = true;
            } else if (!AGGREGATIONS.contains(lower) && !KEYWORDS.contains(lower) && !followedByParenthesis(text, tokens.end())) {
                names.add(name);
            }
        }
        return names;
    }

    private static boolean followedByParenthesis(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '(';
            }
        }
        return false;
    }
}

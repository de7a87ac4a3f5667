package dev.orderpipeline.platform;

import java.util.List;

/** Text shortened on purpose to fit a bounded column or field: never longer than asked, never cut mid-character. */
public final class BoundedText {

    private static final String ELLIPSIS = "…";

    private BoundedText() {
    }

    /** {@code text} itself if it fits in {@code max} characters, else its start and "…". */
    public static String fit(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - ELLIPSIS.length();
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, Math.max(0, end)) + ELLIPSIS;
    }

    /**
     * {@code prefix} and the items joined by ", ", as many as fit in {@code max} characters, the rest counted:
     * "not enough stock: A, B and 7 more". An item too long for any room left is counted, never cut.
     */
    public static String listing(String prefix, List<String> items, int max) {
        String all = prefix + String.join(", ", items);
        if (all.length() <= max) {
            return all;
        }
        StringBuilder listed = new StringBuilder(prefix);
        int shown = 0;
        for (String item : items) {
            String separator = shown == 0 ? "" : ", ";
            String rest = " and " + (items.size() - shown - 1) + " more";
            if (listed.length() + separator.length() + item.length() + rest.length() > max) {
                break;
            }
            listed.append(separator).append(item);
            shown++;
        }
        int left = items.size() - shown;
        String more = shown > 0 ? " and " + left + " more" : left + (left == 1 ? " item" : " items");
        return fit(listed + more, max);
    }
}

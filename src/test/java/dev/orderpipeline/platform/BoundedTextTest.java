package dev.orderpipeline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Shortened text fits its bound, says what it left out, and never splits a character. */
class BoundedTextTest {

    @Test
    void shouldKeepTextThatFits() {
        assertThat(BoundedText.fit("short", 10)).isEqualTo("short");
        assertThat(BoundedText.fit(null, 10)).isNull();
        assertThat(BoundedText.listing("missing: ", List.of("A", "B"), 100)).isEqualTo("missing: A, B");
    }

    @Test
    void shouldCutLongTextToItsBoundWithAnEllipsis() {
        String cut = BoundedText.fit("x".repeat(600), 500);
        assertThat(cut).hasSize(500).endsWith("…");
    }

    @Test
    void shouldNeverSplitASurrogatePair() {
        String cut = BoundedText.fit("ab😀cd", 4);
        assertThat(cut).isEqualTo("ab…");
    }

    @Test
    void shouldListWhatFitsAndCountTheRest() {
        List<String> skus = IntStream.range(0, 50).mapToObj(i -> ("SKU-" + i + "-").repeat(20).substring(0, 64)).toList();
        String listing = BoundedText.listing("not enough stock: ", skus, 500);
        assertThat(listing).hasSizeLessThanOrEqualTo(500).startsWith("not enough stock: " + skus.get(0) + ", ")
                .endsWith(" and 43 more");
    }

    @Test
    void shouldCountItemsWhenNoneFits() {
        assertThat(BoundedText.listing("missing: ", List.of("x".repeat(100)), 30)).isEqualTo("missing: 1 item");
    }
}

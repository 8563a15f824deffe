package io.meridian.sqllogictest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueRendererTest {
    @Test
    void integers() {
        assertEquals("42", ValueRenderer.render(42L, 'I'));
        assertEquals("-7", ValueRenderer.render(-7, 'I'));
        assertEquals("1", ValueRenderer.render(true, 'I'));
        assertEquals("0", ValueRenderer.render(false, 'I'));
        // The reference harness reads an I column as a 64-bit integer: reals truncate toward zero.
        assertEquals("2", ValueRenderer.render(2.9, 'I'));
        assertEquals("-2", ValueRenderer.render(-2.9, 'I'));
        assertEquals("12", ValueRenderer.render(new BigDecimal("12.50"), 'I'));
        assertEquals("NULL", ValueRenderer.render(null, 'I'));
    }

    @Test
    void realsRoundLikePrintf() {
        assertEquals("1.000", ValueRenderer.render(1L, 'R'));
        assertEquals("121.600", ValueRenderer.render(121.6, 'R'));
        assertEquals("0.333", ValueRenderer.render(1.0 / 3, 'R'));
        // 1.0005 is 1.000499999... in binary: printf rounds the binary value, so down.
        assertEquals("1.000", ValueRenderer.render(1.0005, 'R'));
        // 0.0625 is exact in binary: a true tie, rounded half-even.
        assertEquals("0.062", ValueRenderer.render(0.0625, 'R'));
        assertEquals("-0.000", ValueRenderer.render(-0.0001, 'R'));
        assertEquals("-3.500", ValueRenderer.render(new BigDecimal("-3.5"), 'R'));
        assertEquals("NULL", ValueRenderer.render(null, 'R'));
    }

    @Test
    void text() {
        assertEquals("hello world", ValueRenderer.render("hello world", 'T'));
        assertEquals("(empty)", ValueRenderer.render("", 'T'));
        assertEquals("a@b", ValueRenderer.render("a\tb", 'T'));
        // Each byte outside printable ASCII becomes @, so a two-byte UTF-8 letter is @@.
        assertEquals("caf@@", ValueRenderer.render("café", 'T'));
        assertEquals("012", ValueRenderer.render(new byte[] {'0', '1', '2'}, 'T'));
        assertEquals("7", ValueRenderer.render(7L, 'T'));
        assertEquals("2.5", ValueRenderer.render(2.5, 'T'));
        assertEquals("1.0", ValueRenderer.render(1.0, 'T'));
        assertEquals("1.0e+20", ValueRenderer.render(1e20, 'T'));
        assertEquals("NULL", ValueRenderer.render(null, 'T'));
    }

    @Test
    void hashIsMd5OfValuesEachEndingInNewline() {
        // md5("1\n2\n") computed independently.
        assertEquals("2 values hashing to 6ddb4095eb719e2a9f0a3f95677d24e0", ResultHasher.hashLine(List.of("1", "2")));
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", ResultHasher.md5(List.of()));
    }

    @Test
    void sortsCompareRenderedTextNotNumbers() {
        List<List<String>> rows = new ArrayList<>(List.of(List.of("9", "b"), List.of("10", "a"), List.of("9", "a")));
        assertEquals(List.of("10", "a", "9", "a", "9", "b"), ScriptRunner.ordered(new ArrayList<>(rows), Record.SortMode.ROWSORT));
        assertEquals(List.of("10", "9", "9", "a", "a", "b"), ScriptRunner.ordered(new ArrayList<>(rows), Record.SortMode.VALUESORT));
        assertEquals(List.of("9", "b", "10", "a", "9", "a"), ScriptRunner.ordered(new ArrayList<>(rows), Record.SortMode.NOSORT));
    }
}

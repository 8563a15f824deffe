package io.meridian.truetime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileHighWaterMarkTest {
    @TempDir
    Path directory;

    @Test
    void missingFileMeansNothingStored() {
        assertEquals(0, new FileHighWaterMark(directory.resolve("absent")).loadMicros());
    }

    @Test
    void storedBoundSurvivesANewInstance() {
        Path file = directory.resolve("sub/clock.hwm");
        FileHighWaterMark first = new FileHighWaterMark(file);
        first.storeMicros(42);
        first.storeMicros(1_700_000_000_000_000L);
        assertEquals(1_700_000_000_000_000L, new FileHighWaterMark(file).loadMicros());
        assertEquals(false, Files.exists(file.resolveSibling("clock.hwm.tmp")));
    }

    @Test
    void boundMustGrow() {
        FileHighWaterMark mark = new FileHighWaterMark(directory.resolve("clock.hwm"));
        mark.storeMicros(100);
        assertThrows(IllegalArgumentException.class, () -> mark.storeMicros(100));
    }

    @Test
    void corruptFileStopsTheNode() throws IOException {
        Path file = directory.resolve("clock.hwm");
        byte[] bytes = FileHighWaterMark.encode(123_456);
        bytes[7] ^= 1;
        Files.write(file, bytes);
        assertThrows(IllegalStateException.class, () -> new FileHighWaterMark(file).loadMicros());
        Files.write(file, new byte[3]);
        assertThrows(IllegalStateException.class, () -> new FileHighWaterMark(file).loadMicros());
    }
}

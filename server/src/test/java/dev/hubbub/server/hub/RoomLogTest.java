package dev.hubbub.server.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RoomLogTest {

    private static byte[] readAll(RoomLog log, long from) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long at = from;
        while (at < log.end()) {
            ByteBuffer slice = log.slice(at);
            byte[] bytes = new byte[slice.remaining()];
            slice.get(bytes);
            out.writeBytes(bytes);
            at += bytes.length;
        }
        return out.toByteArray();
    }

    @Test
    void whatIsAppendedReadsBackFromAnyPositionAcrossChunks() {
        RoomLog log = new RoomLog();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        Random random = new Random(7);
        while (all.size() < 3 * RoomLog.CHUNK_BYTES + 123) {
            byte[] frame = new byte[1 + random.nextInt(9000)];
            random.nextBytes(frame);
            log.append(frame);
            all.writeBytes(frame);
        }
        byte[] expected = all.toByteArray();
        assertThat(log.end()).isEqualTo(expected.length);
        for (long from : new long[] {0, 1, RoomLog.CHUNK_BYTES - 1, RoomLog.CHUNK_BYTES, expected.length - 1}) {
            byte[] tail = java.util.Arrays.copyOfRange(expected, (int) from, expected.length);
            assertThat(readAll(log, from)).isEqualTo(tail);
        }
    }

    @Test
    void aSliceStopsAtTheEndOfItsChunkAndAtTheEndOfTheLog() {
        RoomLog log = new RoomLog();
        log.append(new byte[RoomLog.CHUNK_BYTES + 10]);
        assertThat(log.slice(5).remaining()).isEqualTo(RoomLog.CHUNK_BYTES - 5);
        assertThat(log.slice(RoomLog.CHUNK_BYTES).remaining()).isEqualTo(10);
        assertThat(log.slice(log.end()).remaining()).isZero();
    }

    @Test
    void aSliceIsNotChangedByLaterAppendsOrTrims() {
        RoomLog log = new RoomLog();
        log.append("abc".getBytes());
        ByteBuffer slice = log.slice(0);
        log.append(new byte[2 * RoomLog.CHUNK_BYTES]);
        log.trimBelow(log.end());
        byte[] seen = new byte[slice.remaining()];
        slice.get(seen);
        assertThat(new String(seen)).isEqualTo("abc");
    }

    @Test
    void trimmingDropsWholeChunksBelowThePositionAndKeepsTheRest() {
        RoomLog log = new RoomLog();
        log.append(new byte[3 * RoomLog.CHUNK_BYTES + 5]);
        log.trimBelow(2 * RoomLog.CHUNK_BYTES + 7);
        assertThat(log.start()).isEqualTo(2 * RoomLog.CHUNK_BYTES);
        assertThat(log.retainedBytes()).isEqualTo(2L * RoomLog.CHUNK_BYTES);
        assertThat(log.slice(2 * RoomLog.CHUNK_BYTES + 7).remaining()).isEqualTo(RoomLog.CHUNK_BYTES - 7);
        assertThatThrownBy(() -> log.slice(10)).isInstanceOf(IllegalStateException.class);
        log.append(new byte[10]);
        assertThat(log.end()).isEqualTo(3 * RoomLog.CHUNK_BYTES + 15);
    }

    @Test
    void trimmingAtTheEndKeepsTheChunkStillBeingFilled() {
        RoomLog log = new RoomLog();
        log.append(new byte[RoomLog.CHUNK_BYTES + 1]);
        log.trimBelow(log.end());
        assertThat(log.retainedBytes()).isEqualTo(RoomLog.CHUNK_BYTES);
        log.append(new byte[] {42});
        assertThat(log.slice(RoomLog.CHUNK_BYTES + 1).get()).isEqualTo((byte) 42);
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The numerical self-check of libtorch's CPU kernels. On an AVX-512 CPU (where oneDNN's direct
 * convolution reads uninitialised channel padding) the first test fails when the channel padding
 * of {@link Nn#conv2d} is removed; on any CPU the injected faults prove the decision logic.
 */
class KernelCheckTest extends EngineTestBase {
    private static final String FIRST_CASE = "basic 3x3 40->40 at 4x4";

    @Test
    void theConfigurationInForceComputesEveryConvolutionRightOnDirtyMemory() throws Exception {
        engine(() -> {
            KernelCheck.Verdict v = KernelCheck.current();
            assertNotNull(v, "the engine's start decides the kernel configuration");
            assertNull(
                    KernelCheck.runAll(v.config(), null), "forward and both gradients of every case match plain Java");
        });
    }

    @Test
    void channelPaddingIsNumericallyTransparentOnEveryCpu() throws Exception {
        engine(() -> assertNull(
                KernelCheck.runAll(KernelCheck.PAD16, null),
                "padded dense convolutions give the unpadded results and gradients"));
    }

    @Test
    void aNativeKernelThatGivesNaNSwitchesToChannelPadding() throws Exception {
        engine(() -> {
            KernelCheck.Verdict before = KernelCheck.current();
            try {
                KernelCheck.Verdict v = KernelCheck.recheck((mode, name, y, dx, dw) -> {
                    if (mode.equals(KernelCheck.NATIVE) && name.equals(FIRST_CASE)) {
                        y[0] = Float.NaN; // element 0 of the first case: the first thing compared, on any CPU
                    }
                });
                assertEquals(KernelCheck.PAD16, v.config());
                assertTrue(v.finding().startsWith(FIRST_CASE + " forward gave NaN"), v.finding());
                assertTrue(KernelCheck.padDenseChannels());
                assertTrue(v.describe().startsWith("pad16 (dense convolutions padded"), v.describe());
            } finally {
                KernelCheck.apply(before);
            }
        });
    }

    @Test
    void aSlightlyWrongGradientIsCaughtNotOnlyNaN() throws Exception {
        engine(() -> {
            String f = KernelCheck.runAll(KernelCheck.PAD16, (mode, name, y, dx, dw) -> {
                if (name.startsWith("basic 3x3 8->8")) {
                    dx[17] += 0.05f * Math.abs(dx[17]) + 0.05f;
                }
            });
            assertNotNull(f);
            assertTrue(f.startsWith("basic 3x3 8->8 at 14x14 input gradient was wrong at element 17"), f);
        });
    }

    @Test
    void aFaultThatPaddingDoesNotFixStopsTheEngineNamingTheCpuAndTheFix() throws Exception {
        engine(() -> {
            KernelCheck.Verdict before = KernelCheck.current();
            boolean padBefore = KernelCheck.padDenseChannels();
            KernelCheck.KernelFault e = assertThrows(
                    KernelCheck.KernelFault.class,
                    () -> KernelCheck.recheck((mode, name, y, dx, dw) -> dw[0] = Float.POSITIVE_INFINITY));
            assertTrue(e.getMessage().contains("DNNL_MAX_CPU_ISA=AVX2"), e.getMessage());
            assertTrue(e.getMessage().contains(KernelCheck.cpuDescription()), e.getMessage());
            assertTrue(e.getMessage().contains("weight gradient gave Infinity"), e.getMessage());
            assertTrue(e instanceof Torch.EngineUnavailableException, "reported like any engine that cannot start");
            assertEquals(padBefore, KernelCheck.padDenseChannels(), "a failed check changes nothing");
            assertEquals(before, KernelCheck.current());
        });
    }

    @Test
    void theVerdictIsCachedPerMachineAndRecheckedWhenTheCacheIsUnreadable(@TempDir Path home) throws Exception {
        engine(() -> {
            String old = System.getProperty(KernelCheck.CACHE_PROPERTY);
            System.setProperty(
                    KernelCheck.CACHE_PROPERTY,
                    home.resolve("kernel-check.json").toString());
            try {
                KernelCheck.Verdict first = KernelCheck.decide(null);
                assertFalse(first.cached());
                Path f = KernelCheck.cacheFile();
                assertTrue(Files.readString(f).contains(first.key()), "cached under its machine and library key");

                KernelCheck.Verdict second = KernelCheck.decide((mode, name, y, dx, dw) -> y[0] = Float.NaN);
                assertTrue(second.cached(), "the second start reads the cache and runs nothing");
                assertEquals(first.config(), second.config());
                assertEquals(first.checkedAt(), second.checkedAt());

                Files.writeString(f, "{ half a file");
                KernelCheck.Verdict third = KernelCheck.decide(null);
                assertFalse(third.cached(), "an unreadable cache is checked again");
                assertTrue(Files.readString(f).contains(third.key()), "and rewritten");
                try (var files = Files.list(home)) {
                    assertEquals(1, files.count(), "no temporary file is left behind");
                }
            } finally {
                if (old == null) {
                    System.clearProperty(KernelCheck.CACHE_PROPERTY);
                } else {
                    System.setProperty(KernelCheck.CACHE_PROPERTY, old);
                }
            }
        });
    }

    @Test
    void thePlainJavaReferenceIsRightOnAHandComputedCase() {
        // one image, one channel, 3x3, a 3x3 kernel of ones with padding 1: each output sums its neighbourhood
        KernelCheck.Case c = new KernelCheck.Case("hand", 1, 1, 1, 3, 3, 1, 1, true);
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] w = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        float[] g = {1, 0, 0, 0, 0, 0, 0, 0, 2};
        KernelCheck.Reference r = KernelCheck.reference(c, x, w, g);
        assertArrayEquals(new double[] {12, 21, 16, 27, 45, 33, 24, 39, 28}, r.y(), 0);
        // the input gradient spreads g over each output's neighbourhood
        assertArrayEquals(new double[] {1, 1, 0, 1, 3, 2, 0, 2, 2}, r.dx(), 0);
        // the weight gradient: g(0,0)·x shifted + 2·g(2,2)·x shifted
        assertArrayEquals(new double[] {10, 12, 0, 16, 19, 2, 0, 4, 5}, r.dw(), 0);
    }
}

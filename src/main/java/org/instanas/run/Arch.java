// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

/** Helpers for the 85-character architecture string (17 cells × 5 options, cell-major, '1' = on). */
public final class Arch {
    /** The search space's size, defined here once: 17 cells of 5 candidate options. */
    public static final int CELLS = 17;

    public static final int OPTIONS = 5;
    /** One decision per (cell, option): the length of an architecture and of a policy row. */
    public static final int LENGTH = CELLS * OPTIONS;

    public static final String[] OPTION_NAMES = {"IR k3 e6", "IR k3 e3", "IR k5 e6", "IR k5 e3", "Basic"};

    /** The fixed-architecture name of the MobileNetV2 path (option 0 in every cell). */
    public static final String MBV2 = "mbv2";

    private Arch() {}

    public static boolean[][] parse(String s) {
        if (s == null || s.length() != LENGTH) {
            throw new IllegalArgumentException("architecture must have " + LENGTH + " characters of 0/1");
        }
        boolean[][] b = new boolean[CELLS][OPTIONS];
        for (int i = 0; i < LENGTH; i++) {
            char c = s.charAt(i);
            if (c != '0' && c != '1') {
                throw new IllegalArgumentException("architecture has a character other than 0/1 at " + i);
            }
            b[i / OPTIONS][i % OPTIONS] = c == '1';
        }
        return b;
    }

    /**
     * The architecture of a fixed-architecture setting: "mbv2" (option 0, IR k3 e6, in every cell:
     * the MobileNetV2 path) or an 85-character 0/1 string (an empty cell is the identity, as in routing).
     */
    public static boolean[][] fixed(String spec) {
        String s = spec == null ? "" : spec.strip();
        if (s.equalsIgnoreCase(MBV2)) {
            boolean[][] b = new boolean[CELLS][OPTIONS];
            for (boolean[] cell : b) {
                cell[0] = true;
            }
            return b;
        }
        if (s.length() != LENGTH) {
            throw new IllegalArgumentException("must be 'mbv2' or an architecture of " + LENGTH
                    + " characters 0/1 (was " + s.length() + " characters)");
        }
        return parse(s);
    }

    public static String format(boolean[][] bits) {
        StringBuilder sb = new StringBuilder(LENGTH);
        for (int t = 0; t < CELLS; t++) {
            for (int a = 0; a < OPTIONS; a++) {
                sb.append(bits[t][a] ? '1' : '0');
            }
        }
        return sb.toString();
    }

    public static int activeOptions(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '1') {
                n++;
            }
        }
        return n;
    }
}

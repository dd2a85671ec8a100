// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libtorch writes informational warnings straight to file descriptor 2 (c10's logger, which
 * {@code TORCH_CPP_LOG_LEVEL} does not reach outside Python): "AutoNonVariableTypeMode is deprecated",
 * "Could not initialize NNPACK! Reason: Unsupported hardware.". A user reads them as errors. Each is
 * printed once per process, when libtorch loads or first runs an operator, so the engine start runs
 * with descriptor 2 pointed at a temporary file; afterwards the informational lines go to the log at
 * debug level and every other line (a real error) to stderr as it was. Where the C library cannot be
 * reached (not Linux or macOS), nothing is redirected.
 */
public final class NativeStderr {
    public static final int STDERR = 2;
    private static final Logger LOG = LoggerFactory.getLogger(NativeStderr.class);

    /** libtorch's lines that inform and do not concern the user: logged at debug level. */
    static final List<Pattern> INFORMATIONAL = List.of(
            Pattern.compile("AutoNonVariableTypeMode is deprecated"),
            Pattern.compile("Could not initialize NNPACK"),
            Pattern.compile("Failed to detect GPU count"),
            Pattern.compile("Using AutoDispatchBelowADInplaceOrView"));

    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0100;
    private static final int O_TRUNC = 01000;

    private NativeStderr() {}

    /** The parts of the C library used here. */
    interface CLib extends Library {
        int dup(int fd);

        int dup2(int fd, int fd2);

        int close(int fd);

        int open(String path, int flags, int mode);

        int isatty(int fd);
    }

    private static volatile CLib lib;
    private static volatile boolean unavailable;

    private static CLib lib() {
        if (lib == null && !unavailable) {
            try {
                lib = Native.load("c", CLib.class);
            } catch (Throwable e) {
                unavailable = true;
                LOG.debug("C library not reachable: native stderr is left as it is", e);
            }
        }
        return lib;
    }

    /** Whether the descriptor is a terminal (false where that cannot be told). */
    public static boolean isTerminal(int fd) {
        CLib c = lib();
        try {
            return c != null && c.isatty(fd) == 1;
        } catch (Throwable e) {
            return false;
        }
    }

    /** Whether a line libtorch printed is one of its informational ones. */
    public static boolean informational(String line) {
        for (Pattern p : INFORMATIONAL) {
            if (p.matcher(line).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code work} with descriptor 2 in a temporary file, then passes on what was written there:
     * informational libtorch lines to the log, the rest to stderr.
     */
    public static <T> T filtered(Callable<T> work) throws Exception {
        CLib c = lib();
        Path file = null;
        int saved = -1;
        if (c != null) {
            try {
                file = Files.createTempFile("instanas-stderr", ".txt");
                int fd = c.open(file.toString(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
                if (fd >= 0) {
                    System.err.flush();
                    saved = c.dup(STDERR);
                    if (saved < 0 || c.dup2(fd, STDERR) < 0) {
                        if (saved >= 0) {
                            c.close(saved);
                        }
                        saved = -1;
                    }
                    c.close(fd);
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("native stderr not redirected", e);
                saved = -1;
            }
        }
        try {
            return work.call();
        } finally {
            if (saved >= 0) {
                System.err.flush();
                c.dup2(saved, STDERR);
                c.close(saved);
                passOn(file);
            }
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.debug("could not delete " + file, e);
                }
            }
        }
    }

    private static void passOn(Path file) {
        List<String> lines;
        try {
            lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
        } catch (IOException e) {
            LOG.debug("could not read back native stderr", e);
            return;
        }
        for (String line : lines) {
            if (informational(line)) {
                LOG.debug("libtorch: {}", line);
            } else {
                System.err.println(line);
            }
        }
        System.err.flush();
    }
}

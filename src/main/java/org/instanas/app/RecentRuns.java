// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.instanas.run.AtomicFiles;
import org.instanas.run.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs opened or started lately, newest first, persisted in {@code recent.json} under
 * {@link AppPaths#home()}. A missing or unreadable file is an empty list, never an error.
 */
public final class RecentRuns {
    private static final Logger LOG = LoggerFactory.getLogger(RecentRuns.class);

    public static final int MAX = 12;

    /** One remembered run. */
    public record Entry(String path, String name, long openedMillis) {
        public Path dir() {
            return Path.of(path);
        }
    }

    private final Path file;
    private final List<Entry> entries = new ArrayList<>();

    public RecentRuns(Path file) {
        this.file = file;
        load();
    }

    /** The list at the default location ({@code instanas.home} or {@code ~/.instanas}). */
    public static RecentRuns standard() {
        return new RecentRuns(AppPaths.recentFile());
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Puts a run at the top (moving it if present) and saves the list. */
    public synchronized void add(Path dir, String name) {
        String key = dir.toAbsolutePath().normalize().toString();
        entries.removeIf(e -> e.path().equals(key));
        entries.add(
                0, new Entry(key, name == null ? String.valueOf(dir.getFileName()) : name, System.currentTimeMillis()));
        while (entries.size() > MAX) {
            entries.remove(entries.size() - 1);
        }
        save();
    }

    public synchronized void remove(Path dir) {
        String key = dir.toAbsolutePath().normalize().toString();
        if (entries.removeIf(e -> e.path().equals(key))) {
            save();
        }
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            List<Entry> read = Json.MAPPER.readValue(file.toFile(), new TypeReference<List<Entry>>() {});
            for (Entry e : read) {
                if (e != null && e.path() != null) {
                    entries.add(e);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} is unreadable; starting a new list ({})", file, e.getMessage());
        }
    }

    private void save() {
        try {
            AtomicFiles.writeJson(file, entries);
        } catch (IOException e) {
            LOG.warn("cannot save {}: {}", file, e.getMessage());
        }
    }
}

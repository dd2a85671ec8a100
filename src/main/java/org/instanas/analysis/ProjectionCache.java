// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.instanas.run.AtomicFiles;
import org.instanas.run.Json;
import org.instanas.run.RunDirectory;

/**
 * Projections cached under {@code run/projections/}: {@code KEY.csv} (point, row, x, y) and
 * {@code KEY.json} (parameters, timing; written last, so its presence marks a complete entry).
 * KEY = checkpoint, method, input and a hash of all parameters, e.g. {@code search-0003-umap-probs-1a2b3c4d}.
 */
public final class ProjectionCache {
    private ProjectionCache() {}

    public static String key(String checkpoint, Projection.Params p) {
        String cp = RunDirectory.safeName(checkpoint);
        try {
            byte[] json = Json.LINE.writeValueAsBytes(p.asMap());
            byte[] h = MessageDigest.getInstance("SHA-256").digest(json);
            return cp + "-" + p.methodId() + "-" + p.input().name().toLowerCase(Locale.ROOT) + "-"
                    + HexFormat.of().formatHex(h, 0, 4);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path csv(RunDirectory dir, String key) {
        return dir.projections().resolve(key + ".csv");
    }

    public static Path json(RunDirectory dir, String key) {
        return dir.projections().resolve(key + ".json");
    }

    public static void store(RunDirectory dir, String checkpoint, Projection.Params p, ProjectionResult r)
            throws IOException {
        String key = key(checkpoint, p);
        AtomicFiles.write(csv(dir, key), out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write("point,row,x,y\n");
            StringBuilder sb = new StringBuilder(64);
            for (int i = 0; i < r.size(); i++) {
                sb.setLength(0);
                sb.append(i)
                        .append(',')
                        .append(r.indices()[i])
                        .append(',')
                        .append(r.xy()[i][0])
                        .append(',')
                        .append(r.xy()[i][1])
                        .append('\n');
                w.write(sb.toString());
            }
            w.flush();
        });
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("checkpoint", checkpoint);
        meta.put("method", r.method());
        meta.put("params", p.asMap());
        meta.put("points", r.size());
        meta.put("sampledFrom", r.sampledFrom());
        meta.put("millis", r.millis());
        meta.put("created", Instant.now().toString());
        AtomicFiles.writeJson(json(dir, key), meta);
    }

    /**
     * The cached projection for these parameters, if there is a complete and consistent one.
     *
     * @param rows number of routing rows it must have been computed from (−1: do not check)
     */
    public static Optional<ProjectionResult> load(RunDirectory dir, String checkpoint, Projection.Params p, int rows) {
        String key = key(checkpoint, p);
        Path js = json(dir, key);
        Path cs = csv(dir, key);
        if (!Files.isRegularFile(js) || !Files.isRegularFile(cs)) {
            return Optional.empty();
        }
        try {
            JsonNode meta = Json.MAPPER.readTree(js.toFile());
            int points = meta.path("points").asInt(-1);
            int from = meta.path("sampledFrom").asInt(-1);
            if (rows >= 0 && from != rows) {
                return Optional.empty();
            }
            List<double[]> xy = new ArrayList<>();
            List<Integer> idx = new ArrayList<>();
            try (BufferedReader r = Files.newBufferedReader(cs, StandardCharsets.UTF_8)) {
                String line = r.readLine();
                while ((line = r.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] f = line.split(",");
                    idx.add(Integer.parseInt(f[1]));
                    xy.add(new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3])});
                }
            }
            if (xy.size() != points || idx.stream().anyMatch(i -> i < 0 || i >= from)) {
                return Optional.empty();
            }
            return Optional.of(new ProjectionResult(
                    xy.toArray(double[][]::new),
                    idx.stream().mapToInt(Integer::intValue).toArray(),
                    meta.path("method").asText(p.methodId()),
                    p.asMap(),
                    meta.path("millis").asLong(0),
                    from));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a damaged cache entry is recomputed
        }
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.analysis;

import java.util.Locale;
import java.util.Map;

/**
 * A 2-D embedding of evaluated images.
 *
 * @param xy          one (x, y) per embedded point
 * @param indices     for point i, the position of its row in the routing rows that were projected
 * @param method      "umap" or "tsne"
 * @param params      the parameters that produced it (k, min-dist, perplexity, seed, input, ...)
 * @param millis      how long it took
 * @param sampledFrom how many rows there were; more than {@code xy.length} when a sample was embedded
 */
public record ProjectionResult(
        double[][] xy, int[] indices, String method, Map<String, Object> params, long millis, int sampledFrom) {
    public ProjectionResult {
        if (xy.length != indices.length) {
            throw new IllegalArgumentException("xy and indices differ in length");
        }
        params = Map.copyOf(params);
    }

    public int size() {
        return xy.length;
    }

    public boolean sampled() {
        return xy.length < sampledFrom;
    }

    /** The method's display name. */
    public String methodName() {
        return switch (method.toLowerCase(Locale.ROOT)) {
            case "umap" -> "UMAP";
            case "tsne", "t-sne" -> "t-SNE";
            default -> method;
        };
    }

    /** e.g. "UMAP of probabilities (k = 15, min-dist 0.1), 10 000 points" or "… sampled 3 000 of 10 000". */
    public String describe() {
        StringBuilder sb = new StringBuilder(methodName());
        Object input = params.get("input");
        if (input != null) {
            sb.append(" of ").append("arch".equals(input) ? "architectures" : "probabilities");
        }
        if ("umap".equals(method)) {
            sb.append(String.format(
                    Locale.ROOT, " (k = %s, min-dist %s)", params.get("neighbors"), params.get("minDist")));
        } else if ("tsne".equals(method)) {
            sb.append(String.format(Locale.ROOT, " (perplexity %s)", params.get("perplexity")));
        }
        sb.append(", ");
        if (sampled()) {
            sb.append("sampled ").append(group(xy.length)).append(" of ").append(group(sampledFrom));
        } else {
            sb.append(group(xy.length)).append(" points");
        }
        return sb.toString();
    }

    static String group(long n) {
        return String.format(Locale.ROOT, "%,d", n).replace(',', '\u2009');
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns a dataset spec (a path, {@code samples}, or a dataset name) into a folder. */
final class Locator {
    static final String ACCEPTED = "a folder with IDX files (train-images-idx3-ubyte[.gz], ...), CIFAR binaries "
            + "(data_batch_N.bin/test_batch.bin, train.bin/test.bin) or class sub-folders; 'samples' (the bundled "
            + "Fashion-MNIST subset); 'fashion-mnist', 'mnist', 'cifar10' or 'cifar100' (an installed copy)";
    /** Debian's {@code dataset-*} packages install here. */
    private static final Path SYSTEM_DATASETS = Path.of("/usr/share/datasets");

    private Locator() {}

    static Path resolve(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new DataException("no dataset given: expected " + ACCEPTED);
        }
        String key = spec.strip().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        switch (key) {
            case "samples", "sample" -> {
                return samples();
            }
            case "fashionmnist" -> {
                return installed(
                        spec,
                        "fashion-mnist",
                        List.of("fashion-mnist"),
                        "install it with 'apt-get install dataset-fashion-mnist' (Debian/Ubuntu), or put the four "
                                + "IDX files in ~/.instanas/datasets/fashion-mnist");
            }
            case "mnist" -> {
                return installed(
                        spec, "mnist", List.of("mnist"), "put the four IDX files in ~/.instanas/datasets/mnist");
            }
            case "cifar10" -> {
                return installed(
                        spec,
                        "cifar10",
                        List.of("cifar10", "cifar-10-batches-bin"),
                        "put the CIFAR-10 binary version (cifar-10-batches-bin) in ~/.instanas/datasets/cifar10");
            }
            case "cifar100" -> {
                return installed(
                        spec,
                        "cifar100",
                        List.of("cifar100", "cifar-100-binary"),
                        "put the CIFAR-100 binary version (cifar-100-binary) in ~/.instanas/datasets/cifar100");
            }
            default -> {
                return path(spec);
            }
        }
    }

    private static Path path(String spec) {
        String s = spec.strip();
        if (s.equals("~") || s.startsWith("~/")) {
            s = System.getProperty("user.home") + s.substring(1);
        }
        Path p;
        try {
            p = Path.of(s);
        } catch (InvalidPathException e) {
            throw new DataException("unknown dataset '" + spec + "': expected " + ACCEPTED);
        }
        if (Files.isDirectory(p)) {
            return p;
        }
        if (Files.exists(p)) {
            throw new DataException(
                    p + ": is a file; give the folder that holds the dataset (" + "expected " + ACCEPTED + ")");
        }
        throw new DataException("unknown dataset '" + spec + "': no such folder; expected " + ACCEPTED);
    }

    /** The bundled sample: -Dinstanas.samples, then ./samples, then next to the running jar. */
    static Path samples() {
        String prop = System.getProperty("instanas.samples");
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop);
            for (Path c : List.of(p.resolve("fashion-mnist"), p)) {
                if (IdxReader.find(c) != null) {
                    return c;
                }
            }
            throw new DataException(p + ": no Fashion-MNIST sample there (set by -Dinstanas.samples)");
        }
        List<Path> tried = new ArrayList<>();
        tried.add(Path.of("samples", "fashion-mnist"));
        Path home = codeHome();
        if (home != null) {
            tried.add(home.resolve("../samples/fashion-mnist").normalize());
            tried.add(home.resolve("samples/fashion-mnist").normalize());
        }
        for (Path c : tried) {
            if (Files.isDirectory(c)) {
                return c;
            }
        }
        throw new DataException("samples: the bundled sample was not found (looked in "
                + String.join(", ", tried.stream().map(Path::toString).toList())
                + "); run from the installation folder or set -Dinstanas.samples=DIR");
    }

    /** The folder holding the running jar (or the classes folder when run from a build). */
    private static Path codeHome() {
        try {
            CodeSource cs = Locator.class.getProtectionDomain().getCodeSource();
            if (cs == null || cs.getLocation() == null) {
                return null;
            }
            Path p = Path.of(cs.getLocation().toURI());
            return Files.isRegularFile(p) ? p.getParent() : p;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static Path installed(String spec, String name, List<String> folders, String hint) {
        List<Path> roots = new ArrayList<>();
        String prop = System.getProperty("instanas.datasets");
        if (prop != null && !prop.isBlank()) {
            roots.add(Path.of(prop));
        }
        roots.add(SYSTEM_DATASETS);
        roots.add(Path.of(System.getProperty("user.home"), ".instanas", "datasets"));
        List<String> tried = new ArrayList<>();
        for (Path r : roots) {
            for (String f : folders) {
                Path c = r.resolve(f);
                tried.add(c.toString());
                if (Files.isDirectory(c)) {
                    return c;
                }
            }
        }
        throw new DataException(
                spec + ": " + name + " is not installed (looked in " + String.join(", ", tried) + "); " + hint);
    }
}

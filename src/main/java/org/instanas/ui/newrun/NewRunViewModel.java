// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.newrun;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.instanas.app.AppPaths;
import org.instanas.app.ConfigCheck;
import org.instanas.app.DemoConfig;
import org.instanas.run.RunConfig;

/**
 * The new-run form over {@link RunConfig}: every field as text, validated on each edit with the
 * config's own {@link RunConfig#problems()} (plus number parsing, the dataset and the run folder);
 * each problem is shown next to its field and Start is disabled while any remains.
 */
public final class NewRunViewModel {
    public static final List<String> PRESETS = List.of("tiny", "c10", "c100", "tiny-imagenet", "imagenet");
    public static final List<String> DEVICES = List.of("auto", "cpu", "gpu");
    /** The executions of the training passes (see {@link RunConfig#execution}). */
    public static final List<String> EXECUTIONS = List.of("masked", "gathered");
    /** How the reward window's UB moves (see {@link RunConfig#windowSchedule}). */
    public static final List<String> WINDOW_SCHEDULES = List.of("follow", "step", "epoch");

    // Properties
    private final StringProperty runDir = new SimpleStringProperty("");
    private final StringProperty preset = new SimpleStringProperty("tiny");
    private final StringProperty device = new SimpleStringProperty("auto");
    private final StringProperty execution = new SimpleStringProperty(new RunConfig().execution);
    private final StringProperty windowSchedule = new SimpleStringProperty("follow");
    private final BooleanProperty staticWindow = new SimpleBooleanProperty(false);
    private final BooleanProperty batchIter = new SimpleBooleanProperty(false);
    private final Map<String, FormField> fields = new LinkedHashMap<>();
    private final ReadOnlyStringWrapper runDirError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper runDirHint = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<String> problems = FXCollections.observableArrayList();

    public NewRunViewModel() {
        RunConfig d = new RunConfig();
        add(
                "data",
                "Dataset",
                "a folder, 'samples' (bundled Fashion-MNIST subset) or a dataset name",
                d.data,
                (c, t) -> c.data = t);
        add(
                "pretrain-epochs",
                "Pretrain epochs",
                "one-shot meta-graph training",
                str(d.pretrainEpochs),
                (c, t) -> c.pretrainEpochs = Integer.parseInt(t));
        add(
                "search-epochs",
                "Search epochs",
                "controller + meta-graph; one checkpoint per epoch",
                str(d.searchEpochs),
                (c, t) -> c.searchEpochs = Integer.parseInt(t));
        add(
                "finetune-epochs",
                "Finetune epochs",
                "meta-graph on the frozen controller's policies",
                str(d.finetuneEpochs),
                (c, t) -> c.finetuneEpochs = Integer.parseInt(t));
        add(
                "fixed-arch",
                "Fixed architecture",
                "empty = one-shot search; 'mbv2' = the MobileNetV2 baseline trained alone",
                d.fixedArch,
                (c, t) -> c.fixedArch = t);
        add(
                "max-steps",
                "Max steps / stage",
                "0 = no limit",
                str(d.maxSteps),
                (c, t) -> c.maxSteps = Long.parseLong(t));
        add("batch-size", "Batch size", null, str(d.batchSize), (c, t) -> c.batchSize = Integer.parseInt(t));
        add("seed", "Seed", null, str(d.seed), (c, t) -> c.seed = Long.parseLong(t));
        add(
                "threads",
                "Threads",
                "libtorch intra-op threads; 0 = default",
                str(d.threads),
                (c, t) -> c.threads = Integer.parseInt(t));
        add("lr", "Controller lr", "Adam", str(d.lr), (c, t) -> c.lr = Double.parseDouble(t));
        add(
                "net-lr",
                "Meta-graph lr",
                "SGD during search; 0 = same as lr",
                str(d.netLr),
                (c, t) -> c.netLr = Double.parseDouble(t));
        add("pos-w", "pos_w", "reward multiplier when correct", str(d.posW), (c, t) -> c.posW = Double.parseDouble(t));
        add("neg-w", "neg_w", "reward when wrong", str(d.negW), (c, t) -> c.negW = Double.parseDouble(t));
        add("alpha", "alpha", "probability bounding, 0.5 – 1", str(d.alpha), (c, t) -> c.alpha = Double.parseDouble(t));
        add("beta", "beta", "entropy weight", str(d.beta), (c, t) -> c.beta = Double.parseDouble(t));
        add(
                "ub-start-fraction",
                "UB start",
                "latency window's UB at the start, fraction of the slowest architecture",
                str(d.ubStartFraction),
                (c, t) -> c.ubStartFraction = Double.parseDouble(t));
        add(
                "ub-end-fraction",
                "UB end",
                "the UB reached at the end of the search, fraction of the MobileNetV2 path",
                str(d.ubEndFraction),
                (c, t) -> c.ubEndFraction = Double.parseDouble(t));
        add(
                "lb-fraction",
                "LB",
                "fraction of the MobileNetV2 path; 0 = the cheapest network",
                str(d.lbFraction),
                (c, t) -> c.lbFraction = Double.parseDouble(t));
        runDir.addListener(o -> validate());
        preset.addListener(o -> validate());
        device.addListener(o -> validate());
        execution.addListener(o -> validate());
        windowSchedule.addListener(o -> validate());
        staticWindow.addListener(o -> validate());
        batchIter.addListener(o -> validate());
        validate();
    }

    private static String str(Object v) {
        if (v instanceof Double d && Double.isFinite(d)) {
            return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(v);
    }

    private void add(String name, String label, String help, String initial, FormField.Apply apply) {
        FormField f = new FormField(name, label, help, initial, apply);
        f.textProperty().addListener(o -> validate());
        fields.put(name, f);
    }

    // Properties

    public StringProperty runDirProperty() {
        return runDir;
    }

    public StringProperty presetProperty() {
        return preset;
    }

    public StringProperty deviceProperty() {
        return device;
    }

    /** How training passes run: masked (as the original) or gathered. */
    public StringProperty executionProperty() {
        return execution;
    }

    public StringProperty windowScheduleProperty() {
        return windowSchedule;
    }

    public BooleanProperty staticWindowProperty() {
        return staticWindow;
    }

    public BooleanProperty batchIterProperty() {
        return batchIter;
    }

    public FormField field(String name) {
        FormField f = fields.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no field " + name);
        }
        return f;
    }

    public List<FormField> fields() {
        return List.copyOf(fields.values());
    }

    public ReadOnlyStringProperty runDirErrorProperty() {
        return runDirError.getReadOnlyProperty();
    }

    /** A note on the run folder that is not an error (e.g. that it already holds a run). */
    public ReadOnlyStringProperty runDirHintProperty() {
        return runDirHint.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty validProperty() {
        return valid.getReadOnlyProperty();
    }

    public boolean isValid() {
        return valid.get();
    }

    /** Every problem, each naming its setting. */
    public ObservableList<String> problems() {
        return problems;
    }

    // Commands

    /** The bundled sample project: the demo's settings (preset tiny, the sample data), a fresh folder under the runs folder. */
    public void loadSampleProject() {
        Path dir = AppPaths.newRunDir("sample");
        RunConfig d = new RunConfig();
        d.data = "samples";
        load(DemoConfig.apply(d, dir), dir); // the same sizes as the CLI's demo
    }

    /** Fills the form from a config (e.g. to start a new run like an opened one). */
    public void load(RunConfig c, Path dir) {
        preset.set(c.preset);
        device.set(c.device);
        execution.set(c.execution);
        windowSchedule.set(c.windowSchedule);
        staticWindow.set(c.staticWindow);
        batchIter.set(c.batchIter);
        RunConfig probe = c.copy();
        Map<String, Object> m = probe.toMap();
        for (FormField f : fields.values()) {
            Object v = m.get(camel(f.name()));
            if (v != null) {
                f.textProperty().set(str(v));
            }
        }
        runDir.set(dir == null ? "" : dir.toString());
        validate();
    }

    /** The config the form describes; call only when {@link #isValid()}. */
    public RunConfig config() {
        RunConfig c = new RunConfig();
        applyChoices(c);
        for (FormField f : fields.values()) {
            f.applyTo(c);
        }
        return c;
    }

    /** The settings chosen with combo boxes and check boxes (the text fields apply themselves). */
    private void applyChoices(RunConfig c) {
        c.preset = preset.get();
        c.device = device.get();
        c.execution = execution.get();
        c.windowSchedule = windowSchedule.get();
        c.staticWindow = staticWindow.get();
        c.batchIter = batchIter.get();
    }

    public Path runDirPath() {
        return Path.of(runDir.get().trim());
    }

    /** Re-checks every field; called on each edit. */
    public void validate() {
        RunConfig c = new RunConfig();
        applyChoices(c);
        List<String> all = new ArrayList<>();
        Map<String, String> byField = new LinkedHashMap<>();
        for (FormField f : fields.values()) {
            String p = f.applyTo(c);
            if (p != null) {
                byField.put(f.name(), p);
            }
        }
        for (String p : c.problems()) {
            int colon = p.indexOf(':');
            String name = colon > 0 ? p.substring(0, colon).trim() : "";
            if (name.startsWith("pos-w")) {
                name = "pos-w";
            }
            String msg = colon > 0 ? p.substring(colon + 1).trim() : p;
            if (fields.containsKey(name)) {
                byField.putIfAbsent(name, msg);
            } else {
                all.add(p);
            }
        }
        if (!byField.containsKey("data")) {
            String dp = ConfigCheck.dataProblem(c.data);
            if (dp != null) {
                int cut = dp.indexOf(": expected");
                byField.put("data", cut > 0 ? dp.substring(0, cut) : dp);
            }
        }
        for (FormField f : fields.values()) {
            String e = byField.get(f.name());
            f.setError(e);
            if (e != null) {
                all.add(f.label() + ": " + e);
            }
        }
        String rd = ConfigCheck.runDirProblem(runDir.get());
        runDirError.set(rd == null ? "" : rd);
        runDirHint.set(
                rd == null && ConfigCheck.isExistingRun(runDir.get())
                        ? "holds a run already: stages continue in it"
                        : "");
        if (rd != null) {
            all.add("Run folder: " + rd);
        }
        problems.setAll(all);
        valid.set(all.isEmpty());
    }

    private static String camel(String cli) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char ch : cli.toCharArray()) {
            if (ch == '-') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return sb.toString();
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.routing;

import java.util.List;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.util.Duration;
import org.instanas.run.RoutingRow;
import org.instanas.ui.common.FxThread;
import org.instanas.ui.difficulty.DifficultyView;
import org.instanas.ui.difficulty.DifficultyViewModel;
import org.instanas.ui.difficulty.ImageRow;
import org.instanas.ui.gallery.GalleryView;
import org.instanas.ui.gallery.GalleryViewModel;
import org.instanas.ui.projection.ProjectionView;
import org.instanas.ui.projection.ProjectionViewModel;
import org.instanas.ui.variants.VariantsView;
import org.instanas.ui.variants.VariantsViewModel;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The panes that explain the routing of an evaluated run: per-image difficulty, the slow/fast
 * gallery, the architecture map (UMAP / t-SNE) and the variants. They read the run when one of them
 * is shown, and again every few seconds while one is shown (only changes reach the panes).
 */
public final class RoutingPanes {
    /** How often the open run is read again while a routing tab is shown. */
    public static final Duration POLL = Duration.seconds(3);

    private static final String MODEL = "instanas.routing.model";

    private RoutingPanes() {}

    /** Four tabs: Difficulty, Slow / fast, Architecture map, Variants (not closable). */
    public static List<Tab> create(RoutingContext ctx) {
        RunModel model = new RunModel(ctx, FxThread::execute);
        DifficultyViewModel difficulty = new DifficultyViewModel(ctx.background(), FxThread::execute);
        GalleryViewModel gallery = new GalleryViewModel(ctx.background(), FxThread::execute);
        ProjectionViewModel map = new ProjectionViewModel(ctx.background(), FxThread::execute);
        VariantsViewModel variants = new VariantsViewModel(ctx.background(), ctx.startStage());
        model.addListener(difficulty::update);
        model.addListener(gallery::update);
        model.addListener(map::update);
        model.addListener(variants::update);
        DifficultyView difficultyView = new DifficultyView(difficulty);
        difficultyView.detail().whatIf().setTrials(ctx.trials(), r -> {
            List<RoutingRow> listed =
                    difficulty.rows().stream().map(ImageRow::row).toList();
            return new WhatIfPanel.Group("the " + listed.size() + " images listed", listed);
        });
        GalleryView galleryView = new GalleryView(gallery);
        galleryView.detail().whatIf().setTrials(ctx.trials(), r -> {
            Evaluation ev = gallery.evaluation();
            if (ev == null) {
                return null;
            }
            List<RoutingRow> same =
                    ev.rows().stream().filter(o -> o.label() == r.label()).toList();
            return new WhatIfPanel.Group(
                    "the " + same.size() + " test images of class " + ev.run().className(r.label()), same);
        });
        List<Tab> tabs = List.of(
                tab("Difficulty", Material2MZ.SPEED, difficultyView, model),
                tab("Slow / fast", Material2MZ.PHOTO_LIBRARY, galleryView, model),
                tab("Architecture map", Material2AL.BUBBLE_CHART, new ProjectionView(map), model),
                tab("Variants", Material2MZ.SCATTER_PLOT, new VariantsView(variants), model));
        Timeline poll = new Timeline(new KeyFrame(POLL, e -> model.refresh()));
        poll.setCycleCount(Timeline.INDEFINITE);
        for (Tab t : tabs) {
            t.selectedProperty().addListener((obs, old, now) -> {
                boolean shown = tabs.stream().anyMatch(Tab::isSelected);
                if (shown) {
                    model.refresh();
                    poll.play();
                } else {
                    poll.stop();
                }
            });
            t.tabPaneProperty().addListener((obs, old, now) -> {
                if (now == null) {
                    poll.stop();
                }
            });
            if (t.isSelected()) {
                model.refresh();
                poll.play();
            }
        }
        return tabs;
    }

    /** Reads the run again now (e.g. after the main window opened another run); any of the tabs will do. */
    public static void refresh(Tab anyRoutingTab) {
        Object m = anyRoutingTab.getProperties().get(MODEL);
        if (m instanceof RunModel model) {
            model.refresh();
        }
    }

    private static Tab tab(String title, Ikon icon, Node content, RunModel model) {
        Tab t = new Tab(title, content);
        t.setGraphic(new FontIcon(icon));
        t.setClosable(false);
        t.getProperties().put(MODEL, model);
        return t;
    }
}

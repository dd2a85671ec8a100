// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

/** The stages of an InstaNAS run, in pipeline order. */
public enum Stage {
    PRETRAIN(Ids.PRETRAIN),
    PROFILE(Ids.PROFILE),
    SEARCH(Ids.SEARCH),
    FINETUNE(Ids.FINETUNE),
    EVALUATE(Ids.EVALUATE);

    /**
     * The stage ids as compile-time constants, for annotations (the CLI's command names); everywhere
     * else use {@link #id()}.
     */
    public static final class Ids {
        public static final String PRETRAIN = "pretrain";
        public static final String PROFILE = "profile";
        public static final String SEARCH = "search";
        public static final String FINETUNE = "finetune";
        public static final String EVALUATE = "evaluate";

        private Ids() {}
    }

    private final String id;

    Stage(String id) {
        this.id = id;
    }

    /** The stage's name in run files (metrics.jsonl, stages.jsonl, checkpoint names) and on the command line. */
    public String id() {
        return id;
    }

    public static Stage of(String id) {
        for (Stage s : values()) {
            if (s.id().equalsIgnoreCase(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stage: " + id);
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SGD (momentum, Nesterov, weight decay) and Adam with PyTorch's semantics, updating parameters in
 * place. Only the parameters that took part in the step are updated (PyTorch skips parameters whose
 * gradient is None); their gradients are zeroed afterwards. State lives on the parameters' manager.
 */
public abstract class Optim {
    protected final Map<NDArray, NDArray[]> state = new IdentityHashMap<>();
    protected final NDManager stateManager;
    protected double lr;
    protected long steps;

    protected Optim(NDManager stateManager, double lr) {
        this.stateManager = stateManager;
        this.lr = lr;
    }

    public void setLr(double lr) {
        this.lr = lr;
    }

    public double lr() {
        return lr;
    }

    public long steps() {
        return steps;
    }

    /** Applies one update to {@code params} with temporaries on {@code tmp}, then zeroes their gradients. */
    public void step(List<NDArray> params, NDManager tmp) {
        steps++;
        for (NDArray p : params) {
            NDArray g = p.getGradient();
            g.attach(tmp);
            update(p, g, tmp);
            JniUtils.zeroGrad((PtNDArray) p);
        }
    }

    protected abstract void update(NDArray p, NDArray g, NDManager tmp);

    protected NDArray[] state(NDArray p, int n) {
        return state.computeIfAbsent(p, k -> new NDArray[n]);
    }

    protected NDArray keep(NDArray a) {
        a.attach(stateManager);
        return a;
    }

    /** Tensors of the optimizer state by parameter name, for checkpoints. */
    public Map<String, NDArray> stateTensors(Map<String, NDArray> paramsByName) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : paramsByName.entrySet()) {
            NDArray[] s = state.get(e.getValue());
            if (s == null) {
                continue;
            }
            for (int i = 0; i < s.length; i++) {
                if (s[i] != null) {
                    out.put(e.getKey() + "#" + i, s[i]);
                }
            }
        }
        return out;
    }

    /** Restores state saved by {@link #stateTensors}. */
    public void restore(
            Map<String, float[]> values, Map<String, long[]> shapes, Map<String, NDArray> paramsByName, int slots) {
        state.clear();
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            String k = e.getKey();
            int hash = k.lastIndexOf('#');
            if (hash < 0) {
                continue;
            }
            NDArray p = paramsByName.get(k.substring(0, hash));
            if (p == null) {
                continue;
            }
            int i = Integer.parseInt(k.substring(hash + 1));
            NDArray[] s = state(p, slots);
            s[i] = stateManager.create(e.getValue(), new Shape(shapes.get(k)));
        }
    }

    public void setSteps(long steps) {
        this.steps = steps;
    }

    /** SGD as in torch.optim.SGD (dampening 0). */
    public static final class Sgd extends Optim {
        private final double momentum;
        private final boolean nesterov;
        private final double wd;

        public Sgd(NDManager m, double lr, double momentum, boolean nesterov, double wd) {
            super(m, lr);
            this.momentum = momentum;
            this.nesterov = nesterov;
            this.wd = wd;
        }

        @Override
        protected void update(NDArray p, NDArray g, NDManager tmp) {
            NDArray d = g;
            if (wd > 0) {
                d = g.add(tmpOf(p.mul((float) wd), tmp));
            }
            if (momentum > 0) {
                NDArray[] s = state(p, 1);
                if (s[0] == null) {
                    s[0] = keep(d.duplicate());
                } else {
                    s[0].muli((float) momentum).addi(d);
                }
                d = nesterov ? d.add(tmpOf(s[0].mul((float) momentum), tmp)) : s[0];
            }
            p.subi(tmpOf(d.mul((float) lr), tmp));
        }
    }

    /** Adam as in torch.optim.Adam (L2 weight decay added to the gradient). */
    public static final class Adam extends Optim {
        private final double b1 = 0.9;
        private final double b2 = 0.999;
        private final double eps = 1e-8;
        private final double wd;

        public Adam(NDManager m, double lr, double wd) {
            super(m, lr);
            this.wd = wd;
        }

        @Override
        protected void update(NDArray p, NDArray g, NDManager tmp) {
            NDArray d = wd > 0 ? g.add(tmpOf(p.mul((float) wd), tmp)) : g;
            NDArray[] s = state(p, 2);
            if (s[0] == null) {
                s[0] = keep(tmp.zeros(p.getShape(), p.getDataType()));
                s[1] = keep(tmp.zeros(p.getShape(), p.getDataType()));
            }
            s[0].muli((float) b1).addi(d.mul((float) (1 - b1)));
            s[1].muli((float) b2).addi(d.square().muli((float) (1 - b2)));
            double bc1 = 1 - Math.pow(b1, steps);
            double bc2 = 1 - Math.pow(b2, steps);
            NDArray denom = tmpOf(s[1].div((float) bc2), tmp).sqrt().addi((float) eps);
            NDArray upd = tmpOf(s[0].mul((float) (lr / bc1)), tmp).divi(denom);
            p.subi(upd);
        }
    }

    static NDArray tmpOf(NDArray a, NDManager tmp) {
        a.attach(tmp);
        return a;
    }
}

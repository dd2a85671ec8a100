// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

/** A unit of background work; it reports through its context and checks its cancel token between steps. */
@FunctionalInterface
public interface Job<T> {
    T run(JobContext context) throws Exception;
}

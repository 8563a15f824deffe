/**
 * Simulated time masters: one per region, polled by every node's time daemon. ε restarts at the
 * master's uncertainty on each poll and grows at the assumed worst-case drift until the next one.
 * The honest-interval guarantee needs every node's actual drift within the assumed drift.
 */
package io.meridian.truetime.master;

/**
 * TrueTime: an interval clock whose interval contains true time, and the timestamps commits take
 * from it.
 *
 * <p>Protocol invariants (what {@code txn} and {@code paxos} build on):
 * <ol>
 *   <li>Containment: while a source's bound is honest, {@code now().earliest <= true time <=
 *       now().latest}.</li>
 *   <li>Issuing: {@code nextTimestamp() >= now().latest} at the moment of the call, strictly greater
 *       than every timestamp the same instance issued or observed before.</li>
 *   <li>Commit wait: a commit at s is made visible only once {@code after(s)}, that is once
 *       {@code now().earliest > s}; by (1) true time has then passed s.</li>
 *   <li>External consistency follows: if commit B starts after commit A's wait finished, then
 *       {@code s_B >= latest at B's start >= true time at B's start > s_A}.</li>
 * </ol>
 * Sources: {@link io.meridian.truetime.master.TimeMasterTrueTime} (simulated per-region time
 * masters, Spanner's sawtooth ε) and {@link io.meridian.truetime.HlcTrueTime} (a hybrid logical
 * clock over the system clock with a configured maxOffset).
 */
package io.meridian.truetime;

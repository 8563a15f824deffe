/**
 * One node's durable state on RocksDB: MVCC versions, the Paxos log and hard state, snapshots.
 *
 * <p>Invariants every change here must keep:
 * <ul>
 *   <li>{@link io.meridian.storage.PaxosLogStore#persist} returns only after a synced write holds
 *       its entries and hard state: a replica acknowledges nothing that a crash can take back.</li>
 *   <li>A read at ts returns, per key, the newest version at or below ts unless it is a
 *       tombstone, for every ts at or after the last GC's pruneBefore. GC removes a hiding
 *       tombstone only after the versions it hides.</li>
 *   <li>Version keys are escape(userKey) 00 01 ~ts: prefix-free, user-key ordered, newest first.
 *       Changing the layout changes the format marker.</li>
 *   <li>Storage opens only what it created; anything else is refused and left untouched.</li>
 * </ul>
 * See storage/README.md for the layout, the options and the threading model.
 */
package io.meridian.storage;

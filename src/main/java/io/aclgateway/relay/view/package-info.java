/**
 * Which rooms have events on their way to legacy on any replica, when Kafka is configured
 * (docs/design/relay-state.md 7.2 and 8): every replica's ledger publishes a fact when a
 * room turns pending and when it turns idle again, and every replica tails those facts
 * into a shared view that shadow reads ask, beside its own exact ledger.
 */
@NullMarked
package io.aclgateway.relay.view;

import org.jspecify.annotations.NullMarked;

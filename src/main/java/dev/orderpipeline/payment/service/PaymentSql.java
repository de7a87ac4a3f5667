package dev.orderpipeline.payment.service;

/**
 * The simulated provider's statement on its ledger ({@code simulated_provider_charge}), run in plain JDBC on its own
 * transaction's connection (platform/Jdbc): every charge of the payment consumer runs it, and as a Hibernate native
 * query the layer around the statement (query creation, parameter binding, executeUpdate's flush checks) cost several
 * times the statement itself on the consumers' hot path, measured with async-profiler at 50 orders/s.
 */
final class PaymentSql {

    /**
     * Records a charge once per idempotency key and returns the stored charge's status and reference, in one round
     * trip: the new row's, or on a conflict the earlier row's (the no-op update leaves its values as they are, and
     * unlike {@code do nothing} it makes {@code returning} return the conflicting row). Parameters: idempotency key,
     * amount, status, reference, created at.
     */
    static final String CHARGE = """
            insert into simulated_provider_charge (idempotency_key, amount, status, reference, created_at)
            values (?, ?, ?, ?, ?)
            on conflict (idempotency_key) do update set idempotency_key = excluded.idempotency_key
            returning status, reference""";

    private PaymentSql() {
    }
}

package dev.orderpipeline.checkout;

/** Where an order stands. Statuses only move forward: a late or duplicate event never takes an order back. */
public enum OrderStatus {
    PLACED(0),
    STOCK_RESERVED(1),
    CONFIRMED(2),
    REJECTED(2),
    PAYMENT_FAILED(2);

    private final int rank;

    OrderStatus(int rank) {
        this.rank = rank;
    }

    public boolean isFinal() {
        return rank == 2;
    }

    public boolean canMoveTo(OrderStatus next) {
        return next.rank > rank;
    }
}

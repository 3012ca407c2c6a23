package tickets.payments.projections;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

/** Read model of a payment: no payment method, no provider secret. */
@Entity
@Table(name = "payment_view")
public class PaymentView extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "purchase_id")
    public UUID purchaseId;
    @Column(name = "user_id")
    public UUID userId;
    public String status;
    @Column(name = "amount_minor")
    public long amountMinor;
    public String currency;
    @Column(name = "provider_reference")
    public String providerReference;
    @Column(name = "failure_reason")
    public String failureReason;
    @Column(name = "settled_by")
    public String settledBy;
    @Column(name = "refunded_minor")
    public long refundedMinor;
    public long version;
}
